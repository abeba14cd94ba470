"""``{writing-sections}``: the site's sections in order, each with its posts as cards.

The directive leaves a placeholder; the sections are filled in when the page is written,
from the post index, so the page always shows the posts of this build (and is written
again when they change: ``incremental/outdated.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from writing.index import post_index
from writing.index.collector import listing
from writing.render.cards import card
from writing.render.links import links

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class SectionsDirective(SphinxDirective):
    """The tagline, then every section with its description and posts."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        return [listing(kind="sections")]


def sections_model(app: Sphinx, docname: str) -> dict:
    """What the home listing shows, with links from ``docname``."""
    index = post_index(app)
    link = links(app)
    sections = []
    for section in index.sections:
        cards = [card(app, r, docname) for r in index.in_section(section.slug)]
        sections.append({"name": section.name, "slug": section.slug,
                         "description": section.description,
                         "href": link.doc(docname, section.docname), "cards": cards,
                         "count": len(cards), "minutes": sum(c["minutes"] for c in cards)})
    return {"tagline": app.config.writing_tagline, "sections": sections}


def fill_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: render each placeholder (HTML builders only)."""
    for node in list(doctree.findall(listing)):
        if app.builder.format != "html":
            node.parent.remove(node)
            continue
        html = app.builder.templates.render("writing/home.html",
                                            {"home": sections_model(app, docname)})
        node.replace_self(nodes.raw("", html, format="html"))
