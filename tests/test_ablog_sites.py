"""Other people's ABlog sites: every way ABlog knows a post, its settings, two themes.

Two roots set up as ABlog's own documentation does, nothing like this site:

- ``ablog-rst``: reStructuredText posts with ABlog's ``post`` directive, alabaster with
  ABlog's templates and sidebars, a ``postlist``, no sitemap/opengraph/notfound, and no
  ``writing_*`` setting at all (sections are ABlog's categories);
- ``ablog-myst``: MyST posts declared by ``blogpost: true`` (no ``blog_post_pattern``),
  ``blog_path = "news"``, two ``blog_authors``, Furo with sitemap/opengraph/notfound, two
  ``blog_feed_templates``, ``blog_feed_length`` and an ISO ``post_date_format``.

Each is also built with the other theme and the other set of optional extensions, and once
by ABlog alone (the extension removed from ``extensions``): every page and feed ABlog
makes has its equivalent here, listing the same posts, except what is deliberately
different (``DELIBERATE``).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

RST_BASE = "https://notes.example.com/"
MYST_BASE = "https://harbour.example.org/log/"

# Published posts of each root, newest first: title, reading minutes, section (category)
# pages, tags, authors (as readers see them), date as ``post_date_format`` shows it.
RST_POSTS = {
    "posts/grinding": dict(title="Grinding a mirror", minutes=3, categories=["workshop"],
                           tags=["telescopes", "tools"], authors=["Grace"],
                           date="05 March 2024", year=2024),
    "posts/first-light": dict(title="First light", minutes=2, categories=["observing"],
                              tags=["telescopes", "night-sky"], authors=["Ada"],
                              date="02 January 2024", year=2024),
    "posts/clear-skies": dict(title="Clear skies", minutes=1, categories=["observing"],
                              tags=["weather"], authors=["Ada", "Grace"],
                              date="20 November 2023", year=2023),
    # declared by front matter, as a field list (``blogpost: true``)
    "posts/eyepieces": dict(title="Choosing eyepieces", minutes=2, categories=["workshop"],
                            tags=["tools"], authors=["Grace"], date="05 October 2023",
                            year=2023),
}
MYST_POSTS = {
    "posts/spring-tide": dict(title="Spring tide", minutes=2, categories=["tides"],
                              tags=["moon", "charts"], authors=["Tomás Varga"],
                              date="2024-04-09", year=2024),
    "posts/new-mooring": dict(title="A new mooring", minutes=1, categories=["boats", "tides"],
                              tags=["moorings", "charts"],
                              authors=["Mira Okafor", "Tomás Varga"],
                              date="2024-02-14", year=2024),
    "posts/winter-refit": dict(title="Winter refit", minutes=1, categories=["boats"],
                               tags=["refit"], authors=["Mira Okafor"],  # blog_default_author
                               date="2023-12-01", year=2023),
    # declared by ABlog's ``post`` directive, in MyST
    "posts/harbour-walk": dict(title="A walk along the harbour wall", minutes=3,
                               categories=["tides"], tags=["walks", "charts"],
                               authors=["Tomás Varga"], date="2023-08-15", year=2023),
    "notes/tide-tables": dict(title="Reading tide tables", minutes=1, categories=["tides"],
                              tags=["charts", "moon"], authors=["Mira Okafor"],
                              date="2022-06-30", year=2022),
}
AUTHOR_PAGES = {"Ada": "ada", "Grace": "grace", "Mira Okafor": "mira-okafor",
                "Tomás Varga": "tomas-varga"}

OPTIONAL = ["sphinxext.opengraph", "sphinx_sitemap", "notfound.extension"]


def built(root: str, variant: str = "", **confoverrides):
    """Marks for a test reading one strict build of ``tests/roots/test-<root>`` (with
    ``confoverrides``); every test with the same marks shares the build."""
    return [pytest.mark.sphinx("html", testroot=root, confoverrides=confoverrides,
                               freshenv=True),
            pytest.mark.test_params(shared_result=f"{root}-{variant}" if variant else root)]


# sphinx.testing builds with "basic" instead of alabaster unless the theme is overridden.
RST = built("ablog-rst", html_theme="alabaster")
# Furo cannot host ABlog's templates (its layout.html is an error page), so ABlog's own
# advice applies: skip injecting them, and keep Furo's sidebars.
RST_FURO = built("ablog-rst", "furo", html_theme="furo", html_sidebars={},
                 skip_injecting_base_ablog_templates=True,
                 extensions=["ablog", *OPTIONAL, "writing"],
                 ogp_social_cards={"enable": False})
MYST = built("ablog-myst")
MYST_ALABASTER = built("ablog-myst", "alabaster", html_theme="alabaster",
                       skip_injecting_base_ablog_templates=False,
                       extensions=["myst_parser", "ablog", "writing"],
                       html_sidebars={"**": ["ablog/recentposts.html",
                                             "ablog/categories.html",
                                             "ablog/archives.html"]})

EVERY_RST = pytest.mark.parametrize("variant", [
    pytest.param("alabaster", marks=RST), pytest.param("furo", marks=RST_FURO)])
EVERY_MYST = pytest.mark.parametrize("variant", [
    pytest.param("furo", marks=MYST), pytest.param("alabaster", marks=MYST_ALABASTER)])


@pytest.fixture
def out(app) -> Path:
    """The build's output folder (built by the first test that needs it)."""
    app.build()
    return Path(app.outdir)


