"""Atom feeds with ABlog's settings: the blog's, and one per collection page.

ABlog's own feeds are replaced because they leave internal links relative, stamp the feed
with the build clock, shift entry times with the machine's time zone, have no author
unless one is configured, and end the build on a control character. These honour ABlog's
settings: ``blog_baseurl`` (else ``html_baseurl``), ``blog_feed_templates`` (one feed
per template, with ``title``/``summary``/``content`` Jinja templates), ``blog_feed_archives``
(a feed for every author, location, language, category, year and tag page),
``blog_feed_length``, ``blog_feed_fulltext``, ``blog_feed_titles``, ``blog_feed_subtitle``,
``blog_authors`` and ``blog_default_author``. ``writing_feed_fulltext = "blog"`` keeps full
text to the blog's own feeds (collection feeds then carry summaries). A feed is written
again only when what it shows changed (``ledger.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import jinja2
from ablog.blog import slugify
from feedgen.feed import FeedGenerator

from writing.config import ablog_names
from writing.index import post_index
from writing.index.collector import XML_INVALID
from writing.incremental.inputs import shared_digest
from writing.incremental.ledger import Ledger
from writing.output import articles
from writing.render.cards import author_names, card, shown
from writing.render.generated import all_pages, feed_base, html_pages_supported
from writing.render.generated import whole_digest as generated_whole
from writing.runtime import runtime
from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.index.records import PostRecord

LEDGER = "feeds.json"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Feed:
    """One feed file: where it goes, what it is called, its page, and its posts."""

    path: str  # relative to the output folder
    title: str
    home: str  # the document the feed belongs to
    subtitle: str
    posts: tuple[PostRecord, ...]
    templates: tuple[tuple[str, str], ...] = ()  # element -> Jinja template
    fulltext: bool = False  # entries carry their posts' articles
    kind: str = "blog"  # or the kind of collection: category, tag, year, author...


def feeds(app: Sphinx) -> list[Feed]:
    """Every feed of this build; none without a base URL (as ABlog)."""
    def make() -> list[Feed]:
        if not feed_base(app) or not html_pages_supported(app):
            return []
        config = app.config
        index = post_index(app)
        public = [r for r in index.timeline if not index.shown[r.docname].draft]
        limit = config.blog_feed_length or None
        title = config.blog_title
        subtitle = config.blog_feed_subtitle or config.writing_tagline or ""
        found = []
        blog_text, collection_text = fulltext_scope(app)
        for root, templates in (config.blog_feed_templates or {"atom": {}}).items():
            elements = tuple(sorted((k, str(v)) for k, v in (templates or {}).items()))
            found.append(Feed(f"{config.blog_path}/{root}.xml", title, config.root_doc,
                              subtitle, tuple(public[:limit]), elements, blog_text))
            if not config.blog_feed_archives:
                continue
            for page in all_pages(app):
                folder = page.feed.rpartition("/")[0]
                if not page.feed or folder == config.blog_path:
                    continue  # no feed, or the blog's own (the archive offers it)
                posts = [index.shown[d].record for d in page.model.get("cards", ())
                         if not index.shown[d].draft]
                found.append(Feed(f"{folder}/{root}.xml", f"{title} — {page.title}",
                                  page.name, page.description or subtitle,
                                  tuple(posts[:limit]), elements, collection_text,
                                  page.model.get("kind", "category")))
        return found
    return runtime(app).once("feeds", make)


def fulltext_scope(app: Sphinx) -> tuple[bool, bool]:
    """Whether the blog's feeds, and the collections' feeds, carry full articles."""
    config = app.config
    if not config.blog_feed_fulltext or config.blog_feed_titles:
        return False, False
    scope = config.writing_feed_fulltext or "all"
    return scope in ("all", "blog"), scope == "all"


def _clean(text: str) -> str:
    return XML_INVALID.sub("", text)


def as_utc(value: datetime | None) -> datetime:
    """Post dates are calendar dates: read as UTC, so no build machine's zone leaks in."""
    return value.replace(tzinfo=timezone.utc) if value else EPOCH


