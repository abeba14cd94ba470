"""ABlog's generated pages, made from the post index: the same pages at the same names.

ABlog yields, when posts use them: a catalog page and one page per label for authors,
locations, languages, categories, years and tags; an "All posts" page; a drafts page; and
one redirect page per ``redirect`` of a post. Each has an equivalent here, at the name
ABlog gives it, with three deliberate differences (documented in the README):

- a category that is a section gets the section's page (description, reading time, feed);
- ``<blog_path>/archive`` lists every post by year, and ``<blog_path>`` ("All posts")
  redirects to it, so the site has one archive;
- the drafts page exists only when drafts are shown (they are not built otherwise).

A page is a fragment template and a plain view model; it is rendered into the theme's
``page.html`` as the page body, so it looks right in any theme. The posts a page shows are
named in its model (:class:`Cards`) and made into cards only when it is rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ablog.blog import slugify

from writing.config import Section
from writing.index.posts import PostIndex
from writing.index.records import PostRecord

LinkOf = Callable[[str, str], str]  # (from page, to document) -> href
MinutesOf = Callable[[PostRecord], int]
BriefOf = Callable[[PostRecord, str], dict]  # a post as the archive lists it, on a page


class Cards(tuple):
    """The posts (document names) a page shows as cards, in order."""

    @classmethod
    def of(cls, posts: list[PostRecord]) -> Cards:
        return cls(r.docname for r in posts)

# ABlog's catalogs: (record field, catalog path, catalog title, page title prefix)
CATALOGS = (
    ("authors", "author", "Authors", "Posts by"),
    ("locations", "location", "Locations", "Posts from"),
    ("languages", "language", "Languages", "Posts in"),
    ("categories", "category", "Categories", "Posts in"),
    ("tags", "tag", "Tags", "Posts tagged"),
)


@dataclass
class Page:
    """A generated page: where it goes, its fragment template and what the template shows."""

    name: str
    template: str
    title: str
    model: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    feed: str = ""  # the page's own feed (its path), if it has one
    redirect: str = ""  # for redirect pages: the target document


@dataclass(frozen=True)
class SiteNames:
    """How the blog names things (ABlog's settings)."""

    blog_path: str
    names: dict[str, dict[str, str]]  # catalog path -> label -> display name (blog_authors...)
    tag_labels: dict[str, str]
    feeds: bool  # whether collections have feeds (blog_feed_archives, and a base URL)
    feed_root: str = "atom"
    redirect_refresh: int = 0  # seconds before a post's old address moves on


def collection_page(names: SiteNames, catalog: str, label: str) -> str:
    """ABlog's document name for a label's page: the slug of its display name."""
    shown = names.names.get(catalog, {}).get(label, label)
    return f"{names.blog_path}/{catalog}/{slugify(shown)}"


def year_page(names: SiteNames, year: int) -> str:
    return f"{names.blog_path}/{year}"


def _feed(names: SiteNames, page: str) -> str:
    return f"{page}/{names.feed_root}.xml" if names.feeds else ""


def generated_pages(index: PostIndex, names: SiteNames, minutes_of: MinutesOf,
                    brief_of: BriefOf, link: LinkOf, file_link: LinkOf, taken: set[str],
                    show_drafts: bool, drafts: list[PostRecord]) -> list[Page]:
    """Every page ABlog would generate, as view models (``taken``: names of real documents,
    which ABlog leaves alone, except at ``blog_path``). ``link`` links a page to a document,
    ``file_link`` to a file (a feed)."""
    pages: list[Page] = []
    named: set[str] = set()
    sections = {s.docname: s for s in index.sections}

    def add(page: Page, over_document: bool = False) -> None:
        if page.name in named or (page.name in taken and not over_document):
            return  # colliding names: the first wins; a document is left alone...
        named.add(page.name)
        if page.feed:
            page.model["feed_href"] = file_link(page.name, page.feed)
        pages.append(page)

    for record in index.timeline:
        for redirect in record.redirects:
            add(Page(redirect, "writing/redirect.html", record.title,
                     {"href": link(redirect, record.docname), "title": record.title,
                      "refresh": names.redirect_refresh}, redirect=record.docname))
    for field_name, path, title, prefix in CATALOGS:
        groups = index.labelled(field_name)
        if not groups:
            continue
        catalog = f"{names.blog_path}/{path}"
        entries = []
        for label, posts in sorted(groups.items(), key=lambda item: item[0]):
            name = collection_page(names, path, label)
            shown = names.names.get(path, {}).get(label) or (
                names.tag_labels.get(label, label) if path == "tag" else label)
            entries.append({"name": label, "label": shown, "href": link(catalog, name),
                            "count": len(posts)})
            if name in sections:
                add(_section_page(sections[name], posts, minutes_of, names))
            else:
                add(Page(name, "writing/collection.html", f"{prefix} {shown}", {
                    "kind": path, "label": shown, "count": len(posts),
                    "cards": Cards.of(posts)}, feed=_feed(names, name)))
        if path == "category":  # sections first, in their order
            order = {s.name: i for i, s in enumerate(index.sections)}
            entries.sort(key=lambda e: (order.get(e["name"], len(order)), e["label"].lower()))
        else:
            entries.sort(key=lambda e: e["label"].lower())
        add(Page(catalog, "writing/catalog.html", title, {"kind": path, "entries": entries}))
    for section in index.sections:  # a section with no posts yet still has its page
        add(_section_page(section, [], minutes_of, names))
    years = index.by_year()
    archive = f"{names.blog_path}/archive"
    if years:
        for year, posts in years.items():
            name = year_page(names, year)
            add(Page(name, "writing/collection.html", f"Posted in {year}", {
                "kind": "year", "label": str(year), "count": len(posts),
                "cards": Cards.of(posts)}, feed=_feed(names, name)))
    undated = [r for r in index.timeline if r.date is None]
    add(Page(archive, "writing/archive.html", "All posts", {
        "years": [{"year": year, "href": link(archive, year_page(names, year)),
                   "posts": [brief_of(r, archive) for r in posts]}
                  for year, posts in years.items()],
        "undated": [brief_of(r, archive) for r in undated],
        "count": len(index.timeline)}, feed=_feed(names, names.blog_path)))
    # ...but for "All posts", which ABlog writes over a document of that name (a site's
    # placeholder page "replaced by ablog")
    add(Page(names.blog_path, "writing/redirect.html", "All posts",
             {"href": link(names.blog_path, archive), "title": "All posts"}, redirect=archive),
        over_document=True)
    if show_drafts:
        name = f"{names.blog_path}/drafts"
        add(Page(name, "writing/collection.html", "Drafts", {
            "kind": "drafts", "label": "Drafts", "count": len(drafts),
            "cards": Cards.of(drafts)}))
    return pages


def _section_page(section: Section, posts: list[PostRecord], minutes_of: MinutesOf,
                  names: SiteNames) -> Page:
    name = section.docname
    return Page(name, "writing/section.html", section.name, {
        "name": section.name, "slug": section.slug, "description": section.description,
        "count": len(posts), "minutes": sum(minutes_of(r) for r in posts),
        "cards": Cards.of(posts)}, description=section.description, feed=_feed(names, name))


def listed(model: object) -> list[str]:
    """Every post a model shows as a card, in order of appearance (with repeats)."""
    if isinstance(model, Cards):
        return list(model)
    if isinstance(model, dict):
        return [d for value in model.values() for d in listed(value)]
    if isinstance(model, list):
        return [d for value in model for d in listed(value)]
    return []


def with_cards(model: object, card_of: Callable[[str], dict]) -> object:
    """The model with each :class:`Cards` made into the cards it names."""
    if isinstance(model, Cards):
        return [card_of(docname) for docname in model]
    if isinstance(model, dict):
        return {key: with_cards(value, card_of) for key, value in model.items()}
    if isinstance(model, list):
        return [with_cards(value, card_of) for value in model]
    return model
