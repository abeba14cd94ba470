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
    return _static_part(app, record)["minutes"]


def section_of(app: Sphinx, record: PostRecord):
    for section in app.writing_sections:
        if section.slug == record.section:
            return section
    return None


def card(app: Sphinx, record: PostRecord, from_doc: str) -> dict:
    """A post as a card, with links relative to the page ``from_doc``."""
    static = _static_part(app, record)
    base = _target_uri(app, from_doc)
    return static | {
        "href": _relative(app, base, record.docname),
        "section_href": _relative(app, base, static["section_doc"]) if static["section_doc"]
        else "",
    }


# A build shows each post on many pages (at 500 posts, ~8000 cards in a clean build):
# what a card shows of a post is worked out once per record object, and link targets
# once per page directory. Records are replaced, never changed, when a post is read.
_MEMO = "_writing_card_memo"


def _memo(app: Sphinx) -> dict:
    memo = getattr(app, _MEMO, None)
    if memo is None:
        memo = {"static": {}, "uris": {}, "relative": {}, "rates": rates(app.config)}
        setattr(app, _MEMO, memo)
    return memo


def _static_part(app: Sphinx, record: PostRecord) -> dict:
    statics = _memo(app)["static"]
    hit = statics.get(record.docname)
    if hit is not None and hit[0] is record:
        return hit[1]
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
        "section_doc": section.docname if section else "",
        "tags": list(record.tags),
    }
    statics[record.docname] = (record, static)
    return static


def _target_uri(app: Sphinx, docname: str) -> str:
    uris = _memo(app)["uris"]
    uri = uris.get(docname)
    if uri is None:
        uri = uris[docname] = app.builder.get_target_uri(docname)
    return uri


def _relative(app: Sphinx, base: str, docname: str) -> str:
    """``builder.get_relative_uri``, shared by the pages of one directory."""
    target = _target_uri(app, docname)
    if target == base:
        return relative_uri(base, target)
    key = (base.rpartition("/")[0], target)
    cache = _memo(app)["relative"]
    href = cache.get(key)
    if href is None:
        href = cache[key] = relative_uri(base, target)
    return href


def forget(app: Sphinx, *args) -> None:
    """``builder-inited``: a new build starts from its own configuration."""
    setattr(app, _MEMO, None)


def public_records(app: Sphinx) -> list[PostRecord]:
    """Posts a reader may see in this build (drafts only with ``writing_show_drafts``)."""
    from writing.relations import visible

    return visible(app.env.writing_posts.values(), app.config.writing_show_drafts)
