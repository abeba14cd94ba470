"""The home page: the site's sections in order, each with its posts as cards."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from writing.cards import card, minutes
from writing.collector import record_digest
from writing.pagecache import shared_digest
from writing.postindex import post_index
from writing.sections import declared_sections

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.records import PostRecord


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
    """``doctree-resolved``: render each placeholder with the section's current posts.

    Each section's HTML is kept with the key of everything it is made from (the shared
    inputs of ``pagecache.py``, the page, and its posts' digests): a build that changes
    one post renders only that post's section again.
    """
    if docname not in app.env.writing_listing_docs:  # no {writing-sections}: no walk
        return
    placeholders = list(doctree.findall(section_cards))
    if not placeholders:
        return
    if app.builder.format != "html":
        for node in placeholders:
            node.parent.remove(node)
        return
    index = post_index(app)
    sections = {s.slug: s for s in app.writing_sections}
    kept = SectionCache(app, docname)
    for node in placeholders:
        section = sections[node["section"]]
        posts = index.in_section(section.slug)
        key = kept.key(section.slug, posts)
        html = kept.get(section.slug, key)
        if html is None:
            html = app.builder.templates.render("writing/section-cards.html", {
                "cards": [card(app, r, docname) for r in posts],
                "section": {"name": section.name, "slug": section.slug,
                            "href": app.builder.get_relative_uri(docname, section.docname),
                            "count": len(posts),
                            "minutes": sum(minutes(app, r) for r in posts)},
                "heading_level": 3,
            })
            kept.put(section.slug, key, html)
        node.replace_self(nodes.raw("", html, format="html"))
    kept.save()


class SectionCache:
    """The rendered sections of one page, each with its key, kept between builds.

    One file per page, so that pages written by parallel processes never share one.
    """

    FOLDER = "writing-sections"

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.docname = docname
        self.path = Path(app.doctreedir) / self.FOLDER / f"{docname}.json"
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        self.previous: dict[str, list] = stored if isinstance(stored, dict) else {}
        self.current: dict[str, list] = {}
        self.shared = shared_digest(app)

    def key(self, slug: str, posts: list[PostRecord]) -> str:
        digests = self.app.env.writing_record_digests
        return hashlib.sha256(repr((
            self.shared, self.docname, slug,
            [digests.get(r.docname) or record_digest(r) for r in posts],
        )).encode("utf-8")).hexdigest()

    def get(self, slug: str, key: str) -> str | None:
        entry = self.previous.get(slug)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == key:
            self.current[slug] = entry
            return entry[1]
        return None

    def put(self, slug: str, key: str, html: str) -> None:
        self.current[slug] = [key, html]

    def save(self) -> None:
        if self.current == self.previous:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.current, sort_keys=True), encoding="utf-8")
