"""A post as the templates show it: a plain dict of text and links (templates escape)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ablog.blog import slugify

from writing.config import ablog_names, tag_labels
from writing.index import post_index
from writing.index.state import state
from writing.read.dates import format_display_date, iso_date
from writing.read.readingtime import Rates, TextCounts, reading_minutes
from writing.render.links import links
from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.index.records import PostRecord


def rates(config) -> Rates:
    """The reading speeds configured in ``conf.py``."""
    return Rates(prose_wpm=config.writing_words_per_minute,
                 code_wpm=config.writing_code_words_per_minute,
                 cjk_cpm=config.writing_cjk_chars_per_minute,
                 image_seconds=config.writing_image_seconds)


def minutes(app: Sphinx, docname: str) -> int:
    counts = state(app.env).counts.get(docname, TextCounts())
    return reading_minutes(counts, runtime(app).once("rates", lambda: rates(app.config)))


@lru_cache(maxsize=4096)
def tag_page(blog_path: str, tag: str) -> str:
    """ABlog's document name for a tag's page."""
    return f"{blog_path}/tag/{slugify(tag)}"


def author_names(app: Sphinx, record: PostRecord) -> list[str]:
    """The post's authors by name (``blog_authors``), else the site's ``author``."""
    known = ablog_names(app.config.blog_authors)
    names = [known[k][0] if k in known else k for k in record.authors]
    return names or ([app.config.author] if app.config.author else [])


def _static(app: Sphinx, record: PostRecord) -> dict:
    """What a card shows of a post wherever it appears."""
    index = post_index(app)
    shown = index.shown[record.docname]
    fmt = app.config.post_date_format
    labels = runtime(app).once("tag_labels", lambda: tag_labels(app.config))
    return {
        "docname": record.docname,
        "title": record.title,
        "summary": record.summary,
        "date": format_display_date(record.date, fmt) if record.date else "Undated",
        "iso": iso_date(record.date) if record.date else "",
        "updated": format_display_date(record.updated, fmt) if record.updated else "",
        "updated_iso": iso_date(record.updated) if record.updated else "",
        "minutes": minutes(app, record.docname),
        "draft": shown.draft,
        "section": shown.section.name if shown.section else "",
        "section_doc": shown.section.docname if shown.section else "",
        "tags": [(tag, labels.get(tag, tag), tag_page(app.config.blog_path, tag))
                 for tag in record.tags],
        "authors": author_names(app, record),
        "external_link": record.external_link,
    }


def shown(app: Sphinx, record: PostRecord) -> dict:
    """What a card shows of a post wherever it appears (made once per build; read only)."""
    statics = runtime(app).once("cards", dict)
    static = statics.get(record.docname)
    if static is None:
        static = statics[record.docname] = _static(app, record)
    return static


def shown_digest(app: Sphinx, record: PostRecord) -> str:
    """A digest of all :func:`shown` is made from: the post's record and counts (digested
    when it was read), and whether this build marks it as a draft. (The settings it also
    depends on are in every key that uses this.)"""
    from writing.index.state import record_digest, state

    kept = state(app.env)
    digest = kept.digests.get(record.docname) or record_digest(
        record, kept.counts.get(record.docname, TextCounts()))
    return f"{digest}{'d' if post_index(app).shown[record.docname].draft else ''}"


def card(app: Sphinx, record: PostRecord, from_doc: str) -> dict:
    """A post as a card on the page ``from_doc``: its text, and links from that page."""
    static = shown(app, record)
    link = links(app)
    return {
        **{k: v for k, v in static.items() if k != "tags"},
        "href": static["external_link"] or link.doc(from_doc, record.docname),
        "section_href": link.doc(from_doc, static["section_doc"]) if static["section_doc"] else "",
        "tags": [{"name": tag, "label": label, "href": link.doc(from_doc, page)}
                 for tag, label, page in static["tags"]],
    }
