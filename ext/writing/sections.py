"""The site's sections, declared once in ``conf.py`` as ``writing_sections``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Section:
    """One section of the site, in page order."""

    name: str
    slug: str
    description: str
    order: int

    @property
    def docname(self) -> str:
        """The section's canonical page (ABlog's category page for it)."""
        return f"blog/category/{self.slug}"

    @property
    def feed_path(self) -> str:
        return f"blog/category/{self.slug}/atom.xml"


def parse_sections(raw: Any) -> tuple[list[Section], list[str]]:
    """Turn the config list into sections; return them with any problems found."""
    sections: list[Section] = []
    problems: list[str] = []
    if not isinstance(raw, (list, tuple)):
        return [], ["writing_sections must be a list of {name, slug, description} dicts"]
    seen: set[str] = set()
    for order, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(f"writing_sections[{order}] must be a dict, not {type(item).__name__}")
            continue
        name = str(item.get("name", "")).strip()
        slug = str(item.get("slug", "")).strip()
        description = str(item.get("description", "")).strip()
        if not name:
            problems.append(f"writing_sections[{order}] has no name")
            continue
        if not _SLUG.match(slug):
            problems.append(
                f"section {name!r} needs a slug of lowercase letters, digits and hyphens, "
                f"got {slug!r}"
            )
            continue
        if slug in seen:
            problems.append(f"section slug {slug!r} is declared twice")
            continue
        if not description:
            problems.append(f"section {name!r} has no description")
        seen.add(slug)
        sections.append(Section(name, slug, description, order))
    return sections, problems


def find_section(sections: list[Section], value: str) -> Section | None:
    """Match a post's category against a section's name or slug, case-insensitively."""
    wanted = value.strip().lower()
    for section in sections:
        if wanted in (section.name.lower(), section.slug):
            return section
    return None


def declared_sections(config) -> list[Section]:
    """The sections from ``conf.py``, for code that has the config but not the app.

    Problems in the declaration are reported once, when the config is loaded.
    """
    declared = config.writing_sections
    cached = _DECLARED.get(id(declared))
    if cached is None or cached[0] is not declared:
        if len(_DECLARED) > 32:
            _DECLARED.clear()
        cached = _DECLARED[id(declared)] = (declared, parse_sections(declared)[0])
    return cached[1]


# Validation asks for every post; a configuration's declaration is parsed once.
_DECLARED: dict[int, tuple] = {}
