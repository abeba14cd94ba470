"""Bad input never crashes, never leaks a draft, never loses text (issue 14).

The ``test-hostile-input`` root holds a post for each way a review broke the site; the
files git cannot hold faithfully (Windows-1252 text, control characters, CRLF line ends,
two names that differ only in case) are written here, before the builds. The corpus is
built three ways at once: leniently, strictly (``-W --keep-going -n``) and strictly with
``-j 2``. Each build must end without a traceback, name every problem as a typed
``writing.*`` warning at the file and line to fix, and publish no draft or future post by
any spelling: no page, listing, feed entry, sitemap or search entry, in any output file.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.buildtools import build_pair_warm, files, strict_args, warm_builds

CRASHES = ("Traceback", "Extension error", "Exception occurred")
# Bytes no other file of the site holds: the drafts' names, titles and text.
SECRET = re.compile(rb"secret", re.I)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

RUNTIME_FILES = {
    # Pasted terminal output with ANSI colour codes: kept in the code, dropped elsewhere.
    "posts/ansi.md": (
        "---\ndate: 2024-01-12\ncategory: Architecture\nsummary: \"Pasted terminal output.\"\n"
        "---\n\n# Terminal colours\n\n```console\n$ make test\n"
        "\x1b[31mFAILED\x1b[0m tests/test_x.py\n```\n").encode(),
    # A vertical tab in the title.
    "posts/vtab-title.md": (
        "---\ndate: 2024-01-13\ncategory: Architecture\nsummary: \"A tab in the title.\"\n"
        "---\n\n# Vertical\x0btab title\n\nText.\n").encode(),
    # Saved as Windows-1252: "café" with byte 0xE9, on line 9.
    "posts/latin1.md": (
        "---\ndate: 2024-01-14\ncategory: Architecture\nsummary: \"Legacy encoding.\"\n"
        "---\n\n# Legacy encoding\n\nA café.\n").encode("cp1252"),
    # Two names that differ only in case: one file on a case-insensitive disk.
    "posts/Alpha.md": (
        "---\ndate: 2024-01-15\ncategory: Architecture\nsummary: \"Upper case.\"\n---\n\n"
        "# Alpha upper\n\nText.\n").encode(),
    "posts/alpha.md": (
        "---\ndate: 2024-01-16\ncategory: Architecture\nsummary: \"Lower case.\"\n---\n\n"
        "# Alpha lower\n\nText.\n").encode(),
    # A draft with Windows line ends.
    "posts/secret-crlf.md": (
        "---\r\ndate: 2024-01-10\r\ncategory: Architecture\r\nsummary: \"Hidden.\"\r\n"
        "draft: true\r\n---\r\n\r\n# Secret crlf\r\n\r\nSECRET-TOKEN.\r\n").encode(),
}

# (file, line, subtype) of each warning the corpus must give, in every build.
EXPECTED = {
    ("posts/ansi.md", 9, "control_chars"),  # the code block holding the colour codes
    ("posts/vtab-title.md", 7, "control_chars"),
    ("posts/soh-summary.md", 4, "control_chars"),
    ("posts/ctl-tags.md", 4, "control_chars"),
    ("posts/update-dates.md", 11, "date_invalid"),
    ("posts/update-dates.md", 15, "date_invalid"),
    ("posts/latin1.md", 9, "encoding"),
    ("posts/bom-line.md", 3, "section_unknown"),
    ("posts/tag-csharp.md", 4, "slug_duplicate"),
    ("posts/alpha.md", 1, "slug_duplicate"),
    ("posts/empty-date.md", 2, "date_missing"),
    ("posts/secret-empty-draft.md", 5, "draft_value"),
    ("posts/secret-slash-date.md", 2, "date_invalid"),  # left out: it may be in the future
    ("posts/secret-date-list.md", 2, "date_invalid"),
    ("posts/secret-no-year.md", 2, "date_no_year"),
}
WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.*?) "
                     r"\[writing\.(?P<subtype>\w+)\]$", re.M)


@dataclass(frozen=True)
class Build:
    code: int
    printed: str
    html: Path
    src: Path

    def warnings(self) -> list[tuple[str, int, str, str]]:
        """(file relative to the sources, line, subtype, message) of each warning."""
        found = []
        for match in WARNING.finditer(self.printed):
            path = Path(match["path"])
            rel = path.relative_to(self.src).as_posix() if path.is_absolute() else match["path"]
            found.append((rel, int(match["line"]), match["subtype"], match["message"]))
        return found

    def located(self) -> set[tuple[str, int, str]]:
        return {(path, line, subtype) for path, line, subtype, _ in self.warnings()}

    def page(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.html / rel).read_text(encoding="utf-8"), "html.parser")


def write_corpus(rootdir: Path, dest: Path) -> Path:
    shutil.copytree(rootdir / "test-hostile-input", dest)
    for rel, data in RUNTIME_FILES.items():
        (dest / rel).write_bytes(data)
    return dest


@pytest.fixture(scope="module")
def builds(rootdir, tmp_path_factory) -> dict[str, Build]:
    """The corpus built leniently, strictly and strictly with two processes, at once."""
    base = tmp_path_factory.mktemp("hostile-input")
    src = write_corpus(rootdir, base / "src")
    options = {"lenient": [], "strict": ["-W", "--keep-going", "-n"],
               "parallel": ["-W", "--keep-going", "-n", "-j", "2"]}
    jobs = [(["-b", "html", "-q", *extra, "-d", str(base / name / "doctrees"), str(src),
              str(base / name / "html")], None) for name, extra in options.items()]
    results = warm_builds(jobs)
    return {name: Build(code, printed, base / name / "html", src)
            for name, (code, printed) in zip(options, results)}


@pytest.fixture(scope="module")
def lenient(builds) -> Build:
    return builds["lenient"]


@pytest.mark.parametrize("name", ["lenient", "strict", "parallel"])
def test_no_build_crashes_and_strict_builds_fail_on_the_warnings(builds, name):
    build = builds[name]
    for crash in CRASHES:
        assert crash not in build.printed, f"{name} build:\n{build.printed}"
    assert build.code == (0 if name == "lenient" else 1), build.printed
    assert (build.html / "index.html").is_file()


@pytest.mark.parametrize("name", ["lenient", "strict", "parallel"])
def test_every_problem_is_a_typed_warning_at_its_file_and_line(builds, name):
    found = builds[name].located()
    missing = EXPECTED - found
    assert not missing, f"missing {sorted(missing)}; got {sorted(found)}"


# -- 1: control characters -----------------------------------------------------------


def test_control_characters_warn_once_per_post(lenient):
    counts = Counter(path for path, _, subtype, _ in lenient.warnings()
                     if subtype == "control_chars")
    assert counts == {"posts/ansi.md": 1, "posts/vtab-title.md": 1, "posts/soh-summary.md": 1,
                      "posts/ctl-tags.md": 1}


def test_control_characters_stay_in_code_and_leave_feeds_and_metadata(lenient):
    out = lenient.html
    code = lenient.page("posts/ansi.html").select_one("div.highlight pre").get_text()
    assert "\x1b[31mFAILED\x1b[0m" in code  # the page shows what the terminal printed
    for feed in out.rglob("*.xml"):
        ElementTree.parse(feed)  # well-formed XML 1.0
        assert not CONTROL.search(feed.read_text(encoding="utf-8")), feed
    for rel in ("posts/ansi.html", "posts/vtab-title.html", "posts/soh-summary.html"):
        doc = lenient.page(rel)
        metadata = [doc.title.get_text()] + [m.get("content", "") for m in doc.select("meta")]
        metadata += [s.get_text() for s in doc.select('script[type="application/ld+json"]')]
        assert not any(CONTROL.search(text) for text in metadata), rel
    summary = lenient.page("posts/soh-summary.html").select_one('meta[name="description"]')
    assert summary["content"] == "A summary with a control character () in it."


def test_control_characters_leave_every_listing(lenient):
    """Cards, the archive, tag and section pages, other posts' end blocks: only the
    post's own body keeps them (its code block, its heading)."""
    for rel, path in files(lenient.html).items():
        if not rel.endswith(".html"):
            continue
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if rel in ("posts/ansi.html", "posts/vtab-title.html"):
            for kept in doc.select("article pre, article h1"):
                kept.decompose()
        assert not CONTROL.search(str(doc)), rel
    messages = {path: m for path, _, sub, m in lenient.warnings() if sub == "control_chars"}
    assert "U+000B in the post's title" in messages["posts/vtab-title.md"]
    assert "U+0001 in the post's summary" in messages["posts/soh-summary.md"]
    assert "U+001B in the post's tags" in messages["posts/ctl-tags.md"]
    assert "U+001B in the post's body" in messages["posts/ansi.md"]
    tags = [a.get_text() for a in lenient.page("posts/ctl-tags.html").select(".writing-tag")]
    assert tags == ["cache[0m", "redis"]