def warnings_of(app) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


# -- reading the output -------------------------------------------------------------------


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def resolve(from_page: str, href: str) -> str | None:
    """The output path an internal link points at (``None`` for external links)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_page), parts.path))


def linked_docs(out: Path, name: str, selector: str) -> list[str]:
    """The documents the links matched by ``selector`` on page ``name`` point at, in order."""
    found = []
    for link in page(out, name).select(selector):
        target = resolve(f"{name}.html", link["href"])
        if target is not None:
            found.append(target.removesuffix(".html"))
    return found


def cards(out: Path, name: str) -> dict[str, dict]:
    """The post cards on a page: document -> title, minutes and date shown."""
    found = {}
    for card in page(out, name).select("article.writing-card"):
        link = card.select_one(".writing-card-title a")
        doc = resolve(f"{name}.html", link["href"]).removesuffix(".html")
        meta = card.select_one(".writing-card-meta").get_text(" ", strip=True)
        found[doc] = {"title": link.get_text(strip=True),
                      "minutes": int(re.search(r"(\d+) min read", meta).group(1)),
                      "date": card.select_one("time").get_text(strip=True)}
    return found


def feed(out: Path, path: str):
    parsed = feedparser.parse((out / path).read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.bozo_exception}"
    return parsed


def entry_docs(parsed, base: str) -> list[str]:
    docs = []
    for entry in parsed.entries:
        assert entry.link.startswith(base), entry.link
        docs.append(entry.link[len(base):].removesuffix(".html"))
    return docs


def output_files(out: Path) -> set[str]:
    """Pages and feeds (static files, sources and search data aside)."""
    return {p.relative_to(out).as_posix() for p in out.rglob("*")
            if p.suffix in (".html", ".xml")
            and not p.relative_to(out).parts[0].startswith("_")}


def broken_links(out: Path) -> list[str]:
    """Links between the site's pages that point at no file."""
    broken = []
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(("_", "404")):
            continue  # the 404 page links from the site root, wherever it is served
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href")):
            for node in doc.find_all(tag, attrs={attr: True}):
                target = resolve(rel, node[attr])
                if target is not None and not (out / target).exists():
                    broken.append(f"{rel} -> {node[attr]}")
    return broken


# -- every build ----------------------------------------------------------------------------


ALL_BUILDS = pytest.mark.parametrize("variant", [
    pytest.param("rst", marks=RST), pytest.param("rst-furo", marks=RST_FURO),
    pytest.param("myst", marks=MYST), pytest.param("myst-alabaster", marks=MYST_ALABASTER)])


@ALL_BUILDS
def test_builds_strictly_clean(app, out, variant):
    assert warnings_of(app) == ""
    assert (out / "index.html").is_file()
    assert broken_links(out) == []


@ALL_BUILDS
def test_each_page_offers_each_feed_once(out, variant):
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        feeds = [resolve(rel, link["href"]) for link in
                 doc.select('link[rel="alternate"][type="application/atom+xml"]')]
        assert len(feeds) == len(set(feeds)), f"{rel}: {feeds}"
        redirect = doc.select_one('meta[http-equiv="refresh"]') is not None
        if not rel.startswith(("_", "404")) and not redirect:
            assert feeds and feeds[0].endswith("/atom.xml"), rel  # the blog's, first


def test_the_link_check_sees_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_text(
        '<a href="../b.html#x">b</a> <a href="c.html">c</a> <a href="https://e.org/">e</a>',
        encoding="utf-8")
    (tmp_path / "b.html").write_text("", encoding="utf-8")
    assert broken_links(tmp_path) == ["a/page.html -> c.html"]


# -- what a reader sees: root (a), reStructuredText and the post directive --------------------


