"""ABlog's generated pages (archive, tags, categories), adapted for this site.

ABlog's own ``html-collect-pages`` handler is replaced by one that passes its pages
through with three changes: each section's category page becomes the section's canonical
page, every page gets card data for our escaped templates, and the drafts page exists
only when drafts are shown. Pages whose content has not changed are not rendered again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ablog.post import generate_archive_pages, generate_atom_feeds
from sphinx.util.osutil import relative_uri

from writing.cards import card, minutes
from writing.pagecache import PageCache, members
from writing.postindex import post_index

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

    from writing.records import PostRecord


def replace_ablog_handlers(app: Sphinx) -> None:
    """Disconnect ABlog's page and feed generators; ours call or replace them."""
    for listener in list(app.events.listeners.get("html-collect-pages", [])):
        if listener.handler in (generate_archive_pages, generate_atom_feeds):
            app.disconnect(listener.id)


def section_context(app: Sphinx, section, pagename: str, posts: list | None = None) -> dict:
    """A section page's context, without its cards (``archive_pages`` adds them)."""
    if posts is None:
        posts = post_index(app).in_section(section.slug)
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
        "writing_description": section.description,
    }


def archive_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """``html-collect-pages``: ABlog's pages, rendered by the site's templates.

    Only pages whose content changed since their file was written are yielded
    (``pagecache.py``); the files of the others stay as they are.
    """
    if app.builder.format != "html" or app.builder.name in ("json", "pickle"):
        return
    cache = PageCache(app)
    whole = cache.whole_key()
    if cache.all_fresh(whole):
        return
    for pagename, context, template, listed in _pages(app):
        key = cache.key(pagename, template, context, listed)
        if cache.is_fresh(pagename, key):
            continue
        if listed is not None:
            context["writing_cards"] = [card(app, r, pagename) for r in listed]
        yield pagename, context, template
        cache.written(pagename, key)  # Sphinx asks for the next page once this one is written
    cache.save(whole)


def _pages(app: Sphinx) -> Iterator[tuple[str, dict, str, list[PostRecord] | None]]:
    """Every generated page: its name, context, template and the posts it shows as cards."""
    sections = {s.docname: s for s in app.writing_sections}
    index = post_index(app)  # the public posts, newest first
    position = index.position
    done: set[str] = set()
    for pagename, context, template in generate_archive_pages(app):
        if pagename.endswith("/drafts") and not app.config.writing_show_drafts:
            continue
        if template == "ablog/redirect.html":
            yield pagename, context, template, None
            continue
        if pagename in sections:
            posts = index.in_section(sections[pagename].slug)
            context.update(section_context(app, sections[pagename], pagename, posts))
            done.add(pagename)
            yield pagename, context, "writing/section.html", posts
            continue
        collection = context.get("collection")
        listed = None
        if collection is not None:  # its public posts, in the index's order
            names = sorted({p.docname for p in members(collection) if p.docname in position},
                           key=position.__getitem__)
            listed = [index.by_name[name] for name in names]
        yield pagename, context, template, listed
    for docname, section in sections.items():
        if docname not in done:  # a section with no posts yet still has its page
            posts = index.in_section(section.slug)
            yield (docname, {"parents": []} | section_context(app, section, docname, posts),
                   "writing/section.html", posts)
