"""Names that collide: two posts on one page name, two tags or categories on one page.

Pure functions find the collisions; ``check_collisions`` warns at each later file, naming
the other, so that the author knows both files to look at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ablog.blog import slugify

from writing.config import ablog_names
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


def ablog_label(docname: str) -> str:
    """The label ABlog gives a post: its file name, or its folder's for an ``index`` file
    (empty for the root ``index``, which ABlog labels by title)."""
    folder, _, name = docname.rpartition("/")
    return folder.rpartition("/")[2] if name == "index" else name


def same_file_name(posts: Iterable[str]) -> list[list[str]]:
    """Posts ABlog would give one label: the same file name in different folders (or an
    ``index`` file's folder name)."""
    groups: dict[str, list[str]] = {}
    for docname in sorted(posts):
        label = ablog_label(docname)
        if label:
            groups.setdefault(label, []).append(docname)
    return [docs for docs in groups.values() if len(docs) > 1]


def label_pages(records: Mapping[str, PostRecord], field: str,
                shown: Mapping[str, str] | None = None) -> dict[str, dict[str, str]]:
    """Each page name of a field's labels (tags, categories, authors...), with the labels
    named by it and the first post using each. A page is named by the slug of the label's
    display name (``shown``, as ``blog_authors`` gives it), else the label's."""
    shown = shown or {}
    users: dict[str, dict[str, str]] = {}
    for docname in sorted(records):
        for label in getattr(records[docname], field):
            users.setdefault(slugify(shown.get(label, label)), {}).setdefault(label, docname)
    return users


def shared_pages(pages: dict[str, dict[str, str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Of ``label_pages``, the page names several labels would share: for each, the (label,
    first post using it) pairs."""
    return [(slug, sorted(labels.items(), key=lambda item: item[1]))
            for slug, labels in sorted(pages.items()) if slug and len(labels) > 1]


def same_slug(records: Mapping[str, PostRecord], field: str,
              shown: Mapping[str, str] | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Distinct labels whose pages would share a name."""
    return shared_pages(label_pages(records, field, shown))


# Fields whose labels get a page each: (record field, front-matter key, word, ABlog's
# setting of display names).
LABELLED = (("tags", "tags", "tag", None), ("categories", "category", "category", None),
            ("authors", "author", "author", "blog_authors"),
            ("locations", "location", "location", "blog_locations"),
            ("languages", "language", "language", "blog_languages"))


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
                 f"post file name {docname.rsplit('/', 1)[-1]!r} gives the same ABlog label "
                 f"({ablog_label(docname)!r}) as {docs[0]}; ABlog labels posts by file name (by "
                 "folder name for an index file), so references would mix them up: rename one",
                 (docname, 1))
    for field, key, what, setting in LABELLED:
        names = {label: name for label, (name, _) in
                 ablog_names(getattr(app.config, setting, None)).items()} if setting else {}
        pages = label_pages(posts, field, names)
        for label, docname in sorted(pages.get("", {}).items()):  # a page with no name
            warn(WritingWarning.SLUG_DUPLICATE,
                 f"{what} {label!r} has no letter or digit, so its page would have no name "
                 f"(and take the place of the {what} list); rename the {what}",
                 (docname, read_source(Path(env.doc2path(docname))).line(key)))
        for slug, users in shared_pages(pages):
            first, *others = users
            for other in others:
                # at a file that names the label (a default author is named nowhere)
                (label, docname), (first_label, first_doc) = sorted(
                    (other, first), key=lambda user: key not in read_source(
                        Path(env.doc2path(user[1]))).lines)
                line = read_source(Path(env.doc2path(docname))).line(key)
                warn(WritingWarning.SLUG_DUPLICATE,
                     f"{what} {label!r} and {what} {first_label!r} (used by "
                     f"{env.doc2path(first_doc, False)}) would share the page {slug!r}, "
                     f"which lists only one of them; rename one {what}", (docname, line))
