"""The post index: every post read, and what this build shows of each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from writing.config import sections_of
from writing.index.posts import PostIndex, backlinks
from writing.index.state import state
from writing.read.publication import is_public
from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def post_index(app: Sphinx) -> PostIndex:
    """The index of this build's visible posts, made once reading is over."""
    def make() -> PostIndex:
        rt = runtime(app)
        records = state(app.env).posts.values()
        show = app.config.writing_show_drafts
        categories = [c for r in records if show or is_public(r.draft, r.date, rt.cutoff)
                      for c in r.categories]
        return PostIndex(records, sections_of(app.config, categories), rt.cutoff, show)
    return runtime(app).once("index", make)


def label_to_doc(app: Sphinx, label: str) -> str | None:
    std = app.env.get_domain("std")
    hit = std.labels.get(label) or std.anonlabels.get(label)
    return hit[0] if hit else None


def post_backlinks(app: Sphinx) -> dict[str, list[str]]:
    """For each visible post, the visible posts that refer to it."""
    def make() -> dict[str, list[str]]:
        index = post_index(app)
        shown = {d: s.record for d, s in index.shown.items()}
        return backlinks(shown, state(app.env).refs, lambda label: label_to_doc(app, label))
    return runtime(app).once("backlinks", make)
