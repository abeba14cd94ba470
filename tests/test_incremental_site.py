"""An incremental build after a scripted series of edits writes what a clean build writes.

A copy of the site is built once, then edited step by step; after every step the
incremental build (same output and doctree folders) is compared, file by file, with a
clean build of the same sources. Steps: change a section description, edit a post's body,
retitle a post, add a post, delete a post; and the five ways an incremental build once
went stale: (A) the extension's feed code changes; (B) a post linked by a reference
without text is retitled; (C) a post dated in the future reaches its date; (E) a template
and a stylesheet are edited to the same size with their modification times kept. (D,
drafts built into their own folder, is ``test_draft_builds_have_their_own_folder``.) Last,
(F) an entry of ``references.bib`` that two essays cite is edited, and a figure's script
changes: its essay and the figure's full-size file, written beside the pages, are drawn
again.

One kind of difference is allowed: Sphinx never deletes an output file, so after a post is
deleted its own page, and ABlog's pages for tags (or years) that only it used, stay in the
incremental output. Only such pages may exist in the incremental output alone; every file
both builds write must be byte-identical, so no remaining page links to them (the clean
build has no such links), and a deployment from a clean build drops them.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.buildtools import ROOT, build, build_pair, copy_project, files, tree_differences

ADDED = "incremental-check"
FILLER = (
    "Incremental builds must rewrite every page that shows this post: the home page, its "
    "section page, the archive, tag pages, feeds and the pages that link to it. "
)


def _posts(src: Path) -> list[Path]:
    return sorted((src / "posts").glob("*.md"))


def _unreferenced_post(src: Path) -> Path:
    """A post no other file mentions, so deleting it breaks no cross-reference.

    An essay is preferred; when every essay is linked from another, the post added by
    ``add_post`` (dated between essays, with tags and a section) is the one deleted.
    """
    texts = {p: p.read_text(encoding="utf-8") for p in src.rglob("*.md")}
    candidates = [p for p in reversed(_posts(src)) if p.stem != ADDED]
    for post in candidates + [src / "posts" / f"{ADDED}.md"]:
        if post.is_file() and not any(post.stem in text
                                       for other, text in texts.items() if other != post):
            return post
    pytest.fail("every post is referenced by another, none can be deleted safely")


def change_section_description(src: Path) -> str:
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + (
        '\nwriting_sections[0] = {**writing_sections[0], "description": '
        '"A changed description, set by the incremental-build test."}\n'), encoding="utf-8")
    return "section description changed"


def edit_body(src: Path) -> str:
    post = _posts(src)[0]
    # ~300 more words: the reading time shown on cards changes too.
    post.write_text(post.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + FILLER * 10 + "\n",
                    encoding="utf-8")
    return f"body of {post.stem} edited"


def _add_to_title(post: Path, words: str) -> None:
    text = post.read_text(encoding="utf-8")
    new, count = re.subn(r"^# (.+)$", rf"# \1{words}", text, count=1, flags=re.M)
    assert count == 1, f"{post.name} has no '# Title' line"
    post.write_text(new, encoding="utf-8")


def retitle(src: Path) -> str:
    post = _posts(src)[1]
    _add_to_title(post, ", Revisited")
    return f"{post.stem} retitled"


def add_post(src: Path) -> str:
    (src / "posts" / f"{ADDED}.md").write_text(
        "---\n"
        "date: 2024-02-20\n"
        "category: Distributed Systems\n"
        "tags: redis, consistency\n"
        "summary: A post added between two builds, to check incremental output.\n"
        "---\n\n"
        "# Added Between Builds\n\n"
        "A short post that exists only in this test.\n\n"
        "```python\nprint('added')\n```\n", encoding="utf-8")
    return f"post {ADDED} added"


def delete_post(src: Path) -> str:
    post = _unreferenced_post(src)
    post.unlink()
    return f"{post.stem} deleted"


def change_feed_code(src: Path) -> str:
    """(A) The extension's code changes: what it made before must not be kept."""
    feeds = src.parent / "ext" / "writing" / "output" / "feeds.py"
    text = feeds.read_text(encoding="utf-8")
    assert 'gen.generator("Sphinx + ABlog")' in text
    feeds.write_text(text.replace('gen.generator("Sphinx + ABlog")',
                                  'gen.generator("Sphinx + ABlog, changed")'), encoding="utf-8")
    return "the feed code changed"


def link_then_retitle(src: Path) -> str:
    """(B) A reference without text shows the title of what it points to."""
    about = src / "about.md"
    target = _posts(src)[2]
    about.write_text(about.read_text(encoding="utf-8") + f"\nSee {{doc}}`posts/{target.stem}`.\n",
                     encoding="utf-8")
    return f"about links {target.stem} without text"


def retitle_linked(src: Path) -> str:
    target = _posts(src)[2]
    _add_to_title(target, " (Second Edition)")
    return f"{target.stem}, linked without text, retitled"


FUTURE = "2031-03-01"
BEFORE, AFTER = "1893456000", "1930176000"  # the builds' dates: 2030-01-01, 2031-03-02


