"""Context every page gets: the sections sidebar, feed links, chronological post links."""

from __future__ import annotations

import re
from functools import partial
from html import escape, unescape
from typing import TYPE_CHECKING


from writing.cards import relative_href, relative_path
from writing.feeds import feed_links
from writing.postindex import post_index

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _nav_item(pathto, pagename: str, target: str, title: str) -> dict:
    return {"title": title, "href": pathto(target), "current": pagename == target}


def _pathto(app: Sphinx, pagename: str, target: str, resource: bool = False) -> str:
    """Sphinx's ``pathto`` for the page, with document links shared by its directory."""
    uri = (relative_path if resource else relative_href)(app, pagename, target) or "#"
    if uri == "#" and not app.builder.allow_sharp_as_current_path:
        uri = app.builder.get_target_uri(pagename)
    return uri


def add_site_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: values the site's templates show on every page."""
    blog = app.config.blog_path
    # Relative links, except on the 404 page, which is served at any missing URL and so
    # gets absolute ones from sphinx-notfound-page's pathto (it runs first).
    if pagename == getattr(app.config, "notfound_pagename", None) and context.get("pathto"):
        pathto = context["pathto"]
    else:
        pathto = partial(_pathto, app, pagename)
    context["writing_nav"] = [_nav_item(pathto, pagename, s.docname, s.name)
                              for s in app.writing_sections]
    context["writing_browse"] = [
        _nav_item(pathto, pagename, app.config.root_doc, "Home"),
        _nav_item(pathto, pagename, blog, "All posts"),
        _nav_item(pathto, pagename, f"{blog}/tag", "Tags"),
    ] + ([_nav_item(pathto, pagename, "about", "About")] if "about" in app.env.all_docs else [])
    context["writing_feeds"] = feed_links(app, pagename, pathto)
    record = app.env.writing_posts.get(pagename)
    if record is not None:
        context.setdefault("writing_description", record.summary)
        _chronological_neighbours(app, pagename, context)


def _chronological_neighbours(app: Sphinx, pagename: str, context: dict) -> None:
    """Furo's footer links: the next older and newer post across the whole site."""
    index = post_index(app)
    if pagename not in index.position:
        return
    newer, older = index.site_neighbours(pagename)
    records = app.env.writing_posts

    def link(docname: str) -> dict:
        # Furo prints these titles as HTML, so they are escaped here.
        return {"link": relative_href(app, pagename, docname),
                "title": escape(records[docname].title)}

    context["next"] = link(newer.docname) if newer else None
    context["prev"] = link(older.docname) if older else None


_META_CONTENT = re.compile(r'(<meta\b[^>]*?\bcontent=")([^"]*)(")')
_NEEDS_CARE = re.compile(r"[&<>']")


def escape_meta_content(metatags: str) -> str:
    """Re-escape every ``content`` attribute: sphinxext-opengraph leaves ``<`` and ``&`` raw."""
    def fix(match: re.Match) -> str:
        value = match.group(2)
        if not _NEEDS_CARE.search(value):  # nothing to escape or unescape: as it is
            return match.group(0)
        return match.group(1) + escape(unescape(value), quote=True) + match.group(3)
    return _META_CONTENT.sub(fix, metatags)


def escape_metatags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context`` (after sphinxext-opengraph): make the meta tags valid HTML."""
    if context.get("metatags"):
        context["metatags"] = escape_meta_content(context["metatags"])