# -- 2: update notes with bad dates --------------------------------------------------


def test_update_notes_with_bad_dates_keep_their_text(lenient):
    doc = lenient.page("posts/update-dates.html")
    text = doc.select_one("article").get_text()
    assert "The first note, whose month is thirteen." in text
    assert "The second note, dated in words." in text
    assert doc.select_one(".writing-updated") is None  # neither note dates the post
    messages = [m for path, _, sub, m in lenient.warnings() if path == "posts/update-dates.md"]
    assert any("'2024-13-45'" in m for m in messages) and any("'last week'" in m for m in messages)


# -- 3: a file that is not UTF-8 -------------------------------------------------------


def test_a_windows_1252_file_is_named_and_left_out(lenient):
    [message] = [m for path, _, sub, m in lenient.warnings() if sub == "encoding"]
    assert "not UTF-8" in message
    assert re.search(r"posts/latin1\.md:9: WARNING", lenient.printed)
    assert not (lenient.html / "posts" / "latin1.html").exists()
    assert "UnicodeDecodeError" not in lenient.printed


# -- 4: no draft or future post reachable ----------------------------------------------


@pytest.mark.parametrize("name", ["lenient", "strict", "parallel"])
def test_no_draft_or_future_post_reaches_any_output_file(builds, name):
    out = builds[name].html
    secrets = sorted(p.stem for p in (builds[name].src / "posts").glob("secret-*.md"))
    assert len(secrets) >= 20
    leaks = []
    for rel, path in files(out).items():
        if SECRET.search(rel.encode()) or SECRET.search(path.read_bytes()):
            leaks.append(rel)
    assert not leaks, f"{name}: drafts reach {leaks}"
    # and the published posts did reach them: the check looks where drafts would be
    assert (out / "robots.txt").is_file() and (out / "blog" / "archive.html").is_file()
    for rel in ("sitemap.xml", "searchindex.js", "blog/atom.xml", "blog/archive.html"):
        assert b"cafe-tags" in (out / rel).read_bytes() or \
            b"Tags in a list" in (out / rel).read_bytes(), rel


