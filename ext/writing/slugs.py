"""Two posts with the same file name collide: ABlog labels posts by file name alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def duplicate_slugs(docnames: Iterable[str]) -> dict[str, list[str]]:
    """File names used by more than one post, each with its posts in sorted order."""
    by_slug: dict[str, list[str]] = {}
    for docname in sorted(docnames):
        by_slug.setdefault(docname.rsplit("/", 1)[-1], []).append(docname)
    return {slug: docs for slug, docs in by_slug.items() if len(docs) > 1}


def check_duplicate_slugs(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-check-consistency``: warn at every post whose file name is taken already."""
    for slug, docnames in duplicate_slugs(env.writing_posts).items():
        first, *others = docnames
        for docname in others:
            warn(WritingWarning.SLUG_DUPLICATE,
                 f"post file name {slug!r} is also used by {first}; ABlog labels posts by file "
                 "name, so references and tag pages would mix them up: rename one file",
                 (docname, 1))
