"""Atom feeds: one for the whole site and one per section, with full, absolute content.

ABlog's feeds are replaced because they leave internal links relative, stamp the feed
with the build clock and shift entry times with the machine's TZ. A post's rendered
body is kept from the last time its page was written (``articles.py``), so a feed never
re-renders posts.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from writing import articles
from writing.articles import ArticleStore
from writing.postpage import META_CLASS
from writing.relations import newest_first

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.records import PostRecord

# An attribute follows whitespace; starting with it lets the regex skip ahead quickly.
_LINK_ATTR = re.compile(r'([ \t\r\n](?:href|src)=)"([^"]*)"')
_TITLE = re.compile(r"<h1>.*?</h1>\s*", re.S)
_META = re.compile(rf'<p class="{META_CLASS}">.*?</p>\s*', re.S)
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def absolutize(html: str, page_url: str) -> str:
    """Make every ``href``/``src`` in ``html`` absolute against the page's own URL."""
    page = page_url.partition("#")[0]
    joined: dict[str, str] = {}

    def fix(match: re.Match) -> str:
        value = match.group(2)
        if _ABSOLUTE.match(value):
            return match.group(0)
        if value.startswith("#") and len(value) > 1:  # as urljoin, without its parsing
            return f'{match.group(1)}"{page}{value}"'
        if value not in joined:
            joined[value] = urljoin(page_url, value)
        return f'{match.group(1)}"{joined[value]}"'
    return _LINK_ATTR.sub(fix, html)


def feed_content(body: str, page_url: str) -> str:
    """A post's article for a feed: no title or meta line (the feed has those), absolute links."""
    body = _TITLE.sub("", body, count=1)
    body = _META.sub("", body, count=1)
    return absolutize(body, page_url)


def as_utc(value: datetime | None) -> datetime:
    """Post dates are calendar dates; read them as UTC so no build machine's TZ leaks in."""
    return value.replace(tzinfo=timezone.utc) if value else EPOCH


def feed_specs(app: Sphinx) -> list[tuple[str, str, str, str, list[PostRecord]]]:
    """Every feed: its path, title, home page, subtitle, and its posts, newest first."""
    records = [r for r in app.env.writing_posts.values() if not r.draft]
    limit = app.config.writing_feed_length or None  # newest N per feed; 0 keeps all
    newest = newest_first(records)
    feeds = [(f"{app.config.blog_path}/atom.xml", app.config.blog_title, app.config.root_doc,
              app.config.writing_tagline, newest[:limit])]
    for section in app.writing_sections:
        feeds.append((section.feed_path, f"{app.config.blog_title} — {section.name}",
                      section.docname, section.description,
                      [r for r in newest if r.section == section.slug][:limit]))
    return feeds


def feed_members(app: Sphinx) -> set[str]:
    """The posts some feed shows, as decided once reading is over (``posts_to_convert``)."""
    members = getattr(app, "_writing_feed_members", None)
    if members is None:
        members = {p.docname for *_, posts in feed_specs(app) for p in posts}
    return members


def posts_to_convert(app: Sphinx, env) -> list[str]:
    """``env-get-updated``: the feeds' posts whose article has not been kept yet.

    Only posts that appear in a feed keep their article (``articles.py``). A post that
    newly enters a feed (a newer one was deleted, its date changed) is written again
    here, so that its article is kept.
    """
    articles.forget(app)
    members = app._writing_feed_members = {p.docname for *_, posts in feed_specs(app)
                                           for p in posts}
    if app.builder.format != "html" or not app.config.blog_baseurl:
        return []
    kept = articles.store(app)
    kept.keep_only(members)  # left the feeds or deleted: a stale article must go
    return sorted(d for d in members if d not in kept and d in env.all_docs)


def keep_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: keep a feed post's article, made ready for the feeds."""
    if pagename in app.env.writing_posts and "body" in context and \
            pagename in feed_members(app):
        articles.keep(app, pagename, feed_content(context["body"], page_url(app, pagename)))


def page_url(app: Sphinx, docname: str) -> str:
    return urljoin(app.config.blog_baseurl, app.builder.get_target_uri(docname))


def build_feed(app: Sphinx, *, feed_path: str, title: str, home: str, subtitle: str,
               posts: list[PostRecord], bodies: ArticleStore) -> bytes:
    """The Atom document for ``posts``, newest first; its ``updated`` is the newest post's."""
    base = app.config.blog_baseurl
    author = app.config.writing_author
    feed = FeedGenerator()
    feed.id(urljoin(base, home))
    feed.title(title)
    feed.subtitle(subtitle or title)
    feed.author({"name": author})
    feed.link(href=urljoin(base, home), rel="alternate")
    feed.link(href=urljoin(base, feed_path), rel="self")
    feed.language(app.config.language or "en")
    feed.generator("Sphinx + ABlog")
    feed.updated(max((as_utc(p.modified) for p in posts), default=EPOCH))
    for post in posts:
        url = page_url(app, post.docname)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(post.title)
        entry.link(href=url, rel="alternate")
        entry.author({"name": author})
        entry.published(as_utc(post.date))
        entry.updated(as_utc(post.modified))
        if post.summary:
            entry.summary(post.summary)
        content = bodies.html(post.docname)  # already feed_content() (keep_body)
        if content is not None:
            entry.content(content, type="html")
        for tag in post.tags:
            entry.category(term=tag, label=tag)
    return feed.atom_str(pretty=True)


def write_feeds(app: Sphinx):
    """``html-collect-pages``: write every feed whose content changed; yields no pages."""
    if app.builder.format != "html" or not app.config.blog_baseurl:
        return
    kept = articles.gather(app)
    ledger_path = Path(app.doctreedir) / "writing-feeds.json"
    try:
        ledger = json.loads(ledger_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        ledger = {}
    changed = False
    for feed_path, title, home, subtitle, posts in feed_specs(app):
        target = Path(app.outdir) / feed_path
        inputs = hashlib.sha256(repr((
            feed_path, title, home, subtitle, app.config.blog_baseurl, app.config.writing_author,
            app.config.language, [(p.listing_key(), kept.digest(p.docname)) for p in posts],
        )).encode()).hexdigest()
        if target.is_file() and ledger.get(feed_path) == inputs:
            continue  # nothing the feed shows has changed since it was written
        data = build_feed(app, feed_path=feed_path, title=title,
                          home=app.builder.get_target_uri(home), subtitle=subtitle,
                          posts=posts, bodies=kept)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        ledger[feed_path] = inputs
        changed = True
    kept.save()
    if changed:
        ledger_path.write_text(json.dumps(ledger, sort_keys=True), encoding="utf-8")
    yield from ()


def feed_links(app: Sphinx, pagename: str, pathto=None) -> list[dict]:
    """Autodiscovery ``<link>`` data: the site feed, plus the section's on its pages.

    ``pathto`` is the page's template helper when given (absolute on the 404 page).
    """
    def href(path: str) -> str:
        return pathto(path, resource=True) if pathto else _relative_file(app, pagename, path)

    links = [{"title": app.config.blog_title, "href": href(f"{app.config.blog_path}/atom.xml")}]
    record = app.env.writing_posts.get(pagename)
    slug = record.section if record else None
    for section in app.writing_sections:
        if section.slug == slug or section.docname == pagename:
            links.append({"title": f"{app.config.blog_title} — {section.name}",
                          "href": href(section.feed_path)})
    return links


def _relative_file(app: Sphinx, pagename: str, path: str) -> str:
    from writing.cards import relative_path

    return relative_path(app, pagename, path)