SPELLINGS = {
    "draft: true": False, "draft: on": False, "Draft: true": False, "draft: yes": False,
    "DRAFT: Y": False, 'draft: "yes"': False, "draft: !!bool 'true'": False,
    "draft: [true]": False, "draft:": False, "draft: false\ndraft: true": False,
    "date: 2999-01-01T10:00:00Z": False, "date: 2999/01/01": False, "date: March 3": False,
    "date: [2020-01-01]": False, "date: 2020-01-01\nDate: 2999-01-01": False,
    "date: 2999-01-01\nDate: 2020-01-01": False, "date: 10000-01-01": False,
    "draft: false": False, "date:": False, "": False,  # undated: ABlog's drafts
    "draft: false\ndate: 2020-01-01": True, "draft: off\ndate: 2020-01-01": True,
    "draft: 0\ndate: 2020-01-01": True, "date: 2020-01-01": True,
    "date: 2020-01-01T10:00:00+02:00": True,
}


@pytest.mark.parametrize("front, public", SPELLINGS.items())
def test_the_publication_decision_for_each_spelling(front, public):
    """The scan's decision (``publication.py``) on metadata read as MyST reads it."""
    import datetime as dt

    from writing.read.frontmatter import read_myst
    from writing.read.scan import Facts

    text = f"---\n{front}\n---\n\n# Title\n"
    meta = read_myst(text)
    assert meta.problem is None
    assert Facts.of(meta, text).public(dt.date(2024, 6, 1)) is public


