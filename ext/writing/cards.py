"""Turn post records into the plain dicts that templates render (templates escape)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.osutil import relative_uri

from writing.dates import format_display_date, iso_date
from writing.readingtime import reading_minutes
from writing.readingtime_ext import rates

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.records import PostRecord


def minutes(app: Sphinx, record: PostRecord) -> int:
    return _static_part(app, record)[0]["minutes"]


def section_of(app: Sphinx, record: PostRecord):
    for section in app.writing_sections:
        if section.slug == record.section:
            return section
    return None


def card(app: Sphinx, record: PostRecord, from_doc: str) -> dict:
    """A post as a card, with links relative to the page ``from_doc``.

    Templates only read cards, so pages in one directory share them.
    """
    memo = getattr(app, _MEMO, None) or _memo(app)
    base, directory = memo["pages"].get(from_doc) or _page(memo, app, from_doc)
    hit = memo["cards"].get((directory, record.docname))
    if hit is not None and hit[0] is record and hit[2] != base:
        return hit[1]
    static, section_doc = _static_part(app, record)
    target = _target_uri(memo, app, record.docname)
    made = {**static, "href": relative_path(app, from_doc, target),
            "section_href": relative_href(app, from_doc, section_doc) if section_doc else ""}
    if target != base:  # a page's link to itself is "", not the file name
        memo["cards"][directory, record.docname] = (record, made, target)
    return made


# A build shows each post on many pages (at 500 posts, ~8000 cards in a clean build):
# what a card shows is worked out once per record object and page directory. Records
# are replaced, never changed, when a post is read.
_MEMO = "_writing_card_memo"


def _memo(app: Sphinx) -> dict:
    memo = getattr(app, _MEMO, None)
    if memo is None:
        memo = {"static": {}, "uris": {}, "pages": {}, "cards": {}, "hrefs": {},
                "rates": rates(app.config)}
        setattr(app, _MEMO, memo)
    return memo


def _static_part(app: Sphinx, record: PostRecord) -> tuple[dict, str]:
    """What a card shows of a post wherever it is (read-only), and its section's page."""
    statics = _memo(app)["static"]
    hit = statics.get(record.docname)
    if hit is not None and hit[0] is record:
        return hit[1], hit[2]
    section = section_of(app, record)
    static = {
        "docname": record.docname,
        "title": record.title,
        "summary": record.summary,
        "date": format_display_date(record.date) if record.date else "Undated",
        "iso": iso_date(record.date) if record.date else "",
        "updated": format_display_date(record.updated) if record.updated else "",
        "updated_iso": iso_date(record.updated) if record.updated else "",
        "minutes": reading_minutes(record.counts, _memo(app)["rates"]),
        "draft": record.draft,
        "section": section.name if section else "",
        "tags": list(record.tags),
    }
    section_doc = section.docname if section else ""
    statics[record.docname] = (record, static, section_doc)
    return static, section_doc


def _target_uri(memo: dict, app: Sphinx, docname: str) -> str:
    uris = memo["uris"]
    uri = uris.get(docname)
    if uri is None:
        uri = uris[docname] = app.builder.get_target_uri(docname)
    return uri


def relative_href(app: Sphinx, from_doc: str, to_doc: str) -> str:
    """``builder.get_relative_uri``, worked out once per page directory and target."""
    memo = _memo(app)
    return relative_path(app, from_doc, _target_uri(memo, app, to_doc))


def relative_path(app: Sphinx, from_doc: str, target: str) -> str:
    """``relative_uri`` from the page ``from_doc`` to the output path ``target``."""
    memo = getattr(app, _MEMO, None) or _memo(app)
    base, directory = memo["pages"].get(from_doc) or _page(memo, app, from_doc)
    if target == base:
        return ""  # what relative_uri gives for a page's link to itself
    href = memo["hrefs"].get((directory, target))
    if href is None:
        href = memo["hrefs"][directory, target] = relative_uri(base, target)
    return href


def _page(memo: dict, app: Sphinx, docname: str) -> tuple[str, str]:
    """A page's own output path, and its directory."""
    base = _target_uri(memo, app, docname)
    found = memo["pages"][docname] = (base, base.rpartition("/")[0])
    return found


def forget(app: Sphinx, *args) -> None:
    """``builder-inited``: a new build starts from its own configuration."""
    setattr(app, _MEMO, None)

