"""An incremental build after a scripted series of edits writes what a clean build writes.

A copy of the site is built once, then edited step by step; after every step the
incremental build (same output and doctree folders) is compared, file by file, with a
clean build of the same sources. Steps: change a section description, edit a post's body,
retitle a post, add a post, delete a post.

One kind of difference is allowed: Sphinx never deletes an output file, so after a post is
deleted its own page, and ABlog's pages for tags (or years) that only it used, stay in the
incremental output. Only such pages may exist in the incremental output alone; every file
both builds write must be byte-identical, so no remaining page links to them (the clean
build has no such links), and a deployment from a clean build drops them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.buildtools import build, build_pair, copy_project, files, tree_differences

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


def retitle(src: Path) -> str:
    post = _posts(src)[1]
    text = post.read_text(encoding="utf-8")
    new, count = re.subn(r"^# (.+)$", r"# \1, Revisited", text, count=1, flags=re.M)
    assert count == 1, f"{post.name} has no '# Title' line"
    post.write_text(new, encoding="utf-8")
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


STEPS = [change_section_description, edit_body, retitle, add_post, delete_post]


def test_incremental_build_equals_clean_build(tmp_path):
    src = copy_project(tmp_path / "project")
    incremental = tmp_path / "incremental"
    build(src, incremental, what="first build")
    deleted: set[str] = set()
    failures = []
    for number, step in enumerate(STEPS, start=1):
        before = {p.stem for p in _posts(src)}
        done = step(src)
        deleted |= {f"posts/{stem}.html" for stem in before - {p.stem for p in _posts(src)}}
        clean = tmp_path / f"clean-{number}"
        build_pair([(src, incremental, None, f"incremental build after: {done}"),
                    (src, clean, None, f"clean build after: {done}")])
        leftovers = set()
        if deleted:  # pages of things that no longer exist, which Sphinx leaves behind
            only_incremental = set(files(incremental / "html")) - set(files(clean / "html"))
            leftovers = {rel for rel in only_incremental if rel in deleted
                         or (rel.startswith("blog/") and rel.endswith(".html"))}
        problems = tree_differences(incremental / "html", clean / "html",
                                    names=("incremental", "clean"), ignore=leftovers)
        if problems:
            failures.append(f"step {number} ({done}):\n" + "\n".join(problems))
    assert not failures, "\n\n".join(failures)