def _listed_everywhere(out: Path, posts: dict, blog_path: str) -> None:
    """Each post on its section, tag, author and year pages and in the archive, with its
    reading time and date; nothing else on those pages."""
    expected: dict[str, set[str]] = {}
    for doc, facts in posts.items():
        for category in facts["categories"]:
            expected.setdefault(f"{blog_path}/category/{category}", set()).add(doc)
        for tag in facts["tags"]:
            expected.setdefault(f"{blog_path}/tag/{tag}", set()).add(doc)
        for author in facts["authors"]:
            expected.setdefault(f"{blog_path}/author/{AUTHOR_PAGES[author]}", set()).add(doc)
        expected.setdefault(f"{blog_path}/{facts['year']}", set()).add(doc)
    for name, docs in expected.items():
        shown = cards(out, name)
        assert set(shown) == docs, name
        for doc, card in shown.items():
            facts = posts[doc]
            assert (card["title"], card["minutes"], card["date"]) == (
                facts["title"], facts["minutes"], facts["date"]), f"{doc} on {name}"
        assert list(shown) == [d for d in posts if d in docs], f"{name}: not newest first"
    archive = linked_docs(out, f"{blog_path}/archive", ".writing-archive-list a")
    assert archive == list(posts)
    for doc, facts in posts.items():
        header = page(out, doc).select_one(".writing-post-header")
        assert f"{facts['minutes']} min read" in header.get_text(" ", strip=True)
        assert header.select_one("time").get_text(strip=True) == facts["date"]


@EVERY_RST
def test_rst_posts_are_listed_with_reading_time_and_date(out, variant):
    _listed_everywhere(out, RST_POSTS, "blog")
    section = page(out, "blog/category/observing")
    stats = section.select_one(".writing-section-stats").get_text(" ", strip=True)
    assert stats.startswith("2 posts · 3 min of reading")
    assert set(linked_docs(out, "blog/location/london", ".writing-card-title a")) == {
        "posts/first-light"}
    assert set(linked_docs(out, "blog/location/edinburgh", ".writing-card-title a")) == {
        "posts/clear-skies"}
    assert set(linked_docs(out, "blog/language/english", ".writing-card-title a")) == {
        "posts/grinding"}


@EVERY_RST
def test_sections_default_to_ablogs_categories(out, variant):
    """No ``writing_sections``: the home listing has one section per category."""
    home = page(out, "index")
    sections = {section["id"]: [resolve("index.html", a["href"]).removesuffix(".html")
                                for a in section.select(".writing-card-title a")]
                for section in home.select("section.writing-section")}
    assert sections == {"observing": ["posts/first-light", "posts/clear-skies"],
                        "workshop": ["posts/grinding", "posts/eyepieces"]}
    more = home.select_one("#workshop .writing-section-more")
    assert resolve("index.html", more.select_one("a")["href"]) == "blog/category/workshop.html"
    assert "(2 posts, 5 min)" in more.get_text(" ", strip=True)


@EVERY_RST
def test_rst_update_note_and_redirect(out, variant):
    header = page(out, "posts/first-light").select_one(".writing-post-header")
    assert header.select_one(".writing-updated").get_text(" ", strip=True) == \
        "Updated 01 February 2024"
    note = page(out, "posts/first-light").select_one(".update .admonition-title")
    assert note.get_text(strip=True) == "Updated on 01 February 2024"
    redirect = page(out, "old/first-light")
    assert resolve("old/first-light.html", redirect.select_one("a")["href"]) == \
        "posts/first-light.html"
    assert "1; url=../posts/first-light.html" in redirect.select_one(  # post_redirect_refresh
        'meta[http-equiv="refresh"]')["content"]


@EVERY_RST
def test_rst_future_post_is_nowhere(out, variant):
    assert not (out / "posts" / "someday.html").exists()
    assert not (out / "blog" / "drafts.html").exists()
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".js") and not path.name.startswith(
                "someday"):
            text = path.read_text(encoding="utf-8")
            assert "A post for the future" not in text and "posts/someday" not in text, path


