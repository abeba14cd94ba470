"""Hostile input: every problem is a located warning or correct output; nothing unescaped."""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

INJECTED = re.compile(r"<script>alert|<b>\"?\s*O'Hara|</p><script>", re.I)


def output_files(outdir: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in outdir.rglob("*") if p.is_file() and p.suffix in suffixes)


@pytest.fixture(scope="module")
def hostile(rootdir, tmp_path_factory):
    """The hostile root plus a generated 50,000-word post, built once."""
    src = tmp_path_factory.mktemp("hostile") / "src"
    shutil.copytree(rootdir / "test-hostile", src)
    words = " ".join(f"word{i % 997}" for i in range(49_996))
    (src / "posts" / "huge.md").write_text(
        "---\ndate: 2024-01-17\ncategory: Architecture\nsummary: \"Very long.\"\n---\n\n"
        f"# Huge post\n\n{words}\n", encoding="utf-8")
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=src, freshenv=True, warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, Path(app.outdir), re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())


def test_no_traceback_and_each_problem_is_located(hostile):
    _, _, warnings = hostile
    assert "Traceback" not in warnings and "Exception" not in warnings
    assert re.search(r"posts/empty\.md:1: WARNING: post has no title.*\[writing\.title_missing\]",
                     warnings)
    assert re.search(r"posts/same\.md:1: WARNING: .*archive/same.*\[writing\.slug_duplicate\]",
                     warnings)
    assert re.search(r"posts/broken-ref\.md:9: WARNING: unknown document.*\[ref\.doc\]", warnings)


def test_no_injected_markup_in_any_html_page(hostile):
    _, out, _ = hostile
    pages = output_files(out, ".html")
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not INJECTED.search(text), f"unescaped markup in {page.relative_to(out)}"


def test_hostile_text_survives_as_text(hostile):
    _, out, _ = hostile
    doc = BeautifulSoup((out / "posts" / "xss.html").read_text(encoding="utf-8"), "html.parser")
    assert doc.select_one("article h1").get_text().rstrip("#\u00b6") == \
        "Title \u201cquoted\u201d <script>alert(\u2018title\u2019)</script> & more"
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    description = home.select_one(".writing-section-description").get_text()
    assert "<script>alert(" in description and "</script> notes." in description
    section = BeautifulSoup((out / "blog" / "category" / "architecture.html")
                            .read_text(encoding="utf-8"), "html.parser")
    assert "alert('section')" in section.select_one('meta[name="description"]')["content"]


def test_jsonld_and_feeds_hold_hostile_text_as_data(hostile):
    _, out, _ = hostile
    raw = (out / "posts" / "xss.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S).group(1)
    data = json.loads(block)
    assert "<script>alert('summary')</script>" in data["description"]
    for feed_path in output_files(out, ".xml"):
        xml = feed_path.read_text(encoding="utf-8")
        assert "<script>" not in xml, f"raw markup in {feed_path.relative_to(out)}"
    feed = feedparser.parse((out / "blog" / "atom.xml").read_bytes())
    assert any("alert" in e.title for e in feed.entries)
    assert feed.feed.author


def test_search_index_is_data_not_markup(hostile):
    _, out, _ = hostile
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    payload = json.loads(text[text.index("(") + 1: text.rindex(")")])
    assert any("alert" in t for t in payload["titles"])


def test_empty_code_only_cjk_and_huge_posts_build(hostile):
    app, out, _ = hostile
    counts = app.env.writing_state.counts
    assert counts["posts/code-only"].code_words == 2 and counts["posts/code-only"].prose_words == 2
    assert counts["posts/cjk"].cjk_chars > 40
    assert counts["posts/huge"].prose_words == 49_998
    minutes = {a.get_text(): a.find_parent("article").select_one(".writing-card-meta").get_text()
               for a in BeautifulSoup((out / "index.html").read_text(encoding="utf-8"),
                                      "html.parser").select(".writing-card-title a")}
    assert "217 min read" in minutes["Huge post"]  # 49,998 words at 230 wpm
    assert "1 min read" in minutes["Code only"]
    for name in ("empty", "code-only", "cjk", "huge"):
        assert (out / "posts" / f"{name}.html").is_file()
