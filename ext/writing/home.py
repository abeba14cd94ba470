"""The home page: the site's sections in order, each with its posts as cards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from writing.cards import card, minutes, public_records
from writing.relations import in_section
from writing.sections import declared_sections

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class section_cards(nodes.General, nodes.Element):
    """Placeholder for one section's post cards, filled in when the page is written."""


class SectionsDirective(SphinxDirective):
    """``{writing-sections}``: tagline, then every declared section with its posts."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.writing_listing_docs.add(self.env.docname)
        result: list[nodes.Node] = []
        tagline = self.config.writing_tagline
        if tagline:
            result.append(nodes.paragraph(tagline, tagline, classes=["writing-tagline"]))
        for section in declared_sections(self.config):
            node = nodes.section(ids=[section.slug], classes=["writing-section"])
            node += nodes.title(section.name, section.name)
            node += nodes.paragraph(section.description, section.description,
                                    classes=["writing-section-description"])
            node += section_cards(section=section.slug)
            result.append(node)
        return result


def fill_section_cards(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: render each placeholder with the section's current posts."""
    placeholders = list(doctree.findall(section_cards))
    if not placeholders:
        return
    if app.builder.format != "html":
        for node in placeholders:
            node.parent.remove(node)
        return
    records = public_records(app)
    sections = {s.slug: s for s in app.writing_sections}
    for node in placeholders:
        section = sections[node["section"]]
        posts = in_section(records, section.slug)
        html = app.builder.templates.render("writing/section-cards.html", {
            "cards": [card(app, r, docname) for r in posts],
            "section": {"name": section.name, "slug": section.slug,
                        "href": app.builder.get_relative_uri(docname, section.docname),
                        "count": len(posts),
                        "minutes": sum(minutes(app, r) for r in posts)},
            "heading_level": 3,
        })
        node.replace_self(nodes.raw("", html, format="html"))
