"""The eight essays: the author's Writing page reproduced, references, cross-links, listings."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.buildtools import copy_project, start_build
from tests.conftest import need_tool

ROOT = Path(__file__).resolve().parents[1]
# The author's Writing page, word for word: the home page must reproduce it.
SEED = ROOT / "tests" / "data" / "writing-page.txt"
POSTS = ROOT / "source" / "posts"
DATE = re.compile(r"^[A-Z][a-z]+ \d{1,2}, \d{4}$")
MINUTES = re.compile(r"^(\d+) min$")
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
INCLUDE = re.compile(r"^```\{literalinclude\}[ \t]+(\S+)[ \t]*\n((?:^:[\w-]+:.*\n)*)^```[ \t]*$", re.M)
LISTINGS = ROOT / "source" / "_listings"


def parse_seed(text: str) -> tuple[str, str, list[dict]]:
    """The seed page: title, tagline, and sections with their posts in order."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title, tagline, sections, i = lines[0], lines[1], [], 2
    while i < len(lines):
        if i + 3 < len(lines) and DATE.match(lines[i + 2]) and MINUTES.match(lines[i + 3]):
            sections[-1]["posts"].append({"title": lines[i], "summary": lines[i + 1],
                                          "date": lines[i + 2],
                                          "minutes": int(MINUTES.match(lines[i + 3])[1])})
            i += 4
        else:
            sections.append({"name": lines[i], "description": lines[i + 1], "posts": []})
            i += 2
    return title, tagline, sections


@pytest.fixture(scope="module")
def seed():
    return parse_seed(SEED.read_text(encoding="utf-8"))


def test_home_reproduces_the_writing_page(seed, soup):
    title, tagline, sections = seed
    home = soup("index.html")
    assert home.select_one("article h1").get_text().rstrip("#¶") == title
    assert home.select_one(".writing-tagline").get_text() == tagline
    shown = home.select("section.writing-section")
    assert [s.select_one("h2").get_text().rstrip("#¶") for s in shown] == \
        [s["name"] for s in sections]
    for section, node in zip(sections, shown):
        assert node.select_one(".writing-section-description").get_text() == section["description"]
        cards = node.select(".writing-card")
        assert [c.select_one(".writing-card-title a").get_text() for c in cards] == \
            [p["title"] for p in section["posts"]]
        for post, card in zip(section["posts"], cards):
            assert card.select_one(".writing-card-summary").get_text() == post["summary"]
            meta = card.select_one(".writing-card-meta").get_text().strip()
            assert meta == f"{post['date']} · {post['minutes']} min read"


def test_post_pages_show_seed_date_and_minutes(seed, soup):
    for section in seed[2]:
        for post in section["posts"]:
            page = next(p for p in POSTS.glob("*.md")
                        if f"# {post['title']}\n" in p.read_text(encoding="utf-8"))
            doc = soup(f"posts/{page.stem}.html")
            meta = doc.select_one(".writing-post-meta")
            assert meta.select_one("time").get_text() == post["date"]
            assert meta.select_one(".writing-minutes").get_text() == f"{post['minutes']} min read"
            assert meta.select_one(".writing-section-link").get_text() == section["name"]


def essay_files() -> list[Path]:
    return sorted(POSTS.glob("*.md"))


def test_there_are_eight_essays_with_valid_tags():
    import runpy

    vocabulary = set(runpy.run_path(str(ROOT / "source" / "conf.py"))["writing_tags"])
    files = essay_files()
    assert len(files) == 8
    for path in files:
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---")[1])
        tags = [t.strip() for t in str(front["tags"]).split(",")]
        assert 2 <= len(tags) <= 5 and set(tags) <= vocabulary, path.name


@pytest.mark.parametrize("path", essay_files(), ids=lambda p: p.stem)
def test_essay_has_references_and_cross_links(path, soup):
    doc = soup(f"posts/{path.stem}.html")
    article = doc.select_one("article")
    headings = [h.get_text().rstrip("#¶") for h in article.select("h2")]
    assert "References" in headings
    references = article.select_one("section#references")
    assert len(references.select("aside.footnote")) >= 3  # one per source, {footbibliography}
    targets = set()
    for link in article.select("section a.reference.internal[href]"):
        href = link["href"].split("#")[0]
        if href.endswith(".html") and href != f"{path.stem}.html" and "/" not in href:
            targets.add(href)
    assert len(targets) >= 2, f"{path.stem} links only {targets}"
    for href in targets:
        assert (POSTS.parent.parent / "source" / "posts" / href.replace(".html", ".md")).is_file()


