"""Turn post records into the plain dicts that templates render (templates escape)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from writing.dates import format_display_date, iso_date
from writing.readingtime import reading_minutes
from writing.readingtime_ext import rates

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.records import PostRecord


def minutes(app: Sphinx, record: PostRecord) -> int:
    return reading_minutes(record.counts, rates(app.config))


def section_of(app: Sphinx, record: PostRecord):
    for section in app.writing_sections:
        if section.slug == record.section:
            return section
    return None


def card(app: Sphinx, record: PostRecord, from_doc: str) -> dict:
    """A post as a card, with links relative to the page ``from_doc``."""
    uri = app.builder.get_relative_uri
    section = section_of(app, record)
    return {
        "docname": record.docname,
        "title": record.title,
        "href": uri(from_doc, record.docname),
        "summary": record.summary,
        "date": format_display_date(record.date) if record.date else "Undated",
        "iso": iso_date(record.date) if record.date else "",
        "updated": format_display_date(record.updated) if record.updated else "",
        "updated_iso": iso_date(record.updated) if record.updated else "",
        "minutes": minutes(app, record),
        "draft": record.draft,
        "section": section.name if section else "",
        "section_href": uri(from_doc, section.docname) if section else "",
        "tags": list(record.tags),
    }


def public_records(app: Sphinx) -> list[PostRecord]:
    """Posts a reader may see in this build (drafts only with ``writing_show_drafts``)."""
    from writing.relations import visible

    return visible(app.env.writing_posts.values(), app.config.writing_show_drafts)