@pytest.mark.sphinx("html", testroot="validation", srcdir="validation-drafts-shown",
                    freshenv=True, confoverrides={"writing_show_drafts": True})
def test_shown_drafts_mark_a_post_whose_date_cannot_be_read(app):
    app.build()
    for name, draft in (("words-date", True), ("no-year", True), ("good", False)):
        doc = BeautifulSoup((Path(app.outdir) / "posts" / f"{name}.html")
                            .read_text(encoding="utf-8"), "html.parser")
        badge = doc.select_one(".writing-post-meta .writing-badge")
        assert (badge is not None and badge.get_text() == "Draft") is draft, name


# -- 5: line numbers after a byte order mark ------------------------------------------


def test_a_byte_order_mark_does_not_shift_lines(lenient):
    assert ("posts/bom-line.md", 3, "section_unknown") in lenient.located()


# -- 6: non-ASCII tags in a list -----------------------------------------------------


def test_a_non_ascii_tag_in_a_list_keeps_its_text_and_gets_ablogs_slug(lenient):
    out = lenient.html
    tags = [a.get_text() for a in lenient.page("posts/cafe-tags.html").select(".writing-tag")]
    assert tags == ["café", "redis"]
    assert (out / "blog" / "tag" / "cafe.html").is_file()
    title = lenient.page("blog/tag/cafe.html").select_one("h1").get_text()
    assert "café" in title
    for rel, path in files(out).items():
        assert "u00e9" not in rel and b"u00e9" not in path.read_bytes(), rel


# -- 7: names that collide -----------------------------------------------------------


def test_colliding_tag_slugs_and_file_names_name_both_files(lenient):
    messages = {(path, m) for path, _, sub, m in lenient.warnings() if sub == "slug_duplicate"}
    assert any(path == "posts/tag-csharp.md" and "posts/tag-cpp.md" in m and "'c#'" in m
               and "'c++'" in m for path, m in messages), messages
    assert any(path == "posts/alpha.md" and "posts/Alpha.md" in m for path, m in messages), \
        messages


# -- 8: the sitemap is percent-encoded -----------------------------------------------


