"""The "page not found" page (sphinx-notfound-page's): a way on, not a dead end.

Adds a search box and the newest posts under the page's own text. The page is served at
any missing URL, so every link on it is absolute from the site's root (the page's own
``pathto``, which sphinx-notfound-page makes absolute).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from writing.index import post_index
from writing.render.cards import shown
from writing.render.templates import render

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NEWEST = 5


def is_not_found_page(app: Sphinx, pagename: str) -> bool:
    return "notfound.extension" in app.extensions and \
        pagename == getattr(app.config, "notfound_pagename", None)


def not_found_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                      doctree) -> None:
    """``html-page-context``: the search box and the newest posts, after the page's text."""
    if not is_not_found_page(app, pagename) or "body" not in context or \
            app.builder.format != "html":
        return
    pathto = context["pathto"]
    newest = [{**shown(app, record), "href": pathto(record.docname)}
              for record in post_index(app).timeline[:NEWEST]]
    context["body"] += render(app, "writing/not-found.html", {
        "search_href": pathto("search"), "newest": newest,
        "archive_href": pathto(f"{app.config.blog_path}/archive")})
