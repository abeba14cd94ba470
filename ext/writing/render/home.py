"""Listings a page can hold: ``{writing-sections}`` (the site's sections in order, each with
its posts as cards) and ``{writing-feeds}`` (every feed a reader can subscribe to).

A directive leaves a placeholder; it is filled in when the page is written, from the post
index, so the page always shows the posts of this build (and is written again when they
change: ``incremental/outdated.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from writing.index import post_index
from writing.index.collector import listing
from writing.render.cards import card, shown
from writing.render.links import links
from writing.render.templates import render

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class SectionsDirective(SphinxDirective):
    """The tagline, then every section with its description and posts."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [listing(kind="sections")]


class FeedsDirective(SphinxDirective):
    """Every feed: the blog's, each section's and each tag's."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [listing(kind="feeds")]


def sections_model(app: Sphinx, docname: str) -> dict:
    """What the home listing shows, with links from ``docname``."""
    index = post_index(app)
    link = links(app)
    preview = app.config.writing_section_preview or None
    sections = []
    for section in index.sections:
        posts = index.in_section(section.slug)
        sections.append({"name": section.name, "slug": section.slug,
                         "description": section.description,
                         "href": link.doc(docname, section.docname),
                         "cards": [card(app, r, docname) for r in posts[:preview]],
                         "count": len(posts),
                         "minutes": sum(shown(app, r)["minutes"] for r in posts)})
    return {"tagline": app.config.writing_tagline, "sections": sections}


FEED_GROUPS = (("blog", "Everything"), ("category", "By section"), ("tag", "By tag"),
               ("author", "By author"), ("location", "By place"), ("language", "By language"),
               ("year", "By year"))


def feeds_model(app: Sphinx, docname: str) -> list[dict]:
    """Every feed, with links from ``docname``, grouped: the blog's, by section, by tag..."""
    from writing.output.feeds import feeds

    link = links(app)
    groups = []
    for kind, heading in FEED_GROUPS:
        entries = [{"title": feed.title.split(" — ", 1)[-1] if kind != "blog" else feed.title,
                    "href": link.path(docname, feed.path)}
                   for feed in feeds(app) if feed.kind == kind]
        if entries:
            groups.append({"heading": heading, "feeds": entries})
    return groups


def fill_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: render each placeholder (HTML builders only)."""
    for node in list(doctree.findall(listing)):
        if app.builder.format != "html":
            node.parent.remove(node)
            continue
        if node["kind"] == "feeds":
            html = render(app, "writing/feeds.html",
                                                {"feeds": feeds_model(app, docname)})
        else:
            html = render(app, "writing/home.html",
                                                {"home": sections_model(app, docname)})
        node.replace_self(nodes.raw("", html, format="html"))
