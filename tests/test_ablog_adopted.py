"""An ABlog site laid out as personal sites often are, with "writing" added to it.

Found by building real ABlog sites with the extension: a placeholder page at ``blog_path``
(ABlog writes "All posts" over it), posts kept as ``<slug>/index.md`` (ABlog labels them by
folder), footnotes in a post's first paragraph, and ``blog_baseurl`` without a slash.
"""

from __future__ import annotations

import os
import re
import shutil
from io import StringIO
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from writing.index.slugs import ablog_label, same_file_name, same_slug

EXT = Path(__file__).resolve().parents[1] / "ext"


def build(src: Path, **kwargs) -> tuple[Path, str]:
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=src, warning=warnings, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())


@pytest.fixture
def site(rootdir, tmp_path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-ablog-adopted", src)
    return src


def soup(out: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser")


def test_ablog_labels_index_posts_by_their_folder():
    assert ablog_label("posts/2024/first-light/index") == "first-light"
    assert ablog_label("posts/2023/notebook") == "notebook"
    assert ablog_label("index") == ""
    assert same_file_name(["posts/2024/a/index", "posts/2024/b/index", "posts/x"]) == []
    assert same_file_name(["posts/2023/a", "posts/2024/a/index"]) == [
        ["posts/2023/a", "posts/2024/a/index"]]


def test_authors_collide_by_their_display_names():
    class Record:
        def __init__(self, *authors):
            self.authors = authors

    records = {"posts/a": Record("ines"), "posts/b": Record("Ines Duarte")}
    assert same_slug(records, "authors") == []
    assert same_slug(records, "authors", {"ines": "Ines Duarte"}) == [
        ("ines-duarte", [("ines", "posts/a"), ("Ines Duarte", "posts/b")])]


def test_the_site_builds_strictly_and_replaces_the_placeholder(site):
    out, warnings = build(site, warningiserror=True)
    assert warnings == ""
    page = soup(out, "blog.html")
    assert "replaced by ablog" not in page.get_text()
    refresh = page.select_one('meta[http-equiv="refresh"]')
    assert refresh is not None and refresh["content"].endswith("blog/archive.html")
    archive = soup(out, "blog/archive.html").get_text()
    for title in ("First light", "A second look", "The field notebook"):
        assert title in archive


def test_the_placeholder_stays_replaced_after_it_is_edited(site):
    out, _ = build(site)
    placeholder = site / "blog.md"
    placeholder.write_text(placeholder.read_text(encoding="utf-8") + "\nEdited.\n",
                           encoding="utf-8")
    out, warnings = build(site)
    assert "Traceback" not in warnings
    page = soup(out, "blog.html")
    assert page.select_one('meta[http-equiv="refresh"]') is not None
    assert "Edited." not in page.get_text()


def test_summaries_leave_footnote_marks_out(site):
    out, _ = build(site)
    head = soup(out, "posts/2024/first-light/index.html")
    description = head.select_one('meta[name="description"]')["content"]
    assert description.startswith("Dawn counts at the estuary start"), description
    parsed = feedparser.parse((out / "blog" / "atom.xml").read_bytes())
    summaries = {e.title: e.summary for e in parsed.entries}
    assert summaries["First light"].startswith("Dawn counts at the estuary start")


def test_the_blog_feed_keeps_ablogs_id(site):
    out, _ = build(site)
    parsed = feedparser.parse((out / "blog" / "atom.xml").read_bytes())
    assert parsed.feed.id == "https://notes.example.net"
    tag_feed = feedparser.parse((out / "blog" / "tag" / "survey" / "atom.xml").read_bytes())
    assert tag_feed.feed.id == "https://notes.example.net/blog/tag/survey.html"


def test_real_label_and_author_clashes_are_named(site):
    clash = site / "posts" / "2023" / "first-light.md"
    clash.write_text("---\ndate: 2023-01-05\nauthor: Ines Duarte\n---\n\n# An older first light\n\n"
                     "Text.\n", encoding="utf-8")
    _, warnings = build(site)
    found = [line for line in warnings.splitlines() if "[writing.slug_duplicate]" in line]
    assert any("posts/2024/first-light/index.md:1:" in line and "'first-light'" in line
               and "posts/2023/first-light" in line for line in found), found
    assert any("author 'Ines Duarte' and author 'ines'" in line and "first-light.md:3:" in line
               for line in found), found
    assert len(found) == 2, found


def test_a_post_directive_off_its_heading_does_not_hang_the_build(site):
    """ABlog loops forever looking for the section of a ``post`` directive that is not
    directly under a heading in a document of several posts (a directive shown as an
    example inside a list, say): it is read as plain content, with a warning."""
    import subprocess
    import sys

    (site / "meetings.md").write_text(
        "---\norphan: true\n---\n\n# Meetings\n\n## Spring meeting\n\n```{post} 2024-04-01\n"
        ":tags: survey\n```\n\nWe met at the hide.\n\n## How to post\n\n- Write this:\n\n"
        "  ```{post} 2024-04-02\n  :tags: kit\n\n  An example.\n  ```\n", encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(site),
                               str(site / "_build" / "html")], capture_output=True, text=True,
                              timeout=180, env={**os.environ, "NO_COLOR": "1",
                                                "PYTHONPATH": str(EXT)})
    except subprocess.TimeoutExpired:
        pytest.fail("the build did not end")
    warnings = done.stderr
    assert done.returncode == 0 and "Traceback" not in warnings, warnings
    assert re.search(r"meetings\.md:19: WARNING: this 'post' directive sits in a list_item.*"
                     r"\[writing\.multi_post\]", warnings), warnings
    page = (site / "_build" / "html" / "meetings.html").read_text(encoding="utf-8")
    assert "An example." in page


@pytest.mark.parametrize("suffix_line", ["", 'source_suffix = [".md"]'])
def test_drafts_are_kept_out_however_source_suffix_is_written(site, suffix_line):
    """Without ``source_suffix`` (MyST adds ``.md`` itself), or with it as a list, the scan
    before reading sees the Markdown posts, so drafts and future posts get no page."""
    conf = site / "conf.py"
    conf.write_text(re.sub(r"^source_suffix = .*$", suffix_line, conf.read_text(encoding="utf-8"),
                           flags=re.M), encoding="utf-8")
    for name, front in (("later", "date: 2099-01-02"), ("unfinished", "date: 2024-01-02\n"
                                                                      "draft: true")):
        (site / "posts" / "2024" / f"{name}.md").write_text(
            f"---\n{front}\n---\n\n# {name}\n\nNot yet.\n", encoding="utf-8")
    out, warnings = build(site)
    assert "draft_read" not in warnings and "Traceback" not in warnings, warnings
    assert not (out / "posts" / "2024" / "later.html").exists()
    assert not (out / "posts" / "2024" / "unfinished.html").exists()
    assert (out / "posts" / "2023" / "notebook.html").exists()


def test_an_rst_future_post_is_kept_out_with_source_suffix_as_a_string(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-ablog-rst", src)
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8")
                                 + '\nsource_suffix = ".rst"\n', encoding="utf-8")
    (src / "posts" / "later.rst").write_text(  # a post by blog_post_pattern, dated by a field
        ":date: 2099-01-02\n:tags: tools\n\nLater\n=====\n\nNot yet.\n", encoding="utf-8")
    out, warnings = build(src, confoverrides={"html_theme": "alabaster",
                                              "blog_post_pattern": "posts/later.rst"})
    assert "draft_read" not in warnings and "Traceback" not in warnings, warnings
    assert not (out / "posts" / "later.html").exists()
    assert (out / "posts" / "grinding.html").exists()


OLD_SIDEBAR_NAMES = {"**": ["postcard.html", "recentposts.html", "tagcloud.html",
                            "categories.html", "archives.html", "searchbox.html"]}


@pytest.mark.parametrize("sidebars", [None, OLD_SIDEBAR_NAMES], ids=["ablog-names", "old-names"])
def test_a_retitled_post_reaches_ablogs_sidebars_and_links(rootdir, tmp_path, sidebars):
    """Under alabaster with ABlog's templates, every page shows ABlog's sidebars (recent
    posts, archives; also under the names ABlog 0.11 still renders) and each post ABlog's
    previous/next links through the whole blog: after a post is retitled, an incremental
    build writes what a clean build writes."""
    from tests.buildtools import tree_differences

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-ablog-rst", src)
    settings = {"html_theme": "alabaster"}
    if sidebars:
        settings["html_sidebars"] = sidebars
    incremental = tmp_path / "incremental"
    build(src, builddir=incremental, confoverrides=settings)
    post = src / "posts" / "first-light.rst"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "First light\n===========", "First light, again\n=================="), encoding="utf-8")
    build(src, builddir=incremental, confoverrides=settings)
    clean = tmp_path / "clean"
    build(src, builddir=clean, confoverrides=settings)
    page = (clean / "html" / "posts" / "grinding.html").read_text(encoding="utf-8")
    assert "First light, again" in page  # ABlog's previous/next link
    assert tree_differences(incremental / "html", clean / "html",
                            names=("incremental", "clean")) == []