@pytest.mark.parametrize("variant", [pytest.param("alabaster", marks=RST)])
def test_postlist_and_ablog_sidebars_show_the_posts(out, variant):
    index = page(out, "index")
    listed = [(resolve("index.html", a["href"]), a.parent.get_text(" ", strip=True))
              for a in index.select("ul.postlist li a")]
    assert listed == [("posts/grinding.html", "Grinding a mirror (2024-03-05)"),
                      ("posts/first-light.html", "First light (2024-01-02)"),
                      ("posts/clear-skies.html", "Clear skies (2023-11-20)"),
                      ("posts/eyepieces.html", "Choosing eyepieces (2023-10-05)")]
    sidebar = index.select_one(".sphinxsidebar")
    recent = [resolve("index.html", a["href"])
              for a in sidebar.select(".ablog__recentposts li a")]
    assert recent == [f"{doc}.html" for doc in RST_POSTS]
    cloud = {a.get_text(strip=True): resolve("index.html", a["href"])
             for a in sidebar.select(".ablog__tagcloud li a")}
    assert cloud == {"night sky": "blog/tag/night-sky.html",
                     "telescopes": "blog/tag/telescopes.html",
                     "tools": "blog/tag/tools.html", "weather": "blog/tag/weather.html"}
    categories = [a.get_text(strip=True) for a in sidebar.select(".ablog__categories li a")]
    assert categories == ["Observing (2)", "Workshop (2)"]
    years = [a.get_text(strip=True) for a in sidebar.select(".ablog__archives li a")]
    assert years == ["2024 (2)", "2023 (2)"]
    # ABlog's post card beside a post: its author, location, category and tag pages
    card = page(out, "posts/first-light").select_one(".ablog__postcard2")
    assert {resolve("posts/first-light.html", a["href"]) for a in card.select("a")} == {
        "blog/author/ada.html", "blog/location/london.html", "blog/category/observing.html",
        "blog/tag/telescopes.html", "blog/tag/night-sky.html"}


@EVERY_RST
def test_rst_feeds(out, variant):
    site = feed(out, "blog/atom.xml")
    assert entry_docs(site, RST_BASE) == list(RST_POSTS)
    for entry, (doc, facts) in zip(site.entries, RST_POSTS.items()):
        assert entry.title == facts["title"]
        assert [a.name for a in entry.authors] == facts["authors"]
    first = site.entries[1]
    assert first.published.startswith("2024-01-02") and first.updated.startswith("2024-02-01")
    archive_feeds = {
        "blog/category/observing/atom.xml": ["posts/first-light", "posts/clear-skies"],
        "blog/category/workshop/atom.xml": ["posts/grinding", "posts/eyepieces"],
        "blog/tag/telescopes/atom.xml": ["posts/grinding", "posts/first-light"],
        "blog/author/grace/atom.xml": ["posts/grinding", "posts/clear-skies",
                                       "posts/eyepieces"],
        "blog/location/london/atom.xml": ["posts/first-light"],
        "blog/language/english/atom.xml": ["posts/grinding"],
        "blog/2023/atom.xml": ["posts/clear-skies", "posts/eyepieces"],
    }
    for path, docs in archive_feeds.items():
        assert entry_docs(feed(out, path), RST_BASE) == docs, path


# -- the same site built by ABlog alone ------------------------------------------------------

# What the extension deliberately does differently from ABlog, by output file: (which
# build has the file, why). Everything else ABlog writes has its equivalent here.
DELIBERATE = {
    "ablog-rst": {
        "blog/drafts.html": ("ablog", "the drafts page exists only when drafts are shown"),
        "posts/someday.html": ("ablog", "a future post has no page until its date"),
    },
    "ablog-myst": {
        "news/drafts.html": ("ablog", "the drafts page exists only when drafts are shown"),
        "posts/draft-sails.html": ("ablog", "a future post has no page until its date"),
    },
}
# ABlog alone, on each root: ABlog's templates need a theme that can host them.
ALONE = {
    "ablog-rst": ["extensions=ablog"],
    "ablog-myst": ["extensions=myst_parser,ablog," + ",".join(OPTIONAL),
                   "html_theme=alabaster", "skip_injecting_base_ablog_templates=0"],
}


def ablog_front_matter(text: str) -> str:
    """The same front matter with each YAML list written as ABlog reads a list (``a, b``):
    ABlog alone splits MyST's ``["a", "b"]`` into the labels ``["a"`` and ``"b"]``."""
    if not text.startswith("---\n"):
        return text
    _, block, body = text.split("---\n", 2)
    data = {key: ", ".join(map(str, value)) if isinstance(value, list) else value
            for key, value in yaml.safe_load(block).items()}
    return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}"


def test_lists_are_rewritten_for_ablog_alone():
    text = ("---\nblogpost: true\ntags:\n  - a b\n  - c\nauthor: [x, y]\ndate: 2024-01-02\n"
            "---\n# T\n")
    assert ablog_front_matter(text) == (
        "---\nblogpost: true\ntags: a b, c\nauthor: x, y\ndate: 2024-01-02\n---\n# T\n")


