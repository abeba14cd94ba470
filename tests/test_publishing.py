"""Publishing features: JSON-LD, update notes, drafts, robots.txt, the 404 page, `make post`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ext"))

from writing.output.robots import robots_txt  # noqa: E402
from writing.render.jsonld import blog_posting  # noqa: E402
from writing.render.meta import script_json  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def page(outdir: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / rel).read_text(encoding="utf-8"), "html.parser")


def jsonld(doc: BeautifulSoup) -> dict:
    scripts = doc.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_script_json_cannot_close_the_script_tag():
    text = script_json({"headline": "</script><script>alert('x')</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["headline"] == "</script><script>alert('x')</script> & <!--"


def test_blog_posting_fields():
    from datetime import datetime

    data = blog_posting(title="T", url="https://e.org/p.html", summary="S",
                        authors=["A", "B"], published=datetime(2024, 3, 5),
                        modified=datetime(2024, 4, 1), words=1234, minutes=9,
                        section="Architecture", tags=("a", "b"), site_name="W", publisher="O")
    assert data["@type"] == "BlogPosting"
    assert data["timeRequired"] == "PT9M"
    assert (data["datePublished"], data["dateModified"]) == ("2024-03-05", "2024-04-01")
    assert data["wordCount"] == 1234 and data["keywords"] == "a, b"
    assert [a["name"] for a in data["author"]] == ["A", "B"]
    assert data["publisher"] == {"@type": "Person", "name": "O"}
    anonymous = blog_posting(title="T", url="", summary="", authors=[], published=None,
                             modified=None, words=0, minutes=1, section="", tags=(),
                             site_name="W")
    assert anonymous["publisher"] == {"@type": "Organization", "name": "W"}


def test_robots_names_the_absolute_sitemap():
    assert robots_txt("https://x.readthedocs.io/en/latest/", "sitemap.xml").endswith(
        "Sitemap: https://x.readthedocs.io/en/latest/sitemap.xml\n")


@pytest.mark.sphinx("html", testroot="publishing", freshenv=True)
def test_production_build_hides_drafts_and_future_posts(app):
    app.build()
    out = Path(app.outdir)
    for hidden in ("future", "marked"):
        assert not (out / "posts" / f"{hidden}.html").exists()
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                           for p in out.rglob("*") if p.is_file() and p.suffix in
                           (".html", ".xml", ".js", ".txt"))
    assert "Future post" not in everything and "Marked draft" not in everything
    assert "posts/future" not in everything and "posts/marked" not in everything
    assert "Published post" in everything


@pytest.mark.sphinx("html", testroot="publishing", freshenv=True,
                    confoverrides={"writing_show_drafts": True})
def test_draft_build_shows_drafts_marked(app):
    app.build()
    out = Path(app.outdir)
    for name in ("future", "marked"):
        doc = page(out, f"posts/{name}.html")
        assert doc.select_one(".writing-post-meta .writing-badge").get_text() == "Draft"
    home = page(out, "index.html")
    titles = {a.get_text(): a.find_parent("h3") for a in home.select(".writing-card-title a")}
    assert "Draft" in titles["Marked draft"].get_text()
    feed = feedparser.parse((out / "blog" / "atom.xml").read_bytes())
    assert {e.title for e in feed.entries} == {"Published post", "Updated post"}


@pytest.mark.sphinx("html", testroot="publishing", freshenv=True)
def test_update_note_reaches_header_jsonld_and_feed(app):
    app.build()
    out = Path(app.outdir)
    doc = page(out, "posts/published.html")
    note = doc.select_one("div.update .admonition-title")
    assert note.get_text() == "Updated on June 2, 2024"
    updated = doc.select_one(".writing-post-meta .writing-updated time")
    assert updated["datetime"] == "2024-06-02" and updated.get_text() == "June 2, 2024"
    data = jsonld(doc)
    assert (data["datePublished"], data["dateModified"]) == ("2024-01-10", "2024-06-02")
    feed = feedparser.parse((out / "blog" / "atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "Published post")
    assert entry.updated.startswith("2024-06-02") and entry.published.startswith("2024-01-10")
    assert feed.feed.updated.startswith("2024-06-02")


@pytest.mark.sphinx("html", testroot="publishing", freshenv=True)
def test_jsonld_escapes_hostile_summary(app):
    app.build()
    raw = (Path(app.outdir) / "posts" / "updated.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    data = jsonld(BeautifulSoup(raw, "html.parser"))
    assert data["description"] == 'A post that "quotes" </script><script>alert(1)</script> things.'
    assert data["articleSection"] == "Leadership"
    assert data["url"] == "https://example.org/blog/posts/updated.html"


def test_site_posts_have_jsonld_and_sharing_tags(site, soup):
    posts = sorted((site / "posts").glob("*.html"))
    assert len(posts) == 8
    for path in posts:
        doc = soup(f"posts/{path.name}")
        data = jsonld(doc)
        title = doc.select_one("article h1").get_text().rstrip("#")
        assert data["headline"] == title
        minutes = doc.select_one(".writing-minutes").get_text()
        assert data["timeRequired"] == f"PT{minutes.split()[0]}M"
        assert data["wordCount"] > 500
        assert doc.select_one('link[rel="canonical"]')["href"].endswith(f"posts/{path.name}")
        assert doc.select_one('meta[property="og:title"]')["content"] == title
        assert doc.select_one('meta[property="og:type"]')["content"] == "article"
        assert doc.select_one('meta[name="description"]')["content"] == data["description"]


def test_site_robots_and_404(site, soup):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: http" in robots and robots.strip().endswith("sitemap.xml")
    links = [a["href"] for a in soup("404.html").select("aside a[href], .sidebar-drawer a[href]")]
    assert links, "the 404 page lost its navigation"
    for href in links:
        assert href.startswith(("/", "http")), f"{href} breaks when the 404 page is served deeper"


def test_make_post_creates_a_clean_draft(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "tests" / "roots" / "test-publishing", source)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "new_post.py"), "--title",
         "Why Leases Beat Locks: A Field Guide!", "--section", "leadership",
         "--source", str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    post = source / "posts" / "why-leases-beat-locks-a-field-guide.md"
    text = post.read_text(encoding="utf-8")
    assert "category: Leadership" in text and "draft: true" in text
    assert "# Why Leases Beat Locks: A Field Guide!" in text
    again = subprocess.run([sys.executable, str(ROOT / "scripts" / "new_post.py"), "--title",
                            "Why leases beat locks: a field guide", "--section", "leadership",
                            "--source", str(source)], capture_output=True, text=True)
    assert again.returncode != 0 and "already exists" in again.stderr
    wrong = subprocess.run([sys.executable, str(ROOT / "scripts" / "new_post.py"), "--title",
                            "X", "--section", "nope", "--source", str(source)],
                           capture_output=True, text=True)
    assert wrong.returncode != 0 and "unknown section" in wrong.stderr
    for drafts in ("0", "1"):
        build = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
             str(source), str(tmp_path / f"out{drafts}")],
            capture_output=True, text=True, env={"WRITING_DRAFTS": drafts, "PATH": "/usr/bin:/bin",
                                                 "PYTHONPATH": str(ROOT / "ext")})
        assert build.returncode == 0, build.stderr
    assert not (tmp_path / "out0" / "posts" / post.with_suffix(".html").name).exists()


@pytest.mark.sphinx("html", testroot="publishing", freshenv=True,
                    confoverrides={"blog_feed_length": 1})
def test_feeds_keep_the_newest_entries(app):
    app.build()
    feed = feedparser.parse((Path(app.outdir) / "blog" / "atom.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Updated post"]
    section = feedparser.parse(
        (Path(app.outdir) / "blog" / "category" / "architecture" / "atom.xml").read_bytes())
    assert [e.title for e in section.entries] == ["Published post"]


def test_parallel_writers_feeds_equal_serial(rootdir, tmp_path):
    """Articles kept by parallel writer processes reach the feeds (``articles.py``)."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    outputs = {}
    for jobs in (1, 2):
        src = tmp_path / f"j{jobs}"
        shutil.copytree(rootdir / "test-publishing", src)
        app = SphinxTestApp("html", srcdir=src, parallel=jobs, warning=StringIO())
        try:
            app.build()
            assert app.builder.parallel_ok == (jobs > 1)
        finally:
            app.cleanup()
        outputs[jobs] = {feed: (Path(app.outdir) / feed).read_bytes()
                         for feed in ("blog/atom.xml", "blog/category/leadership/atom.xml")}
    assert outputs[1] == outputs[2]
    assert b"A paragraph with" in outputs[2]["blog/atom.xml"]