def test_a_removed_footnote_mark_leaves_no_space_before_punctuation():
    from docutils import nodes

    from writing.index.collector import _prose

    paragraph = nodes.paragraph("", "", nodes.Text("They look the same "),
                                nodes.footnote_reference("2", "2"), nodes.Text(", and differ "),
                                nodes.citation_reference("x", "x"))
    assert _prose(paragraph) == "They look the same, and differ"
    plain = nodes.paragraph("", "", nodes.Text("No marks here ; kept as written."))
    assert _prose(plain) == "No marks here ; kept as written."


def test_feed_templates_see_ablogs_names_and_fail_as_warnings(site):
    """``blog_feed_templates`` render each element from the entry's own values with the
    names ABlog's templates use; a template that cannot render is a warning, and the plain
    value stays."""
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '''
blog_feed_templates = {
    "atom": {},
    "social": {"title": "NEW {{ title }}",
               "content": "{{ title }} at {{ post_url }} by {{ post.author[0].name }}"
                          "{% for tag in post.tags %} #{{ tag.name }}{% endfor %}"},
    "broken": {"summary": "{{ post.nothing[0] }}"},
}
''', encoding="utf-8")
    out, warnings = build(site)
    social = feedparser.parse((out / "blog" / "social.xml").read_bytes())
    entry = next(e for e in social.entries if e.link.endswith("first-light/index.html"))
    assert entry.title == "NEW First light"
    assert entry.content[0].value == (
        "First light at https://notes.example.net/posts/2024/first-light/index.html "
        "by Ines Duarte #survey")
    assert "Traceback" not in warnings
    assert re.search(r"blog_feed_templates\['broken'\]\['summary'\] cannot be rendered .*"
                     r"\[writing\.config\]", warnings), warnings
    broken = feedparser.parse((out / "blog" / "broken.xml").read_bytes())
    assert {e.summary for e in broken.entries} >= {"Dawn counts at the estuary start before "
                                                   "the tide turns."}


