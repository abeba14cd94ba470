"""What the extension knows about each post, collected while Sphinx reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PostRecord:
    """A post's listing data: what other pages show of it. Made from ABlog's record of the
    post and the post's own front matter."""

    docname: str
    title: str
    date: datetime | None
    summary: str
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()  # ABlog author keys (or names); ABlog's defaults applied
    locations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    updates: tuple[datetime, ...] = ()
    draft: bool = False  # flagged as a draft; a future date is decided when writing
    redirects: tuple[str, ...] = ()
    external_link: str = ""

    @property
    def updated(self) -> datetime | None:
        """The newest update, if the post has any."""
        return max(self.updates) if self.updates else None

    @property
    def modified(self) -> datetime | None:
        """When the post last changed: its newest update, else its date."""
        return self.updated or self.date
