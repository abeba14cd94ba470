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
    r"(?P<tz>\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT))?$",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    r"^(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{4}))?$")
_DAY_FIRST = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]+)\.?(?:,?\s+(?P<y>\d{4}))?$")
_NUMERIC_NO_YEAR = re.compile(r"^\d{1,2}[-/]\d{1,2}$")


@dataclass(frozen=True)
class DateProblem:
    """Why a date string was refused or changed.

    ``kind`` is ``invalid``, ``no_year``, ``empty`` or ``timezone``. A ``timezone`` problem
    still comes with a date: the wall-clock date and time as written.
    """

    kind: str
    detail: str


HINTS = {
    "invalid": "write it as YYYY-MM-DD, e.g. '2024-03-15'",
    "empty": "write it as YYYY-MM-DD, e.g. '2024-03-15'",
    "timezone": "post dates are calendar dates; drop the offset (the date as written is used)",
    "no_year": "add the year, e.g. '2024-03-15'",
}


def parse_post_date(raw: object) -> tuple[datetime | None, DateProblem | None]:
    """Parse a date as an author writes it into a naive datetime, and say what is wrong.

    Accepted: ``2024-03-15``, ``2024-03-15 09:30``, ``2024-03-15T09:30:00``,
    ``March 15, 2024`` and ``15 March 2024``. A time zone is refused with a problem of kind
    ``timezone``, but the date as written is still returned, so that the post is dated (and
    a future one kept back) all the same.
    """
    text = " ".join(str(raw if raw is not None else "").split())
    if not text or text.lower() in ("none", "null", "~"):
        return None, DateProblem("empty", "the date is empty")
    if m := _ISO.match(text):
        try:
            value = datetime(int(m["y"]), int(m["m"]), int(m["d"]),
                             int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0))
        except ValueError as exc:
            return None, DateProblem("invalid", f"{text!r} is not a real date ({exc})")
        if m["tz"]:
            return value, DateProblem("timezone", f"{text!r} has a time zone")
        return value, None
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if m := pattern.match(text):
            month = _MONTH_INDEX.get(m["mon"].lower())
            if month is None:
                break
            if not m["y"]:
                return None, DateProblem("no_year", f"{text!r} has no year")
            try:
                return datetime(int(m["y"]), month, int(m["d"])), None
            except ValueError as exc:
                return None, DateProblem("invalid", f"{text!r} is not a real date ({exc})")
    if _NUMERIC_NO_YEAR.match(text):
        return None, DateProblem("no_year", f"{text!r} has no year")
    return None, DateProblem("invalid", f"{text!r} is not a date")


def canonical(value: datetime) -> str:
    """``2024-03-15``, with `` 09:30:00`` when the time is not midnight: what ABlog parses."""
    text = iso_date(value)
    if (value.hour, value.minute, value.second) != (0, 0, 0):
        text += f" {value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    return text


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DIRECTIVE = re.compile(r"%(-?)([a-zA-Z%])")


def format_display_date(value: date | datetime, fmt: str = "%B %-d, %Y") -> str:
    """``value`` in a ``strftime`` format (ABlog's ``post_date_format``), in English
    whatever the machine's locale: ``%B``, ``%b``, ``%A``, ``%a``, ``%d``, ``%-d``, ``%m``,
    ``%-m``, ``%Y``, ``%y``, ``%j`` and ``%%``; any other directive as ``strftime`` gives it.
    """
    def one(match: re.Match) -> str:
        bare, code = match.group(1) == "-", match.group(2)
        if code == "B":
            return MONTHS[value.month - 1]
        if code == "b":
            return MONTHS[value.month - 1][:3]
        if code == "A":
            return _DAYS[value.weekday()]
        if code == "a":
            return _DAYS[value.weekday()][:3]
        if code in "dmj":
            number = {"d": value.day, "m": value.month,
                      "j": value.timetuple().tm_yday}[code]
            return str(number) if bare else f"{number:0{3 if code == 'j' else 2}d}"
        if code == "Y":
            return f"{value.year:04d}"
        if code == "y":
            return f"{value.year % 100:02d}"
        if code == "%":
            return "%"
        return value.strftime(f"%{code}")
    return _DIRECTIVE.sub(one, fmt)


def iso_date(value: date | datetime) -> str:
    """``2024-03-15``."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
