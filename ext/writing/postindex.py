"""Orderings and lookups over the visible posts, computed once instead of once per page.

Post pages show their related posts, their older and newer post in the section, and the
next and previous post site-wide. Computed from the full list of posts for every page,
that is quadratic in the number of posts (at 500 posts, over a second per build).
``PostIndex`` sorts once and answers each question from precomputed orderings; its
answers are exactly those of the pure functions in ``relations.py``.

The index of a build is kept on the application between ``env-updated`` (reading is
over) and the next ``env-before-read-docs``; outside that window it is rebuilt per call.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import TYPE_CHECKING

from writing.relations import newest_first, visible

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from writing.records import PostRecord


class PostIndex:
    """The given (visible) posts, ordered newest first, by section and by tag."""

    def __init__(self, records: Iterable[PostRecord]) -> None:
        self.timeline: list[PostRecord] = newest_first(records)
        self.position = {r.docname: i for i, r in enumerate(self.timeline)}
        self.by_name = {r.docname: r for r in self.timeline}
        self._sections: dict[str, list[PostRecord]] = {}
        self._tags: dict[str, list[PostRecord]] = {}
        for record in self.timeline:  # newest first within each section and tag
            if record.section:
                self._sections.setdefault(record.section, []).append(record)
            for tag in set(record.tags):
                self._tags.setdefault(tag, []).append(record)
        self._section_position = {r.docname: i for posts in self._sections.values()
                                  for i, r in enumerate(posts)}
        self._related: dict[tuple, list[PostRecord]] = {}  # env-get-updated and pages ask

    def in_section(self, slug: str) -> list[PostRecord]:
        """``relations.in_section``."""
        return list(self._sections.get(slug, ()))

    def section_neighbours(self, post: PostRecord) -> tuple[PostRecord | None, PostRecord | None]:
        """``relations.section_neighbours``: (older, newer) post in the same section."""
        if not post.section or post.docname not in self.by_name:
            return None, None
        ordered = self._sections[post.section]
        i = self._section_position[post.docname]
        newer = ordered[i - 1] if i > 0 else None
        older = ordered[i + 1] if i + 1 < len(ordered) else None
        return older, newer

    def related(self, post: PostRecord, limit: int = 3) -> list[PostRecord]:
        """``relations.related_posts``: 2 points per shared tag, 1 for the same section."""
        key = (post.docname, post.tags, post.section, limit)  # all the answer depends on
        if key in self._related:
            return list(self._related[key])
        scores: dict[str, int] = {}
        for tag in set(post.tags):
            for other in self._tags.get(tag, ()):
                scores[other.docname] = scores.get(other.docname, 0) + 2
        if post.section:
            for other in self._sections.get(post.section, ()):
                scores[other.docname] = scores.get(other.docname, 0) + 1
        scores.pop(post.docname, None)
        position = self.position
        best = heapq.nsmallest(limit, scores.items(),  # best first, newest first on ties
                               key=lambda item: (-item[1], position[item[0]]))
        found = [self.by_name[docname] for docname, _ in best]
        self._related[key] = found
        return list(found)

    def site_neighbours(self, docname: str) -> tuple[PostRecord | None, PostRecord | None]:
        """(newer, older) post across the whole site, by date."""
        i = self.position.get(docname)
        if i is None:
            return None, None
        newer = self.timeline[i - 1] if i > 0 else None
        older = self.timeline[i + 1] if i + 1 < len(self.timeline) else None
        return newer, older


_ATTR = "_writing_post_index"


def post_index(app: Sphinx) -> PostIndex:
    """The index of the posts a reader may see in this build."""
    index = getattr(app, _ATTR, None)
    if index is None:
        index = PostIndex(visible(app.env.writing_posts.values(),
                                  app.config.writing_show_drafts))
        if getattr(app, "_writing_index_ready", False):
            setattr(app, _ATTR, index)
    return index


def forget_index(app: Sphinx, *args) -> None:
    """``builder-inited``, ``env-before-read-docs``: posts are about to change."""
    app._writing_index_ready = False
    setattr(app, _ATTR, None)


def index_ready(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: reading is over; posts stay as they are until the next build."""
    setattr(app, _ATTR, None)
    app._writing_index_ready = True