def build_feed(app: Sphinx, feed: Feed) -> bytes:
    """The Atom document; its ``updated`` is its newest post's, never the build clock."""
    base = feed_base(app)
    config = app.config
    home = urljoin(base, app.builder.get_target_uri(feed.home))
    gen = FeedGenerator()
    # The blog's feed keeps ABlog's id (its blog_baseurl), so its readers see the same feed;
    # the others get their page's address (ABlog gives every feed that one id).
    gen.id(config.blog_baseurl if feed.kind == "blog" and config.blog_baseurl else home)
    gen.title(_clean(feed.title))
    gen.subtitle(_clean(feed.subtitle or feed.title))
    gen.author({"name": _clean(config.author or config.blog_title)})
    gen.link(href=home, rel="alternate")
    gen.link(href=urljoin(base, feed.path), rel="self")
    gen.language(config.language or "en")
    gen.generator("Sphinx + ABlog")
    gen.updated(max((as_utc(p.modified) for p in feed.posts), default=EPOCH))
    templates = dict(feed.templates)
    feed_url = urljoin(base, feed.path)
    for post in feed.posts:
        url = urljoin(base, app.builder.get_target_uri(post.docname))
        as_card = card(app, post, post.docname)
        values = {
            "title": post.title, "summary": post.summary, "url": url,
            "content": articles.article(app, post.docname, base) if feed.fulltext else None,
        }
        if templates:
            values.update(_templated(app, feed, templates, values, post, as_card, {
                "post_url": url, "feed_url": feed_url, "feed_title": feed.title,
                "feed_path": feed.path.rpartition("/")[0], "pagename": feed.home}))
        entry = gen.add_entry(order="append")
        entry.id(url)
        entry.title(_clean(values["title"]))
        entry.link(href=url, rel="alternate")
        for name in author_names(app, post):
            entry.author({"name": _clean(name)})
        entry.published(as_utc(post.date))
        entry.updated(as_utc(post.modified))
        if values["summary"]:
            entry.summary(_clean(values["summary"]))
        if values["content"]:
            entry.content(_clean(values["content"]), type="html")
        for tag in as_card["tags"]:  # ABlog's terms: the tag without spaces
            entry.category(term=_clean(tag["name"].strip().replace(" ", "")),
                           label=_clean(tag["label"]))
    return gen.atom_str(pretty=True)


def _templated(app: Sphinx, feed: Feed, templates: dict[str, str], values: dict,
               post: PostRecord, as_card: dict, names: dict) -> dict:
    """``blog_feed_templates``: each element rendered, as ABlog does, from the entry's own
    values and the names ABlog's templates use (``post``, ``post_url``, ``feed_title``...).
    A template that fails keeps the plain value, with a warning."""
    base = feed_base(app)
    blog_path = app.config.blog_path
    authors = ablog_names(app.config.blog_authors)

    def labels(field: str, catalog: str) -> list[SimpleNamespace]:
        return [SimpleNamespace(name=name, label=name, link=urljoin(base, app.builder
                .get_target_uri(f"{blog_path}/{catalog}/{slugify(name)}")))
                for name in getattr(post, field)]

    context = {**values, **names, "post": SimpleNamespace(
        title=post.title, docname=post.docname, date=post.date, update=post.modified,
        summary=post.summary, url=values["url"], external_link=post.external_link,
        redirect=list(post.redirects), section="",
        tags=[SimpleNamespace(name=tag, label=label,
                              link=urljoin(base, app.builder.get_target_uri(page)))
              for tag, label, page in shown(app, post)["tags"]],
        author=[SimpleNamespace(name=name, label=name, link=authors.get(key, ("", ""))[1])
                for key, name in zip(post.authors or ("",), as_card["authors"])],
        category=labels("categories", "category"), location=labels("locations", "location"),
        language=labels("languages", "language"))}
    rendered = {}
    for element in ("title", "summary", "content"):
        if element not in templates:
            continue
        try:
            rendered[element] = jinja2.Template(templates[element]).render(**context)
        except jinja2.TemplateError as exc:
            warn(WritingWarning.CONFIG,
                 f"blog_feed_templates[{feed.path.rpartition('/')[2].removesuffix('.xml')!r}]"
                 f"[{element!r}] cannot be rendered for {post.docname}: {exc}; the plain "
                 f"{element} is used (in conf.py)")
    return rendered