def add_future_post(src: Path) -> tuple[str, dict]:
    """(C) A post dated in the future is left out until the build's date reaches it."""
    (src / "posts" / "from-the-future.md").write_text(
        "---\n"
        f"date: {FUTURE}\n"
        "category: Leadership\n"
        "tags: leadership, rfc\n"
        "summary: A post written ahead of its date.\n"
        "---\n\n# Written Ahead\n\nIt waits for its date.\n", encoding="utf-8")
    return "a post dated in the future added", {"SOURCE_DATE_EPOCH": BEFORE}


def time_passes(src: Path) -> tuple[str, dict]:
    return "the future post's date has come", {"SOURCE_DATE_EPOCH": AFTER}


def same_size_same_time(path: Path, old: str, new: str) -> None:
    """Edit ``path`` keeping its size and modification time, as ``cp -p`` or ``rsync -a``
    can leave a changed file."""
    assert len(old) == len(new)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def edit_template_keeping_stamp(src: Path) -> str:
    """(E) Templates and static files are compared by content, not by time."""
    same_size_same_time(src / "_templates" / "writing" / "sidebar-nav.html",
                        ">Sections<", ">SECTIONS<")
    same_size_same_time(src / "_static" / "writing.css", "margin: 1rem 0;", "margin: 2rem 0;")
    return "a template and a stylesheet edited to the same size, their times kept"


CITED_TITLE = ("title = {How to do distributed locking},",
               "title = {How to do distributed locking, as retitled in the bibliography},")
CITING = ("posts/distributed-locking-redis-vs-etcd.html", "posts/rfc-writing-staff-engineer.html")


def edit_bibliography(src: Path) -> str:
    """(F) A source two essays cite is retitled in references.bib: both pages (and the feeds
    that carry them) show the new title."""
    bib = src / "references.bib"
    text = bib.read_text(encoding="utf-8")
    assert text.count(CITED_TITLE[0]) == 1
    bib.write_text(text.replace(*CITED_TITLE), encoding="utf-8")
    return "an entry of references.bib that two essays cite retitled"


def change_figure_script(src: Path) -> str:
    script = src / "_figures" / "pacing_curve.py"
    text = script.read_text(encoding="utf-8")
    assert '"daily budget"' in text
    script.write_text(text.replace('"daily budget"', '"budget for the day"'), encoding="utf-8")
    return "a figure's script changed"


STEPS = [change_section_description, edit_body, retitle, add_post, delete_post,
         change_feed_code, link_then_retitle, retitle_linked, add_future_post, time_passes,
         edit_template_keeping_stamp, edit_bibliography, change_figure_script]


def test_incremental_build_equals_clean_build(tmp_path):
    src = copy_project(tmp_path / "project")
    incremental = tmp_path / "incremental"
    env = {"SOURCE_DATE_EPOCH": "1735689600"}  # 2025-01-01, as for every step until (C)
    build(src, incremental, env, what="first build")
    deleted: set[str] = set()
    failures = []
    for number, step in enumerate(STEPS, start=1):
        before = {p.stem for p in _posts(src)}
        done = step(src)
        if isinstance(done, tuple):
            done, changes = done
            env = {**env, **changes}
        deleted |= {f"posts/{stem}.html" for stem in before - {p.stem for p in _posts(src)}}
        clean = tmp_path / f"clean-{number}"
        build_pair([(src, incremental, env, f"incremental build after: {done}"),
                    (src, clean, env, f"clean build after: {done}")])
        leftovers = set()
        if deleted:  # pages of things that no longer exist, which Sphinx leaves behind
            only_incremental = set(files(incremental / "html")) - set(files(clean / "html"))
            leftovers = {rel for rel in only_incremental if rel in deleted
                         or (rel.startswith("blog/") and rel.endswith(".html"))}
        problems = tree_differences(incremental / "html", clean / "html",
                                    names=("incremental", "clean"), ignore=leftovers)
        if problems:
            failures.append(f"step {number} ({done}):\n" + "\n".join(problems))
        if step is add_future_post:
            assert not (incremental / "html" / "posts" / "from-the-future.html").exists()
        if step is time_passes:
            page = incremental / "html" / "posts" / "from-the-future.html"
            assert page.is_file(), "the post did not appear once its date came"
        if step is edit_bibliography:
            for page in CITING:
                assert "as retitled in the bibliography" in \
                    (incremental / "html" / page).read_text(encoding="utf-8"), page
        if step is change_figure_script:
            drawn = (incremental / "html" / "_figures" / "pacing_curve.svg").read_text("utf-8")
            assert "budget for the day" in drawn, "the figure's full-size file is stale"
    assert not failures, "\n\n".join(failures)


def test_draft_builds_have_their_own_folder():
    """(D) ``make html DRAFTS=1`` never writes into the folder ``make html`` publishes."""
    def command(*args: str) -> str:
        result = subprocess.run(["make", "-n", "html", *args], cwd=ROOT, capture_output=True,
                                text=True, env={**os.environ, "WRITING_DRAFTS": ""})
        assert result.returncode == 0, result.stderr
        return [line for line in result.stdout.splitlines() if "-m sphinx" in line][-1]

    production, drafts = command(), command("DRAFTS=1")
    assert production.endswith(" source build/html") and "-d build/doctrees" in production
    assert drafts.endswith(" source build/drafts/html")
    assert "-d build/drafts/doctrees" in drafts
