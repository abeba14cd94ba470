"""What the extension remembers about each post between builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from writing.readingtime import TextCounts


@dataclass(frozen=True)
class PostRecord:
    """A post's listing data, collected while reading and stored in the environment."""

    docname: str
    title: str
    date: datetime | None
    summary: str
    section: str | None  # section slug
    tags: tuple[str, ...]
    counts: TextCounts
    updates: tuple[datetime, ...] = ()
    draft: bool = False
    xrefs: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (role, target)

    @property
    def updated(self) -> datetime | None:
        """The newest update, if the post has any."""
        return max(self.updates) if self.updates else None

    @property
    def modified(self) -> datetime | None:
        """When the post last changed: its newest update, else its date."""
        return self.updated or self.date

    def listing_key(self) -> tuple:
        """The fields other pages show about this post (cards, feeds, related lists)."""
        return (self.docname, self.title, self.date, self.summary, self.section, self.tags,
                self.updates, self.draft)
