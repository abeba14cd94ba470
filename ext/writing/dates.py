"""Parsing and displaying post dates: pure functions, independent of locale and TZ."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_MONTH_INDEX = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_INDEX.update({name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)})

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"(?P<tz>\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?$",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(r"^(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?$")
_DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]+)\.?(?:,?\s+(?P<y>\d{4}))?$")
_NUMERIC_NO_YEAR = re.compile(r"^\d{1,2}[-/]\d{1,2}$")


@dataclass(frozen=True)
class DateProblem:
    """Why a date string was refused; ``kind`` is ``invalid``, ``timezone`` or ``no_year``."""

    kind: str
    detail: str


def parse_post_date(raw: str) -> datetime | DateProblem:
    """Parse a front-matter date into a naive datetime, or say what is wrong with it.

    Accepted: ``2024-03-15``, ``2024-03-15 09:30``, ``2024-03-15T09:30:00``,
    ``March 15, 2024`` and ``15 March 2024``.
    """
    text = " ".join(str(raw).split())
    if not text:
        return DateProblem("invalid", "the date is empty")
    if m := _ISO.match(text):
        if m["tz"]:
            return DateProblem("timezone", f"{text!r} has a timezone")
        try:
            return datetime(int(m["y"]), int(m["m"]), int(m["d"]),
                            int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0))
        except ValueError as exc:
            return DateProblem("invalid", f"{text!r} is not a real date ({exc})")
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if m := pattern.match(text):
            month = _MONTH_INDEX.get(m["mon"].lower())
            if month is None:
                break
            if not m["y"]:
                return DateProblem("no_year", f"{text!r} has no year")
            try:
                return datetime(int(m["y"]), month, int(m["d"]))
            except ValueError as exc:
                return DateProblem("invalid", f"{text!r} is not a real date ({exc})")
    if _NUMERIC_NO_YEAR.match(text):
        return DateProblem("no_year", f"{text!r} has no year")
    return DateProblem("invalid", f"{text!r} is not a date")


def format_display_date(value: date | datetime) -> str:
    """``March 15, 2024``: English month, no zero padding, whatever the locale."""
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def iso_date(value: date | datetime) -> str:
    """``2024-03-15``."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