def test_external_links_redirect_delays_and_nameless_tags(site):
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\npost_redirect_refresh = 3\n",
                    encoding="utf-8")
    (site / "posts" / "2023" / "elsewhere.md").write_text(
        "---\ndate: 2023-06-01\nexternal_link: https://elsewhere.example/field\n"
        "redirect: old/elsewhere\ntags: +++\n---\n\n# Elsewhere\n\nPublished elsewhere.\n",
        encoding="utf-8")
    out, warnings = build(site)
    archive = soup(out, "blog/archive.html")
    assert archive.select_one('a[href="https://elsewhere.example/field"]') is not None
    refresh = soup(out, "old/elsewhere.html").select_one('meta[http-equiv="refresh"]')
    assert refresh["content"].startswith("3; url=")
    assert re.search(r"elsewhere\.md:5: WARNING: tag '\+\+\+' has no letter or digit.*"
                     r"\[writing\.slug_duplicate\]", warnings), warnings


def test_jsonld_names_each_author_and_uses_blog_baseurl(site):
    import json

    out, _ = build(site, confoverrides={"html_baseurl": ""})  # blog_baseurl alone
    script = soup(out, "posts/2024/first-light/index.html").select_one(
        'script[type="application/ld+json"]')
    data = json.loads(script.get_text())
    assert data["url"] == "https://notes.example.net/posts/2024/first-light/index.html"
    assert data["author"] == [{"@type": "Person", "name": "Ines Duarte"}]
    assert data["publisher"] == {"@type": "Person", "name": "Ines Duarte"}


def test_a_feed_template_follows_the_fields_it_shows(site):
    """A template may show any field of a post: changing one (here its location) rewrites
    the feed on an incremental build."""
    conf = site / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '''
blog_feed_templates = {"atom": {}, "where": {"content": "{{ post.location[0].name }}"}}
''', encoding="utf-8")
    post = site / "posts" / "2024" / "second-look" / "index.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "category: fieldwork", "category: fieldwork\nlocation: North hide"), encoding="utf-8")
    out, _ = build(site)
    post.write_text(post.read_text(encoding="utf-8").replace("North hide", "South hide"),
                    encoding="utf-8")
    out, _ = build(site)
    where = feedparser.parse((out / "blog" / "where.xml").read_bytes())
    assert [e.content[0].value for e in where.entries if "second-look" in e.link] == [
        "South hide"]