@pytest.fixture(scope="module")
def ablog_alone(rootdir, tmp_path_factory):
    """``ablog_alone(root)``: the root built by ABlog without the extension (once), in a
    process of its own (ABlog keeps state between builds in one process), its front
    matter's lists written as ABlog reads them."""
    done: dict[str, Path] = {}

    def build(root: str) -> Path:
        if root not in done:
            src = tmp_path_factory.mktemp(root) / "src"
            shutil.copytree(rootdir / f"test-{root}", src)
            for path in src.rglob("*.md"):
                path.write_text(ablog_front_matter(path.read_text(encoding="utf-8")),
                                encoding="utf-8")
            dest = src.parent / "html"
            result = subprocess.run(
                [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E",
                 *(f"-D{setting}" for setting in ALONE[root]), str(src), str(dest)],
                capture_output=True, text=True, env={**os.environ, "TZ": "UTC"})
            assert result.returncode == 0, result.stderr
            done[root] = dest
        return done[root]

    return build


def _ablog_collection(ablog: Path, name: str) -> list[str] | None:
    """The posts an ABlog collection page lists, or ``None`` if it is not one."""
    doc = page(ablog, name)
    if doc.select_one(".ablog__collection") is None:
        return None
    return linked_docs(ablog, name, "h2.ablog-post-title a")


def _ablog_catalog(ablog: Path, name: str) -> list[str] | None:
    """The collections an ABlog catalog page links to, or ``None`` if it is not one."""
    doc = page(ablog, name)
    if doc.select_one(".ablog__catalog_header") is None:
        return None
    return linked_docs(ablog, name, ".ablog__catalog_header h2 a")


def _refresh_target(out: Path, name: str) -> str | None:
    meta = page(out, name).select_one('meta[http-equiv="refresh"]')
    if meta is None:
        return None
    return resolve(f"{name}.html", meta["content"].split("url=", 1)[1].strip())


@pytest.mark.parametrize("root, base", [
    pytest.param("ablog-rst", RST_BASE, marks=RST),
    pytest.param("ablog-myst", MYST_BASE, marks=MYST)])
def test_every_ablog_page_and_feed_has_its_equivalent(out, ablog_alone, root, base):
    ablog = ablog_alone(root)
    ours, theirs = output_files(out), output_files(ablog)
    deliberate = DELIBERATE[root]
    assert {f: ("ablog", deliberate[f][1]) for f in theirs - ours} == \
        {f: why for f, why in deliberate.items() if why[0] == "ablog"}
    assert {f: ("writing", deliberate.get(f, ("", "?"))[1]) for f in ours - theirs} == \
        {f: why for f, why in deliberate.items() if why[0] == "writing"}
    blog_path = "news" if root == "ablog-myst" else "blog"
    checked = 0
    for path in sorted(theirs & ours):
        name = path.removesuffix(".html")
        if path.endswith(".xml") and "<feed" in (ablog / path).read_text(encoding="utf-8"):
            assert entry_docs(feed(out, path), base) == entry_docs(feed(ablog, path), base), path
            checked += 1
        elif path.endswith(".html") and (posts := _ablog_collection(ablog, name)) is not None:
            if name == blog_path:  # ABlog's "All posts": ours redirects to the archive
                assert _refresh_target(out, name) == f"{blog_path}/archive.html"
                shown = linked_docs(out, f"{blog_path}/archive", ".writing-archive-list a")
            else:
                shown = list(cards(out, name))
            assert shown == posts, name
            checked += 1
        elif path.endswith(".html") and (collections := _ablog_catalog(ablog, name)):
            selector = ".writing-archive-year h2 a" if name == f"{blog_path}/archive" \
                else ".writing-catalog-list a"
            assert sorted(linked_docs(out, name, selector)) == sorted(collections), name
            checked += 1
        elif path.endswith(".html") and (target := _refresh_target(ablog, name)):
            assert _refresh_target(out, name) == target, name
            checked += 1
    assert checked >= 30


@pytest.mark.sphinx("html", testroot="ablog-myst", freshenv=True,
                    confoverrides={"writing_show_drafts": True})
@pytest.mark.test_params(shared_result="ablog-myst-drafts")
def test_the_drafts_page_when_drafts_are_shown_is_ablogs(out, ablog_alone):
    drafts = cards(out, "news/drafts")
    assert list(drafts) == _ablog_collection(ablog_alone("ablog-myst"), "news/drafts") == [
        "posts/draft-sails"]
    badge = page(out, "posts/draft-sails").select_one(".writing-post-header .writing-badge")
    assert badge.get_text(strip=True) == "Draft"
    assert "posts/draft-sails" not in entry_docs(feed(out, "news/atom.xml"), MYST_BASE)


# -- root (b): MyST, blogpost front matter, blog_path, authors, feed settings ---------------


