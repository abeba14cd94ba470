"""The extension's settings: every ``writing_*`` value, and the sections and tag labels they declare."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ablog.blog import slugify

from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

# name, default, rebuild, types
SETTINGS: tuple[tuple[str, Any, str, frozenset], ...] = (
    # Sections: [{"name": ..., "description": ...}]; empty means ABlog's categories.
    ("writing_sections", [], "env", frozenset({list, tuple})),
    ("writing_tagline", "", "html", frozenset({str})),
    # Allowed tags: a list, or a dict of tag -> label shown to readers. Empty: any tag.
    ("writing_tags", [], "env", frozenset({list, tuple, dict})),
    ("writing_require_summary", False, "env", frozenset({bool})),
    ("writing_show_drafts", False, "env", frozenset({bool})),
    ("writing_words_per_minute", 230, "html", frozenset({int})),
    ("writing_code_words_per_minute", 100, "html", frozenset({int})),
    ("writing_cjk_chars_per_minute", 500, "html", frozenset({int})),
    ("writing_image_seconds", 12, "html", frozenset({int})),
    ("writing_related_posts", 3, "html", frozenset({int})),
    # Newest posts per section on the {writing-sections} listing (0: all of them).
    ("writing_section_preview", 10, "html", frozenset({int})),
    # With blog_feed_fulltext: "all" feeds carry full articles, or only the "blog"'s own.
    ("writing_feed_fulltext", "all", "html", frozenset({str})),
    # The theme's "previous/next page" links, which mean nothing on a blog's pages.
    ("writing_hide_prev_next", True, "html", frozenset({bool})),
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Section:
    """One section of the site: an ABlog category with a description and a place in the order."""

    name: str
    slug: str
    description: str
    docname: str  # the section's page: ABlog's page for the category

    @property
    def feed_path(self) -> str:
        return f"{self.docname}/atom.xml"


def category_page(blog_path: str, name: str) -> str:
    """ABlog's document name for a category's page."""
    return f"{blog_path}/category/{slugify(name)}"


def parse_sections(raw: Any, blog_path: str) -> tuple[list[Section], list[str]]:
    """Turn ``writing_sections`` into sections; return them with any problems found."""
    if not isinstance(raw, (list, tuple)):
        return [], ["writing_sections must be a list of {name, description} dicts"]
    sections: list[Section] = []
    problems: list[str] = []
    seen: set[str] = set()
    for position, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(f"writing_sections[{position}] must be a dict, "
                            f"not {type(item).__name__}")
            continue
        name = " ".join(str(item.get("name", "")).split())
        description = " ".join(str(item.get("description", "")).split())
        if not name:
            problems.append(f"writing_sections[{position}] has no name")
            continue
        slug = slugify(name)
        given = str(item.get("slug", slug)).strip()
        if given != slug:
            problems.append(f"section {name!r} has slug {given!r}, but ABlog names its page "
                            f"{category_page(blog_path, name)!r}; drop the slug or set it to "
                            f"{slug!r}")
        if not _SLUG.match(slug):
            problems.append(f"section name {name!r} gives no usable slug ({slug!r})")
            continue
        if slug in seen:
            problems.append(f"section {name!r} is declared twice")
            continue
        seen.add(slug)
        sections.append(Section(name, slug, description, category_page(blog_path, name)))
    return sections, problems


def sections_of(config: Config, categories: list[str]) -> list[Section]:
    """The declared sections, or else one per ABlog category, by name."""
    if config.writing_sections:
        return parse_sections(config.writing_sections, config.blog_path)[0]
    names = sorted(set(categories), key=lambda n: (n.lower(), n))
    return [Section(name, slugify(name), "", category_page(config.blog_path, name))
            for name in names if slugify(name)]


def find_section(sections: list[Section], categories: tuple[str, ...]) -> Section | None:
    """The first of a post's categories that names a section (by name or slug, any case)."""
    for category in categories:
        wanted = category.strip().lower()
        for section in sections:
            if wanted in (section.name.lower(), section.slug):
                return section
    return None


def ablog_names(mapping: Any) -> dict[str, tuple[str, str]]:
    """ABlog's ``blog_authors``, ``blog_locations`` or ``blog_languages``: label ->
    (display name, link), read the same way whatever shape a value has."""
    found = {}
    for label, value in (mapping or {}).items() if isinstance(mapping, dict) else ():
        name, link = (list(value) + ["", ""])[:2] if isinstance(value, (tuple, list)) \
            else (value, "")
        found[str(label)] = (str(name if name is not None else label), str(link or ""))
    return found


def tag_labels(config: Config) -> dict[str, str]:
    """Tag -> the label readers see (``writing_tags`` as a dict); empty when not declared."""
    tags = config.writing_tags
    if isinstance(tags, dict):
        return {str(tag): str(label) for tag, label in tags.items()}
    return {str(tag): str(tag) for tag in tags}


def check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: report malformed settings once, where the author set them."""
    for problem in parse_sections(config.writing_sections, getattr(config, "blog_path", "blog"))[1]:
        warn(WritingWarning.CONFIG, f"{problem} (in conf.py writing_sections)")
    for name in ("writing_words_per_minute", "writing_code_words_per_minute",
                 "writing_cjk_chars_per_minute"):
        if getattr(config, name) <= 0:
            warn(WritingWarning.CONFIG, f"{name} must be a positive number of words (in conf.py)")
            setattr(config, name, dict((s[0], s[1]) for s in SETTINGS)[name])


def setup_config(app: Sphinx) -> None:
    for name, default, rebuild, types in SETTINGS:
        app.add_config_value(name, default, rebuild, types=types)
    app.connect("config-inited", check_config)