def test_sitemap_urls_are_percent_encoded(lenient):
    tree = ElementTree.parse(lenient.html / "sitemap.xml")
    urls = [loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/site/posts/my%20post.html" in urls
    assert not [url for url in urls if " " in url]


# -- 9: metadata keeps the author's text -----------------------------------------------


def test_metadata_keeps_the_authors_text(lenient):
    raw = (lenient.html / "posts" / "metadata.html").read_text(encoding="utf-8")
    doc = BeautifulSoup(raw, "html.parser")
    summary = "Keep p99 < 50 ms while QPS > 10k"
    assert doc.select_one('meta[name="description"]')["content"] == summary
    assert doc.select_one('meta[property="og:description"]')["content"] == summary
    assert 'content="Keep p99 &lt; 50 ms while QPS &gt; 10k"' in raw  # escaped, once
    assert doc.select_one('meta[property="og:title"]')["content"] == "Escaping &lt; in titles"
    data = json.loads(doc.select_one('script[type="application/ld+json"]').get_text())
    assert data["description"] == summary and data["headline"] == "Escaping &lt; in titles"
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(lenient.html / "blog" / "atom.xml").getroot()
    entry = next(e for e in feed.iter(f"{atom}entry")
                 if e.findtext(f"{atom}id").endswith("posts/metadata.html"))
    assert entry.findtext(f"{atom}title") == "Escaping &lt; in titles"
    assert entry.findtext(f"{atom}summary") == summary


def test_empty_values_are_reported_as_empty_not_null(lenient):
    [message] = [m for path, _, sub, m in lenient.warnings() if path == "posts/empty-date.md"]
    assert "post has no date" in message and "null" not in message
    [message] = [m for path, _, sub, m in lenient.warnings()
                 if path == "posts/secret-empty-draft.md"]
    assert message.startswith("draft: (empty) is neither true nor false") and "null" not in message


# -- 10: an edited stylesheet reaches every page ----------------------------------------


def test_every_page_links_the_edited_stylesheet_after_an_incremental_build(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-random-edits", src)
    incremental, clean = tmp_path / "incremental", tmp_path / "clean"
    build_pair_warm([(src, incremental, None, "first build")])
    with open(src / "_static" / "site.css", "a", encoding="utf-8") as css:
        css.write("h1 { color: #036; }\n")
    build_pair_warm([(src, incremental, None, "incremental build"),
                     (src, clean, None, "clean build")])
    checksum = re.compile(rb"site\.css\?v=([0-9a-f]+)")
    pages = {rel: path for rel, path in files(incremental / "html").items()
             if rel.endswith(".html")}
    expected = set(checksum.findall((clean / "html" / "index.html").read_bytes()))
    assert len(expected) == 1
    linking = 0
    for rel, path in pages.items():
        found = set(checksum.findall(path.read_bytes()))
        assert found <= expected, f"{rel} links the old stylesheet"
        linking += bool(found)  # redirect pages have no stylesheet
        assert path.read_bytes() == (clean / "html" / rel).read_bytes(), rel
    assert linking > 20


# -- 11: strict parallel builds --------------------------------------------------------


def test_a_strict_parallel_build_passes_when_serial_reading_is_suppressed(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publishing", src)
    parallel = ["-j", "2"]
    quiet, told = warm_builds([
        ([*parallel, "-D", "suppress_warnings=writing.serial_read",
          *strict_args(src, tmp_path / "quiet")], None),
        ([*parallel, *strict_args(src, tmp_path / "told")], None),
    ])
    assert quiet == (0, ""), quiet[1]
    code, printed = told
    assert code == 1
    assert "not safe for parallel reading [writing.serial_read]" in printed
    assert not any(crash in printed for crash in CRASHES)


def test_a_parallel_build_leaves_no_helper_process_running(rootdir, tmp_path):
    """With -j 2, sphinx-sitemap's queue lives in a manager process: it ends with each
    build. (Left running, it held the pipes its parent had open when it was forked, such
    as a browser driver's: the driver then never saw its input close.)"""
    from io import StringIO
    from multiprocessing import active_children

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publishing", src)
    app = SphinxTestApp("html", srcdir=src, parallel=2, warning=StringIO())
    try:
        app.build()
        assert not [p for p in active_children() if p.name.startswith("SyncManager")]
        post = src / "posts" / "published.md"
        post.write_text(post.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        app.build()  # a second build of the same application gets a queue of its own
        assert not [p for p in active_children() if p.name.startswith("SyncManager")]
    finally:
        app.cleanup()
    sitemap = (Path(app.outdir) / "sitemap.xml").read_text(encoding="utf-8")
    assert "posts/published.html" in sitemap and "posts/updated.html" in sitemap
