"""What a reader sees on the real site: Furo chrome everywhere, feeds, dates, head links."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import feedparser
import pytest

ERROR_PAGE = "inheriting from layout.html"


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_no_page_is_furos_error_page(site):
    pages = html_pages(site)
    assert len(pages) > 10
    broken = [str(p.relative_to(site)) for p in pages if ERROR_PAGE in p.read_text(encoding="utf-8")]
    assert broken == []


@pytest.mark.parametrize("page", ["blog/archive.html", "blog/2024.html", "blog/tag.html",
                                  "blog/category.html", "blog/category/architecture.html",
                                  "blog/tag/redis.html"])
def test_ablog_pages_render_inside_furo(soup, page):
    doc = soup(page)
    assert doc.select_one("aside.sidebar-drawer"), "Furo's sidebar is missing"
    assert doc.select_one("article#furo-main-content h1"), "page has no heading"


def test_all_posts_is_the_archive(soup):
    """One archive: "All posts" (ABlog's ``blog.html``) sends readers to it."""
    redirect = soup("blog.html")
    assert redirect.select_one('link[rel="canonical"]')["href"] == "blog/archive.html"
    assert "url=blog/archive.html" in redirect.select_one('meta[http-equiv="refresh"]')["content"]
    archive = soup("blog/archive.html")
    years = [h.get_text() for h in archive.select(".writing-archive-year h2")]
    assert years == ["2024", "2023"]
    assert len(archive.select(".writing-archive-list li a")) == 8


def test_every_page_links_the_site_feed(site, soup):
    for page in html_pages(site):
        rel = str(page.relative_to(site))
        if rel.startswith("_") or rel in ("404.html", "blog.html"):
            continue
        links = soup(rel).select('head link[rel="alternate"][type="application/atom+xml"]')
        assert links, f"{rel} has no feed autodiscovery link"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), links[0]["href"]))
        assert target == "blog/atom.xml", f"{rel} links the feed as {links[0]['href']!r}"


def test_site_feed_is_absolute_and_stable(site):
    feed = feedparser.parse((site / "blog" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.author
    entries = feed.entries
    assert len(entries) >= 8
    ids = [e.id for e in entries]
    assert len(set(ids)) == len(ids)
    newest = max(e.updated for e in entries)
    assert feed.feed.updated == newest
    for entry in entries:
        assert entry.id.startswith("http")
        assert entry.link.startswith("http")
        html = entry.content[0].value
        for url in re.findall(r'(?:href|src)="([^"]*)"', html):
            assert re.match(r"^(https?:|mailto:)", url), f"relative link {url!r} in {entry.id}"


def test_post_dates_are_formatted_like_the_author_page(soup):
    meta = soup("posts/redis-hot-key-mitigation.html").select_one(".writing-post-meta time")
    assert meta.get_text() == "December 1, 2023"
    assert meta["datetime"] == "2023-12-01"