@EVERY_MYST
def test_myst_posts_are_listed_with_reading_time_and_date(out, variant):
    _listed_everywhere(out, MYST_POSTS, "news")
    assert set(cards(out, "news/location/lisbon")) == {"posts/spring-tide",
                                                       "posts/harbour-walk"}
    header = page(out, "posts/spring-tide").select_one(".writing-post-header")
    updated = header.select_one(".writing-updated").get_text(" ", strip=True)
    assert updated == "Updated 2024-05-01"
    assert header.select_one(".writing-byline").get_text(strip=True) == "By Tomás Varga"


@EVERY_MYST
def test_a_yaml_list_of_authors_names_each_author(out, variant):
    byline = page(out, "posts/new-mooring").select_one(".writing-byline").get_text(strip=True)
    assert byline == "By Mira Okafor, Tomás Varga"
    for author in ("mira-okafor", "tomas-varga"):
        assert "posts/new-mooring" in cards(out, f"news/author/{author}")
    entry = feed(out, "news/atom.xml").entries[1]
    assert [a.name for a in entry.authors] == ["Mira Okafor", "Tomás Varga"]


@EVERY_MYST
def test_myst_blog_path_is_honoured_everywhere(out, variant):
    assert not (out / "blog").exists() and not (out / "blog.html").exists()
    for path in out.rglob("*"):
        if path.suffix in (".html", ".xml", ".txt", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"\bblog/|\bblog\.html", text), path.relative_to(out)
    assert _refresh_target(out, "news") == "news/archive.html"
    catalog = page(out, "news/author")
    assert {a.get_text(strip=True): resolve("news/author.html", a["href"])
            for a in catalog.select(".writing-catalog-list a")} == {
        "Mira Okafor": "news/author/mira-okafor.html",
        "Tomás Varga": "news/author/tomas-varga.html"}


@EVERY_MYST
def test_myst_future_post_is_nowhere(out, variant):
    assert not (out / "posts" / "draft-sails.html").exists()
    assert not (out / "news" / "drafts.html").exists()
    assert not (out / "news" / "tag" / "sails.html").exists()


@EVERY_MYST
def test_myst_feeds_follow_ablog_settings(out, variant):
    newest = ["posts/spring-tide", "posts/new-mooring"]  # blog_feed_length = 2
    atom = feed(out, "news/atom.xml")
    assert atom.feed.subtitle == "Tides, boats and the people who mend them."
    assert entry_docs(atom, MYST_BASE) == newest
    assert [[a.name for a in e.authors] for e in atom.entries] == [
        ["Tomás Varga"], ["Mira Okafor", "Tomás Varga"]]
    body = atom.entries[0].content[0].value  # blog_feed_fulltext
    assert "tide0 tide1" in body and "The chart is corrected" in body
    article = BeautifulSoup(atom.entries[1].content[0].value, "html.parser")
    assert article.select_one("a.reference")["href"] == f"{MYST_BASE}posts/spring-tide.html"
    assert article.select_one("img")["src"] == f"{MYST_BASE}_images/plan.png"
    social = feed(out, "news/social.xml")
    assert entry_docs(social, MYST_BASE) == newest
    assert [e.title for e in social.entries] == ["Spring tide (2024)", "A new mooring (2024)"]
    # each element from the plain values, as ABlog renders them (not the templated title)
    assert social.entries[0].content[0].value == "Spring tide #moon #charts"
    for root in ("atom", "social"):
        tides = feed(out, f"news/category/tides/{root}.xml")
        assert entry_docs(tides, MYST_BASE) == newest  # four posts, two shown
        mira = feed(out, f"news/author/mira-okafor/{root}.xml")
        assert entry_docs(mira, MYST_BASE) == [
            "posts/new-mooring", "posts/winter-refit"]
        assert entry_docs(feed(out, f"news/2022/{root}.xml"), MYST_BASE) == [
            "notes/tide-tables"]
    page_head = page(out, "news/category/tides").select('link[rel="alternate"]')
    assert {resolve("news/category/tides.html", link["href"]) for link in page_head} == {
        "news/atom.xml", "news/category/tides/atom.xml"}