# What a feed entry shows of a post besides its article (not its reading time).
_ENTRY = ("docname", "title", "summary", "iso", "updated_iso", "tags", "authors",
          "external_link")


def _key(app: Sphinx, feed: Feed) -> str:
    return hashlib.sha256(repr((
        shared_digest(app), feed, feed_base(app),
        [(tuple(shown(app, p)[k] for k in _ENTRY),
          articles.stamp(app, p.docname) if feed.fulltext else None) for p in feed.posts],
    )).encode("utf-8")).hexdigest()


def whole_digest(app: Sphinx) -> str:
    """Every input of every feed: what generated pages are made from, and the pages the
    articles are taken from (by size and time: a page changes only by being written)."""
    members = sorted(full_text_candidates(app))
    return hashlib.sha256(repr((
        generated_whole(app), feed_base(app), fulltext_scope(app),
        [(d, articles.stamp(app, d)) for d in members],
    )).encode("utf-8")).hexdigest()


def full_text_candidates(app: Sphinx) -> set[str]:
    """Every post whose article some feed could show: the newest of the blog, and of
    each collection when collections have full-text feeds (worked out without making the
    feeds, so that an unchanged build costs little)."""
    config = app.config
    blog_text, collection_text = fulltext_scope(app)
    if not blog_text:
        return set()
    index = post_index(app)
    limit = config.blog_feed_length or None
    groups: list[list] = [index.timeline]
    if collection_text and config.blog_feed_archives:
        for field in ("authors", "locations", "languages", "categories", "tags"):
            groups.extend(index.labelled(field).values())
        groups.extend(index.by_year().values())
    return {record.docname for group in groups
            for record in [r for r in group if not index.shown[r.docname].draft][:limit]}


def write_feeds(app: Sphinx):
    """``html-collect-pages`` (after the pages): write each feed whose content changed."""
    if not feed_base(app) or not html_pages_supported(app):
        return
    ledger = Ledger(runtime(app).cache, LEDGER)
    outdir = Path(app.outdir)
    whole = whole_digest(app)
    if ledger.all_fresh(whole, lambda path: outdir / path):
        ledger.save(whole)
        return
    for feed in feeds(app):
        key = _key(app, feed)
        target = outdir / feed.path
        if ledger.fresh(feed.path, key, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(build_feed(app, feed))
        ledger.written(feed.path, key, target)
    ledger.save(whole)
    yield from ()


def page_feeds(app: Sphinx, pagename: str, page_feed: str = "", title: str = "") -> list[dict]:
    """The feeds a page offers: the blog's, and its own (a section or tag page's), or a
    post's section's."""
    if not feed_base(app):
        return []
    config = app.config
    roots = list(config.blog_feed_templates or {"atom": {}})
    found = [{"title": config.blog_title, "path": f"{config.blog_path}/{roots[0]}.xml",
              "kind": "site"}]
    index = post_index(app)
    section = index.section_of(pagename)
    if page_feed and page_feed != found[0]["path"]:  # the archive's is the blog's own
        found.append({"title": f"{config.blog_title} — {title}", "path": page_feed,
                      "kind": "page"})
    elif section is not None and config.blog_feed_archives:
        found.append({"title": f"{config.blog_title} — {section.name}",
                      "path": f"{section.docname}/{roots[0]}.xml", "kind": "section"})
    return found