@pytest.mark.parametrize("value", ["#x", "#", "#a%20b", "b.html#c", "../x.png", "", "?q=1",
                                   "#x#y", "./", "../../"])
def test_feed_links_are_made_absolute_as_urljoin_does(value):
    from urllib.parse import urljoin

    from writing.output.articles import absolutize

    base = "https://example.org/blog/posts/a.html"
    assert absolutize(f'<a href="{value}">', base) == f'<a href="{urljoin(base, value)}">'


def test_the_scan_finds_the_documents_sphinx_finds(tmp_path):
    """The drafts scan reads exactly the files Sphinx will read: the same patterns, the
    same suffixes, the first of two files that would make one document."""
    from types import SimpleNamespace

    from sphinx.project import Project

    from writing.read.scan import source_files

    src = tmp_path / "src"
    for rel in ("index.md", "b.rst", "sub/c.md", "sub/deep/d.md", "_build/x.md",
                "skipped/e.md", "sub/skipped.md", "dup.md", "dup.rst", "_templates/t.md",
                "_static/s.md", "extra/x.rst", "notes.txt", "sub/_sources/y.md", ".#lock.md",
                "only/f.md", "only/g.rst"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text("# x\n", encoding="utf-8")
    suffixes = {".md": "markdown", ".rst": "restructuredtext"}
    for include in (["**"], ["index*", "sub/**", "only/*.md", "dup*"]):
        config = SimpleNamespace(
            exclude_patterns=["_build", "skipped", "sub/skipped.md"], include_patterns=include,
            templates_path=["_templates"], html_static_path=["_static"],
            html_extra_path=["extra"], source_suffix=suffixes)
        project = Project(src, suffixes)
        expected = project.discover(
            [*config.exclude_patterns, *config.templates_path, *config.html_static_path,
             *config.html_extra_path], include)
        found = source_files(src, config)
        assert set(found) == expected, include
        assert found == {d: project.doc2path(d, absolute=False).as_posix() for d in expected}