@pytest.mark.parametrize("variant", [pytest.param("furo", marks=MYST)])
def test_myst_optional_extensions_do_their_part(out, variant):
    assert page(out, "index").select_one('link[href*="styles/furo.css"]') is not None
    sitemap = BeautifulSoup((out / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    locations = {loc.get_text() for loc in sitemap.find_all("loc")}
    for doc in MYST_POSTS:
        assert f"{MYST_BASE}{doc}.html" in locations
    assert f"{MYST_BASE}news/category/tides.html" in locations
    assert f"{MYST_BASE}news.html" not in locations  # a redirect
    assert (out / "robots.txt").read_text(encoding="utf-8").endswith(
        f"Sitemap: {MYST_BASE}sitemap.xml\n")
    og = page(out, "posts/spring-tide").select_one('meta[property="og:title"]')
    assert og["content"] == "Spring tide"
    notfound = page(out, "404")
    assert "/log/news/atom.xml" in {link["href"] for link in notfound.select("link[href]")}


@pytest.mark.parametrize("variant", [pytest.param("myst-alabaster", marks=MYST_ALABASTER),
                                     pytest.param("rst", marks=RST)])
def test_without_optional_extensions_their_features_are_off(out, variant):
    for absent in ("sitemap.xml", "robots.txt", "404.html"):
        assert not (out / absent).exists(), absent
    assert page(out, "index").select('meta[property^="og:"]') == []
    assert page(out, "index").select_one(".sphinxsidebar") is not None  # alabaster


@pytest.mark.parametrize("variant", [pytest.param("furo", marks=RST_FURO)])
def test_rst_root_with_furo_and_optional_extensions(out, variant):
    assert (out / "sitemap.xml").is_file() and (out / "404.html").is_file()
    assert page(out, "index").select_one(".sphinxsidebar") is None
    og = page(out, "posts/grinding").select_one('meta[property="og:title"]')
    assert og["content"] == "Grinding a mirror"


@pytest.mark.parametrize("root, name, expected", [
    pytest.param("rst", "about", {
        "posts/first-light.html", "blog/archive.html", "blog/tag.html",
        "blog/tag/telescopes.html", "blog/category/observing.html",
        "blog/author/grace.html", "blog/location/london.html"}, marks=RST),
    pytest.param("myst", "notes/about", {
        "posts/spring-tide.html", "news/archive.html", "news/tag/charts.html",
        "news/category/tides.html", "news/author/mira-okafor.html"}, marks=MYST)])
def test_ablog_references_land_on_the_pages(out, root, name, expected):
    links = {resolve(f"{name}.html", a["href"])
             for a in page(out, name).select("article a.reference.internal, "
                                             ".body a.reference.internal")} - {None}
    assert links == expected
    assert all((out / link).is_file() for link in links)


@pytest.mark.parametrize("variant", [pytest.param("alabaster", marks=MYST_ALABASTER)])
def test_ablog_sidebars_read_yaml_lists_as_labels(out, variant):
    sidebar = page(out, "index").select_one(".sphinxsidebar")
    categories = [a.get_text(strip=True) for a in sidebar.select(".ablog__categories li a")]
    assert categories == ["Boats (2)", "Tides (4)"]
    recent = [resolve("index.html", a["href"])
              for a in sidebar.select(".ablog__recentposts li a")]
    assert recent == [f"{doc}.html" for doc in MYST_POSTS]
    years = [a.get_text(strip=True) for a in sidebar.select(".ablog__archives li a")]
    assert years == ["2024 (2)", "2023 (2)", "2022 (1)"]
    note = page(out, "posts/spring-tide").select_one(".update .admonition-title")
    assert note.get_text(strip=True) == "Updated on 2024-05-01"


@pytest.mark.sphinx("html", testroot="ablog-rst", freshenv=True,
                    confoverrides={"html_theme": "furo", "html_sidebars": {}})
@pytest.mark.test_params(shared_result="ablog-rst-furo-injected")
def test_furo_under_ablogs_templates_is_a_warning_not_a_silent_error_page(app, out):
    """ABlog injects its page.html, which extends layout.html: Furo's layout.html is an
    error message, so every page would be that message, and ABlog says nothing."""
    assert "does not support" in page(out, "posts/grinding").get_text()  # Furo's message
    found = re.findall(r"WARNING: (.*) \[writing\.(\w+)\]", warnings_of(app))
    assert len(found) == 1 and found[0][1] == "config", warnings_of(app)
    assert "skip_injecting_base_ablog_templates = True" in found[0][0]
    assert "furo" in found[0][0]


@EVERY_MYST
def test_postlist_excerpts_keep_their_links(out, variant):
    """ABlog resolves an excerpt's references from the page listing it: a relative
    ``{doc}`` link in a post's first paragraph pointed nowhere on the home page."""
    index = page(out, "index")
    excerpt = next(item for item in index.select("ul.postlist li")
                   if "A new mooring" in item.get_text())
    assert [resolve("index.html", a["href"]) for a in excerpt.select("a.reference")] == [
        "posts/new-mooring.html", "posts/spring-tide.html"]


@pytest.mark.parametrize("target, expected", [
    ("spring-tide", "/posts/spring-tide"), ("../notes/about", "/notes/about"),
    ("/news/archive", "/news/archive")])
def test_excerpt_links_are_anchored_to_their_post(target, expected):
    from writing._compat import anchored_doc_target

    assert anchored_doc_target("posts/new-mooring", target) == expected


def test_ablog_references_survive_an_incremental_build(make_app, rootdir, tmp_path):
    """ABlog defines ``tag-…``, ``author-…`` references when it reads a post: a build that
    reads only a page referring to them left them undefined (a strict build failed)."""
    src = tmp_path / "ablog-rst"
    shutil.copytree(rootdir / "test-ablog-rst", src)
    theme = {"html_theme": "alabaster"}
    first = make_app("html", srcdir=src, freshenv=True, confoverrides=theme)
    first.build()
    first.cleanup()
    about = src / "about.rst"
    about.write_text(about.read_text(encoding="utf-8") + "\nTools: :ref:`tag-tools`.\n",
                     encoding="utf-8")
    again = make_app("html", srcdir=src, confoverrides=theme)
    again.build()
    assert warnings_of(again) == ""
    status = re.sub(r"\x1b\[[0-9;]*m", "", again.status.getvalue())
    assert "0 added, 1 changed, 0 removed" in status  # only about.rst is read again
    out = Path(again.outdir)
    links = {resolve("about.html", a["href"]) for a in page(out, "about").select(
        ".body a.reference.internal")}
    assert {"blog/tag/telescopes.html", "blog/author/grace.html",
            "blog/tag/tools.html"} <= links


@pytest.mark.parametrize("show_drafts", [False, True])
def test_a_reference_to_the_drafts_page_is_a_warning_when_it_is_not_built(
        make_app, rootdir, tmp_path, show_drafts):
    src = tmp_path / "ablog-rst"
    shutil.copytree(rootdir / "test-ablog-rst", src)
    about = src / "about.rst"
    about.write_text(about.read_text(encoding="utf-8") + "\nUnfinished: :ref:`blog-drafts`.\n",
                     encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides={
        "html_theme": "alabaster", "writing_show_drafts": show_drafts})
    app.build()
    out = Path(app.outdir)
    links = {resolve("about.html", a["href"])
             for a in page(out, "about").select(".body a.reference")}
    if show_drafts:
        assert warnings_of(app) == ""
        assert "blog/drafts.html" in links and (out / "blog" / "drafts.html").is_file()
    else:
        assert re.fullmatch(r"\S*about\.rst:8: WARNING: .*'blog-drafts'.*blog/drafts.*"
                            r"writing_show_drafts.* \[writing\.page_not_built\]\n",
                            warnings_of(app))
        assert "blog/drafts.html" not in links and not (out / "blog" / "drafts.html").exists()
        assert "Unfinished: blog-drafts." in " ".join(page(out, "about").get_text().split())


UNDATED = """\
A forever draft
===============

.. post::
   :tags: telescopes
   :category: Observing

Still grinding the mirror.
"""


@pytest.mark.parametrize("show_drafts", [False, True])
def test_an_undated_post_is_a_draft_as_in_ablog(make_app, rootdir, tmp_path, show_drafts):
    """ABlog keeps a post without a date as a draft (its manual's "forever draft"): left
    out of a normal build, with a warning at its directive; on the drafts page with drafts."""
    src = tmp_path / "ablog-rst"
    shutil.copytree(rootdir / "test-ablog-rst", src)
    (src / "posts" / "forever.rst").write_text(UNDATED, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True, confoverrides={
        "html_theme": "alabaster", "writing_show_drafts": show_drafts})
    app.build()
    out = Path(app.outdir)
    assert re.fullmatch(r"\S*posts/forever\.rst:4: WARNING: post has no date, so it is kept "
                        r"as a draft .*'\.\. post:: YYYY-MM-DD'.*':draft: true'.* "
                        r"\[writing\.date_missing\]\n",
                        warnings_of(app))
    if show_drafts:
        listed = [resolve("blog/drafts.html", a["href"]) for a in
                  page(out, "blog/drafts").select(".writing-card-title a")]
        assert listed == ["posts/someday.html", "posts/forever.html"]  # future, undated
        badge = page(out, "posts/forever").select_one(".writing-badge")
        assert badge.get_text(strip=True) == "Draft"
    else:
        assert not (out / "posts" / "forever.html").exists()
        for path in out.rglob("*"):
            if path.suffix in (".html", ".xml", ".txt", ".js"):
                assert "forever" not in path.read_text(encoding="utf-8"), path