def test_at_least_three_essays_have_accessible_figures(soup):
    with_figures = 0
    for path in essay_files():
        figures = soup(f"posts/{path.stem}.html").select("figure.writing-figure svg[role=img]")
        for svg in figures:
            assert len(svg["aria-label"]) > 20
        with_figures += bool(figures)
    assert with_figures >= 3


def includes(path: Path) -> list[tuple[str, dict[str, str]]]:
    """A post's ``literalinclude`` directives: the path as written, and their options."""
    found = []
    for match in INCLUDE.finditer(path.read_text(encoding="utf-8")):
        options = dict(re.findall(r"^:([\w-]+):[ \t]*(.*)$", match.group(2), re.M))
        found.append((match.group(1), options))
    return found


def include_target(post: Path, written: str, source: Path = POSTS.parent) -> Path:
    """Where Sphinx reads an included file: ``/x`` from the source folder, else the post's."""
    if written.startswith("/"):
        return source / written.lstrip("/")
    return post.parent / written


def listings() -> list[tuple[str, str, str]]:
    """Every code listing: fenced blocks as written, and each included file whole."""
    found = []
    for path in essay_files():
        text = path.read_text(encoding="utf-8")
        for n, match in enumerate(FENCE.finditer(text)):
            found.append((f"{path.stem}#{n}", match.group(1).lower(), match.group(2)))
        for written, options in includes(path):
            target = include_target(path, written)
            code = target.read_text(encoding="utf-8") if target.is_file() else ""
            found.append((f"{path.stem}:{target.name}", options.get("language", "").lower(),
                          code))
    return found


@pytest.mark.parametrize("path", essay_files(), ids=lambda p: p.stem)
def test_included_listings_exist_and_their_markers_match(path):
    """Each ``literalinclude`` names a file under source/_listings, says its language, and
    its start/end markers select a non-empty part of the file."""
    for written, options in includes(path):
        target = include_target(path, written).resolve()
        assert target.is_file(), f"{path.name}: {written} does not exist"
        assert LISTINGS in target.parents, f"{path.name}: {written} is not under source/_listings"
        assert options.get("language"), f"{path.name}: {written} has no :language:"
        text = target.read_text(encoding="utf-8")
        start = 0
        for key in ("start-at", "start-after"):
            if key in options:
                assert options[key] in text, f"{written}: {key} {options[key]!r} not found"
                start = text.index(options[key])
        for key in ("end-at", "end-before"):
            if key in options:
                assert options[key] in text[start:], \
                    f"{written}: {key} {options[key]!r} not found after the start"
        assert set(options) <= {"language", "start-at", "start-after", "end-at", "end-before",
                                "lines", "dedent", "caption", "emphasize-lines", "linenos"}, \
            f"{written}: unexpected options {sorted(options)}"


def test_a_missing_listing_file_fails_the_strict_build(tmp_path):
    """Sphinx reports a missing include as a warning; the strict build must stop on it."""
    post = next(p for p in essay_files() if includes(p))
    written = includes(post)[0][0]
    source = copy_project(tmp_path / "project")
    missing = include_target(source / "posts" / post.name, written, source)
    assert source in missing.parents
    missing.unlink()
    build = start_build(source, tmp_path / "out")
    _, err = build.communicate()
    assert build.returncode != 0
    assert "not found" in err and Path(written).name in err, err


def _run(tool: list[str], code: str, suffix: str, tmp_path: Path) -> None:
    source = tmp_path / f"listing{suffix}"
    source.write_text(code, encoding="utf-8")
    result = subprocess.run([*tool, str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name, language, code", listings(), ids=[n for n, _, _ in listings()])
def test_listing_parses(name, language, code, tmp_path):
    if language == "go":
        # On standard input gofmt also accepts fragments: declarations without a package.
        result = subprocess.run([need_tool("gofmt", "golang-go"), "-e"], input=code,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    elif language == "lua":
        _run([need_tool("luac5.4", "lua5.4"), "-p"], code, ".lua", tmp_path)
    elif language == "json":
        json.loads(code)
    elif language in ("yaml", "yml"):
        yaml.safe_load(code)
    elif language == "python":
        ast.parse(code)
    elif language in ("sql", "postgresql"):
        import sqlglot

        assert sqlglot.parse(code, read="postgres")
    elif language in ("text", "markdown", "md", "http", "console", "shell", "sh", "bash",
                      "ini", "toml", "nginx", "none"):
        pytest.skip(f"no parser for {language}")
    else:
        pytest.fail(f"{name}: no syntax check for language {language!r}; add one")
