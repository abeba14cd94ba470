"""Whether a post may be published: the one decision every part of the build uses.

A post is public when it is not flagged as a draft and has a date that is not after the
publication cut-off (today in UTC, or the day of ``SOURCE_DATE_EPOCH``). A post without a
date is a draft, as ABlog has it; so is one whose flag cannot be read, one whose date
cannot be read (it may be in the future), or one with a second spelling of ``date`` in
the future: what is not provably public is not published (and each is warned about).
The facts come from the post's metadata as the parsers read it (``frontmatter.py``),
before reading (to keep drafts out of the build) and again while reading.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone

from writing.read.dates import DateProblem, parse_post_date
from writing.read.frontmatter import Metadata


def missing_date(directive: bool, rst: bool, consequence: str) -> str:
    """The warning for an undated post, with the fix in the syntax the post is written in
    (its ``post`` directive's date, else a date field), and how to keep a draft quietly."""
    if directive:
        fix = "give its directive a date ('{}')".format(
            ".. post:: YYYY-MM-DD" if rst else "```{post} YYYY-MM-DD")
    else:
        fix = "add ':date: YYYY-MM-DD'" if rst else "add 'date: YYYY-MM-DD'"
    draft = ("a ':draft: true' field at the top of the file" if rst
             else "'draft: true' in its front matter")
    return (f"post has no date, so it is kept as a draft (as ABlog keeps undated posts) and "
            f"{consequence}; {fix} to publish it, or keep it a draft without this warning "
            f"with {draft}")


_TRUE = frozenset({"true", "yes", "on", "y", "1"})
_FALSE = frozenset({"false", "no", "off", "n", "0"})


@dataclass(frozen=True)
class Publication:
    """What a post's metadata says about publishing it."""

    draft: bool
    date: datetime | None  # the date as written (a time zone is ignored)
    date_problem: DateProblem | None = None
    draft_problem: str | None = None  # a ``draft`` value that is neither true nor false
    unreadable_date: DateProblem | None = None  # a date given that is not a date
    latest: datetime | None = None  # the latest of the dates given (``date``, ``Date``...)

    @property
    def withheld(self) -> bool:
        """Kept back whatever the day: flagged as a draft, or dated unreadably."""
        return self.draft or self.unreadable_date is not None


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
    as ABlog prefers the directive to the front matter; else the first spelling of
    ``date``, as docutils and ABlog take it, though every spelling is checked)."""
    draft, unclear = draft_flag(meta.values("draft"))
    given = (meta.post_date,) if meta.post_directive and meta.post_date else meta.values("date")
    parsed = [parse_post_date(raw) for raw in given]
    value, problem = parsed[0] if parsed else (None, None)
    unreadable = next((p for v, p in parsed if v is None and p is not None and p.kind != "empty"),
                      None)
    return Publication(draft=draft, date=value, date_problem=problem, draft_problem=unclear,
                       unreadable_date=unreadable,
                       latest=max((v for v, _ in parsed if v is not None), default=None))


def publication_cutoff() -> date:
    """Today in UTC, or the day of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(tz=timezone.utc).date()


def is_future(value: datetime | None, cutoff: date) -> bool:
    return value is not None and value.date() > cutoff


def is_public(draft: bool, value: datetime | None, cutoff: date) -> bool:
    """Not flagged as a draft, and dated on or before ``cutoff`` (an undated post is a
    draft, as ABlog has it, and warned about)."""
    return not draft and value is not None and not is_future(value, cutoff)
