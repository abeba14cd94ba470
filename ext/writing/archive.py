"""ABlog's generated pages (archive, tags, categories), adapted for this site.

ABlog's own ``html-collect-pages`` handler is replaced by one that passes its pages
through with three changes: each section's category page becomes the section's canonical
page, every page gets card data for our escaped templates, and the drafts page exists
only when drafts are shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ablog.post import generate_archive_pages, generate_atom_feeds
from sphinx.util.osutil import relative_uri

from writing.cards import card, minutes, public_records
from writing.relations import in_section, newest_first

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx


def replace_ablog_handlers(app: Sphinx) -> None:
    """Disconnect ABlog's page and feed generators; ours call or replace them."""
    for listener in list(app.events.listeners.get("html-collect-pages", [])):
        if listener.handler in (generate_archive_pages, generate_atom_feeds):
            app.disconnect(listener.id)


def section_context(app: Sphinx, section, pagename: str) -> dict:
    posts = in_section(public_records(app), section.slug)
    return {
        "title": section.name,
        "writing_section": {
            "name": section.name,
            "slug": section.slug,
            "description": section.description,
            "count": len(posts),
            "minutes": sum(minutes(app, r) for r in posts),
            # relative to the page's own file: on its own page the section's URI is empty
            "feed_href": relative_uri(app.builder.get_target_uri(pagename), section.feed_path),
        },
        "writing_cards": [card(app, r, pagename) for r in posts],
        "writing_description": section.description,
    }


def archive_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """``html-collect-pages``: ABlog's pages, rendered by the site's templates."""
    if app.builder.format != "html" or app.builder.name in ("json", "pickle"):
        return
    sections = {s.docname: s for s in app.writing_sections}
    records = app.env.writing_posts
    shown = {r.docname for r in public_records(app)}
    done: set[str] = set()
    for pagename, context, template in generate_archive_pages(app):
        if pagename.endswith("/drafts") and not app.config.writing_show_drafts:
            continue
        if template == "ablog/redirect.html":
            yield pagename, context, template
            continue
        if pagename in sections:
            context.update(section_context(app, sections[pagename], pagename))
            done.add(pagename)
            yield pagename, context, "writing/section.html"
            continue
        collection = context.get("collection")
        if collection is not None:
            posts = [records[p.docname] for p in collection
                     if p.docname in records and p.docname in shown]
            context["writing_cards"] = [card(app, r, pagename) for r in newest_first(posts)]
        yield pagename, context, template
    for docname, section in sections.items():
        if docname not in done:  # a section with no posts yet still has its page
            yield docname, {"parents": []} | section_context(app, section, docname), \
                "writing/section.html"
