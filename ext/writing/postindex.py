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

from collections import Counter
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
        self._section_names = {k: [r.docname for r in v] for k, v in self._sections.items()}
        self._tag_names = {k: [r.docname for r in v] for k, v in self._tags.items()}
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
        scores: Counter[str] = Counter()
        for tag in set(post.tags):  # Counter.update counts in C: twice is 2 points a tag
            scores.update(self._tag_names.get(tag, ()))
            scores.update(self._tag_names.get(tag, ()))
        if post.section:
            scores.update(self._section_names.get(post.section, ()))
        scores.pop(post.docname, None)
        found: list[PostRecord] = []
        ranked = scores.most_common()  # by score, in C; ties are put newest first below
        start = 0
        while start < len(ranked) and len(found) < limit:
            best = ranked[start][1]
            end = start
            while end < len(ranked) and ranked[end][1] == best:
                end += 1
            tier = sorted((d for d, _ in ranked[start:end]), key=self.position.__getitem__)
            found.extend(self.by_name[d] for d in tier[:limit - len(found)])
            start = end
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
