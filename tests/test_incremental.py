"""Listing pages follow their posts on incremental builds, and only when they must."""

from __future__ import annotations

import filecmp
import shutil
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

LISTINGS = ("index.html", "blog/category/architecture.html", "blog/category/leadership.html")


def build(srcdir: Path, outdir: Path | None = None) -> Path:
    app = SphinxTestApp("html", srcdir=srcdir, builddir=outdir, warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def stamps(out: Path) -> dict[str, int]:
    return {rel: (out / rel).stat().st_mtime_ns for rel in LISTINGS}


def same_listings(a: Path, b: Path) -> bool:
    return all(filecmp.cmp(a / rel, b / rel, shallow=False) for rel in LISTINGS)


def test_listing_pages_follow_edits(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publishing", src)
    post = src / "posts" / "updated.md"
    out = build(src)
    before = stamps(out)

    # A body edit that changes no listed field (title, date, summary, section, minutes).
    post.write_text(post.read_text(encoding="utf-8").replace("Some text.", "Some words."),
                    encoding="utf-8")
    out = build(src)
    assert stamps(out) == before, "listing pages were rewritten though nothing they show changed"

    # A retitle must reach the home page and the section page.
    post.write_text(post.read_text(encoding="utf-8").replace("# Updated post", "# Renamed post"),
                    encoding="utf-8")
    out = build(src)
    for rel in ("index.html", "blog/category/leadership.html"):
        assert "Renamed post" in (out / rel).read_text(encoding="utf-8"), rel

    # A longer body changes the minutes shown on the cards, not the other posts' pages
    # (they show its title and date).
    other = out / "posts" / "published.html"
    other_written = other.stat().st_mtime_ns
    post.write_text(post.read_text(encoding="utf-8") + "\n" + "word " * 700 + "\n",
                    encoding="utf-8")
    out = build(src)
    assert "3 min read" in (out / "index.html").read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == other_written

    # A new post and a deleted one.
    (src / "posts" / "added.md").write_text(
        "---\ndate: 2024-05-05\ncategory: Architecture\nsummary: \"New.\"\n---\n\n# Added post\n\n"
        "Text.\n", encoding="utf-8")
    (src / "posts" / "published.md").unlink()
    out = build(src)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Added post" in home and "Published post" not in home

    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src)
    assert same_listings(out, clean), "incremental listings differ from a clean build"


def test_a_post_entering_a_feed_brings_its_article(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publishing", src)
    with open(src / "conf.py", "a", encoding="utf-8") as conf:
        conf.write("\nblog_feed_length = 1\n")
    (src / "posts" / "older.md").write_text(
        "---\ndate: 2024-01-01\ncategory: Leadership\nsummary: \"Older.\"\n---\n\n"
        "# Older post\n\nAn older article body.\n", encoding="utf-8")
    out = build(src)
    section_feed = out / "blog" / "category" / "leadership" / "atom.xml"
    assert "An older article body" not in section_feed.read_text(encoding="utf-8")

    # The newest Leadership post goes: the older one enters the section's feed, with its
    # article, though nothing about the older post itself changed.
    (src / "posts" / "updated.md").unlink()
    out = build(src)
    assert "An older article body" in section_feed.read_text(encoding="utf-8")

    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_src)
    for feed in ("blog/atom.xml", "blog/category/leadership/atom.xml",
                 "blog/category/architecture/atom.xml"):
        assert filecmp.cmp(out / feed, clean / feed, shallow=False), feed
