"""Bad front matter yields typed, located, suppressible warnings; never a crash or a silent draft."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from writing.read.dates import format_display_date, parse_post_date
from writing.warnings_ import WritingWarning

EXPECTED = {
    # file: (line, subtype)
    "bad-date": (2, "front_matter"),  # YAML cannot read 2024-13-45: the post is left out
    "words-date": (2, "date_invalid"),
    "tz-date": (2, "date_timezone"),
    "no-year": (3, "date_no_year"),
    "no-date": (1, "date_missing"),
    "bad-section": (3, "section_unknown"),
    "no-summary": (1, "summary_missing"),
    "no-title": (1, "title_missing"),
    "bad-tag": (4, "tag_unknown"),
}


def warnings_by_file(text: str) -> dict[str, list[tuple[int, str]]]:
    found: dict[str, list[tuple[int, str]]] = {}
    for match in re.finditer(r"posts/([\w-]+)\.md:(\d+): WARNING: .*? \[writing\.(\w+)\]", text):
        found.setdefault(match.group(1), []).append((int(match.group(2)), match.group(3)))
    return found


@pytest.mark.parametrize("raw, expected", [
    ("2024-03-15", (2024, 3, 15)), ("2024-3-5", (2024, 3, 5)),
    ("2024-03-15 09:30", (2024, 3, 15)), ("March 15, 2024", (2024, 3, 15)),
    ("15 March 2024", (2024, 3, 15)),
])
def test_dates_parse(raw, expected):
    parsed, problem = parse_post_date(raw)
    assert problem is None and (parsed.year, parsed.month, parsed.day) == expected


@pytest.mark.parametrize("raw, kind", [
    ("2024-13-45", "invalid"), ("notadate", "invalid"), ("", "empty"), ("null", "empty"),
    ("2024-01-05T10:00:00+02:00", "timezone"), ("2024-01-05 10:00Z", "timezone"),
    ("March 3", "no_year"), ("3 March", "no_year"), ("03-03", "no_year"),
])
def test_bad_dates_say_why(raw, kind):
    value, problem = parse_post_date(raw)
    assert problem is not None and problem.kind == kind
    # a date with a time zone is still a date: the wall-clock date as written
    assert (value is not None) == (kind == "timezone")


def test_display_dates_are_unpadded_english():
    from datetime import date

    assert format_display_date(date(2023, 12, 1)) == "December 1, 2023"
    assert format_display_date(date(2024, 3, 15)) == "March 15, 2024"


@pytest.mark.sphinx("html", testroot="validation", freshenv=True)
def test_each_problem_warns_with_file_line_and_subtype(app, warning):
    app.build()
    text = warning.getvalue()
    assert "Traceback" not in text and "Exception" not in text
    found = warnings_by_file(text)
    for name, (line, subtype) in EXPECTED.items():
        assert (line, subtype) in found.get(name, []), f"{name}: got {found.get(name)}"
    assert "good" not in found
    subtypes = {s.value for s in WritingWarning}
    assert {sub for items in found.values() for _, sub in items} <= subtypes


@pytest.mark.sphinx("html", testroot="validation", freshenv=True)
def test_bad_posts_are_published_or_withheld_loudly_never_silently(app, warning):
    app.build()
    out = Path(app.outdir)
    home = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    listed = {a.get_text() for a in home.select(".writing-card-title a")}
    for title in ("No summary", "Zoned date", "Bad tag", "Good post"):
        assert title in listed
    # Unreadable front matter might hide a draft flag: that post is left out, and warned.
    assert "Bad date" not in listed and not (out / "posts" / "bad-date.html").exists()
    # An undated post is a draft, as ABlog has it: left out, with a warning saying so.
    assert "No date" not in listed and not (out / "posts" / "no-date.html").exists()
    assert (1, "date_missing") in warnings_by_file(warning.getvalue())["no-date"]
    assert "kept as a draft" in warning.getvalue()
    assert (out / "posts" / "no-title.html").is_file()
    zoned = BeautifulSoup((out / "posts" / "tz-date.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert zoned.select_one(".writing-post-meta time")["datetime"] == "2024-01-05"
    no_summary = [c for c in home.select(".writing-card")
                  if c.select_one("a").get_text() == "No summary"][0]
    assert "first paragraph stands in" in no_summary.select_one(".writing-card-summary").get_text()


@pytest.mark.sphinx("html", testroot="validation", freshenv=True,
                    confoverrides={"suppress_warnings": ["writing.date_missing"]})
def test_suppressing_one_subtype_silences_only_it(app, warning):
    app.build()
    found = warnings_by_file(warning.getvalue())
    assert "no-date" not in found
    assert (2, "date_invalid") in found["words-date"]


@pytest.mark.sphinx("html", testroot="validation", freshenv=True,
                    confoverrides={"suppress_warnings": ["writing"]})
def test_suppressing_the_type_silences_all(app, warning):
    app.build()
    assert "[writing." not in warning.getvalue()


@pytest.mark.sphinx("html", testroot="validation", freshenv=True, warningiserror=True)
def test_warnings_fail_a_strict_build(app):
    app.build()
    assert app.statuscode == 1
