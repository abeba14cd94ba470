"""Whether a post may be published: the one decision every part of the build uses.

A post is public when it is not flagged as a draft and its date, if it has one, is not
after the publication cut-off (today in UTC, or the day of ``SOURCE_DATE_EPOCH``). A
post whose flag cannot be read is a draft: what is not provably public is not published.
The facts come from the post's metadata as the parsers read it (``frontmatter.py``),
before reading (to keep drafts out of the build) and again while reading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone

from writing.read.dates import DateProblem, parse_post_date
from writing.read.frontmatter import Metadata

_TRUE = frozenset({"true", "yes", "on", "y", "1"})
_FALSE = frozenset({"false", "no", "off", "n", "0"})


@dataclass(frozen=True)
class Publication:
    """What a post's metadata says about publishing it."""

    draft: bool
    date: datetime | None  # the date as written (a time zone is ignored)
    date_problem: DateProblem | None = None
    draft_problem: str | None = None  # a ``draft`` value that is neither true nor false


def draft_flag(values: tuple[str, ...]) -> tuple[bool, str | None]:
    """``draft`` from every spelling of the key: a draft if any says so or is unclear.

    Values are the text MyST or docutils hands on (YAML's ``on`` arrives as ``True``).
    """
    draft, problem = False, None
    for value in values:
        text = value.strip().lower()
        if text in _FALSE:
            continue
        draft = True
        if text not in _TRUE:
            try:
                draft = float(text) != 0
                continue
            except ValueError:
                problem = problem or value
    return draft, problem


def publication(meta: Metadata) -> Publication:
    """The facts of a post, from its metadata (the ``post`` directive's date comes first,
    as ABlog prefers the directive to the front matter)."""
    draft, unclear = draft_flag(meta.values("draft"))
    raw = meta.post_date if meta.post_directive and meta.post_date else meta.get("date")
    value, problem = parse_post_date(raw) if raw is not None else (None, None)
    return Publication(draft=draft, date=value, date_problem=problem, draft_problem=unclear)


def publication_cutoff() -> date:
    """Today in UTC, or the day of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(tz=timezone.utc).date()


def is_future(value: datetime | None, cutoff: date) -> bool:
    return value is not None and value.date() > cutoff


def is_public(draft: bool, value: datetime | None, cutoff: date) -> bool:
    """Neither flagged as a draft nor dated after ``cutoff`` (an undated post is public,
    and warned about)."""
    return not draft and not is_future(value, cutoff)
