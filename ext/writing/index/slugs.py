"""Names that collide: two posts on one page name, two tags or categories on one page.

Pure functions find the collisions; ``check_collisions`` warns at each later file, naming
the other, so that the author knows both files to look at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ablog.blog import slugify

from writing.index.state import state
from writing.read.scan import read_source
from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from writing.index.records import PostRecord


def same_name_ignoring_case(docnames: Iterable[str]) -> list[list[str]]:
    """Documents whose names differ only in case (one file on a case-insensitive disk)."""
    groups: dict[str, list[str]] = {}
    for docname in sorted(docnames):
        groups.setdefault(docname.casefold(), []).append(docname)
    return [docs for docs in groups.values() if len(docs) > 1]


def same_file_name(posts: Iterable[str]) -> list[list[str]]:
    """Posts with the same file name in different folders: ABlog labels posts by it."""
    groups: dict[str, list[str]] = {}
    for docname in sorted(posts):
        groups.setdefault(docname.rsplit("/", 1)[-1], []).append(docname)
    return [docs for docs in groups.values() if len(docs) > 1]


def same_slug(records: Mapping[str, PostRecord], field: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Distinct labels (tags, categories) whose pages would share a name: for each page
    name, the (label, first post using it) pairs."""
    users: dict[str, dict[str, str]] = {}
    for docname in sorted(records):
        for label in getattr(records[docname], field):
            users.setdefault(slugify(label), {}).setdefault(label, docname)
    return [(slug, sorted(labels.items(), key=lambda item: item[1]))
            for slug, labels in sorted(users.items()) if len(labels) > 1]


def check_collisions(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: one warning per colliding file or label."""
    for docs in same_name_ignoring_case(env.found_docs):
        for docname in docs[1:]:
            warn(WritingWarning.SLUG_DUPLICATE,
                 f"{env.doc2path(docname, False)} and {env.doc2path(docs[0], False)} differ only "
                 "in case: on a case-insensitive disk they are one file and one page; rename "
                 "one", (docname, 1))
    posts = state(env).posts
    for docs in same_file_name(posts):
        for docname in docs[1:]:
            warn(WritingWarning.SLUG_DUPLICATE,
                 f"post file name {docname.rsplit('/', 1)[-1]!r} is also used by {docs[0]}; "
                 "ABlog labels posts by file name, so references would mix them up: rename "
                 "one file", (docname, 1))
    for field, key, what in (("tags", "tags", "tag"), ("categories", "category", "category")):
        for slug, users in same_slug(posts, field):
            (first_label, first_doc), *others = users
            for label, docname in others:
                line = read_source(Path(env.doc2path(docname))).line(key)
                warn(WritingWarning.SLUG_DUPLICATE,
                     f"{what} {label!r} and {what} {first_label!r} (used by "
                     f"{env.doc2path(first_doc, False)}) would share the page {slug!r}, "
                     f"which lists only one of them; rename one {what}", (docname, line))
