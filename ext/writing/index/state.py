"""The extension's data in the environment: one object, made in one place.

Everything is kept per document by the collector (``collector.py``) and pickled with the
environment, so incremental and parallel builds see what a clean build sees. """

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from writing.index.records import PostRecord
    from writing.read.readingtime import TextCounts

_ATTRIBUTE = "writing_state"


@dataclass
class WritingState:
    code_epoch: str
    posts: dict[str, PostRecord] = field(default_factory=dict)
    counts: dict[str, TextCounts] = field(default_factory=dict)  # every document
    refs: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)  # every document
    listing_docs: set[str] = field(default_factory=set)  # documents that list posts
    # Each post's record and counts, digested when it is read (``record_digest``): what
    # every page and feed is keyed on, without taking the records apart on every build.
    digests: dict[str, str] = field(default_factory=dict)

    def forget(self, docname: str) -> None:
        self.posts.pop(docname, None)
        self.digests.pop(docname, None)
        self.counts.pop(docname, None)
        self.refs.pop(docname, None)
        self.listing_docs.discard(docname)

    def take(self, other: WritingState, docnames: set[str]) -> None:
        """What a parallel reader collected about ``docnames``."""
        for docname in docnames:
            for mine, theirs in ((self.posts, other.posts), (self.counts, other.counts),
                                 (self.digests, other.digests),
                                 (self.refs, other.refs)):
                if docname in theirs:
                    mine[docname] = theirs[docname]
        self.listing_docs |= other.listing_docs & docnames


def record_digest(record: PostRecord, counts: TextCounts) -> str:
    """A digest of all a post's pages and feeds can show of it, but for this build's
    settings and date."""
    return hashlib.sha256(repr((record, counts)).encode("utf-8")).hexdigest()


def state(env: BuildEnvironment) -> WritingState:
    """The environment's state (``open_state`` made it when the build started)."""
    return getattr(env, _ATTRIBUTE)


def open_state(env: BuildEnvironment, code_epoch: str) -> bool:
    """Make sure the environment has state of this code epoch; whether it had to be made.

    State of another epoch was made by other code or libraries: it is dropped.
    """
    current = getattr(env, _ATTRIBUTE, None)
    if isinstance(current, WritingState) and current.code_epoch == code_epoch:
        return False
    setattr(env, _ATTRIBUTE, WritingState(code_epoch))
    return True
