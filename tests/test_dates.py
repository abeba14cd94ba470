"""The essays' dates: no post cites a release, version or event from after its own date.

A post may state only what was true on its date; a later fact belongs in an update note
(```{update} YYYY-MM-DD```), whose text is held to the note's date instead, and the
References section may list sources as late as the last update note. Every dated mention the
essays make is listed in ``tests/data/releases.yaml`` with its date and a pattern that finds
it. So that the table keeps up with the essays, a version number (``Go 1.25``, ``3.0.1``,
``RFC 9110``, ``KIP-679``, ``2.6-202211``) or a year that no entry accounts for fails too.
Bare two-part numbers ("the 3.0 list") are too ambiguous to demand; name the product once
nearby and its entry's pattern finds it.

Citations (``{footcite:p}`key```) name entries of ``source/references.bib``: each cited entry's
``date`` is held to the limit of the paragraph that cites it, and its text (authors, title,
venue, note, date, URL) is checked as part of the References, as a list item there once was.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
POSTS = ROOT / "source" / "posts"
TABLE = ROOT / "tests" / "data" / "releases.yaml"
BIB = ROOT / "source" / "references.bib"

FENCE = re.compile(r"^(`{3,})\s*(\{[\w-]+\})?\s*(.*)$")
CODE_DIRECTIVES = {"{literalinclude}", "{code-block}", "{code}", "{sourcecode}"}
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")
PRODUCTS = r"(?:Go|Kafka|Redis|etcd|OpenRTB|AdCOM|VAST|TLS|PHP|Python|Kubernetes|Envoy|gRPC|Lua)"
MENTION = re.compile(
    rf"\b{PRODUCTS}\s?v?\d+(?:\.\d+)+\b"  # Go 1.25, etcd v3.5, TLS 1.2
    r"|(?<![§\d.])\b\d+\.\d+\.\d+\b"  # 3.0.1, but not the section §3.2.1
    r"|\bRFC\s?\d+\b|\bRFDs?\s?\d+\b|\bKIP-\d+\b"
    r"|\b\d\.\d-\d{6}\b"  # 2.6-202211
    r"|\b(?:19[6-9]\d|20[0-4]\d)\b"  # a year
)
YEAR = re.compile(r"^\d{4}$")
UPDATE = re.compile(r"^`{3,}\s*\{update\}\s+(\d{4}-\d{2}-\d{2})", re.M)
CITATION = re.compile(r"\{footcite(?::\w+)?\}`([^`]*)`")
BIB_FIELDS = ("title", "howpublished", "journal", "booktitle", "publisher", "note",
              "date", "url")  # not the DOI: its digits are neither years nor versions


@dataclass(frozen=True)
class Entry:
    name: str
    date: tuple[int, ...]  # (year,), (year, month) or (year, month, day)
    pattern: re.Pattern
    posts: frozenset[str] | None
    watch: bool  # kept though no essay mentions it, so it cannot creep back undated


@dataclass(frozen=True)
class Block:
    """A paragraph, list item or caption, and the date its text may speak for."""
    line: int
    text: str  # citations taken out: they are checked by their entries' dates
    limit: dt.date
    where: str  # "the post" or "the update note of 2025-08-12"
    cites: tuple[tuple[str, int], ...] = ()  # the keys of references.bib it cites, with lines


@dataclass(frozen=True)
class Source:
    """An entry of references.bib: its date, and its text as the References show it."""
    key: str
    date: tuple[int, ...]  # () when undated
    text: str


def load_bib(path: Path = BIB) -> dict[str, Source]:
    sources = {}
    for key, entry in parse_file(str(path)).entries.items():
        people = "; ".join(str(p).replace("{", "").replace("}", "")
                           for role in ("author", "editor") for p in entry.persons.get(role, ()))
        fields = [entry.fields[name] for name in BIB_FIELDS if entry.fields.get(name)]
        date = entry.fields.get("date", "")
        sources[key] = Source(key, parse_date(date) if date else (), " ".join([people, *fields]))
    return sources


def citations(text: str, line: int = 1) -> tuple[tuple[str, int], ...]:
    """The keys cited in ``text`` (which starts at ``line``), in order, with their lines."""
    return tuple((key.strip(), line + text.count("\n", 0, match.start()))
                 for match in CITATION.finditer(text) for key in match.group(1).split(","))


def parse_date(value) -> tuple[int, ...]:
    return tuple(int(part) for part in str(value).split("-"))


def load_table() -> list[Entry]:
    rows = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return [Entry(row["name"], parse_date(row["date"]), re.compile(row["pattern"]),
                  frozenset(row["posts"]) if row.get("posts") else None,
                  bool(row.get("watch"))) for row in rows]


def split_post(text: str) -> tuple[dt.date, list[tuple[int, str]]]:
    """The post's date and its body lines, numbered as in the file."""
    lines = text.splitlines()
    assert lines[0] == "---", "front matter must open the file"
    end = lines.index("---", 1)
    front = yaml.safe_load("\n".join(lines[1:end]))
    date = front["date"]
    if not isinstance(date, dt.date):
        date = dt.date.fromisoformat(str(date))
    return date, [(n, line) for n, line in enumerate(lines[end + 1:], start=end + 2)]


def blocks(text: str, bib: dict[str, Source] | None = None) -> list[Block]:
    """Prose blocks with their limits: code listings dropped, update notes at their date.

    The References section serves the update notes too, so it may be as late as the last one;
    its entries are the cited sources of ``bib`` (references.bib), one block each.
    """
    bib = BIBLIOGRAPHY if bib is None else bib
    posted, lines = split_post(text)
    updates = [dt.date.fromisoformat(m.group(1)) for m in UPDATE.finditer(text)]
    last = max([posted, *updates])
    out: list[Block] = []
    current: list[tuple[int, str]] = []
    section = (posted, "the post")  # the limit outside update notes, per section
    fence, code, (limit, where) = None, False, section
    references_line = 0

    def flush():
        if current:
            joined = "\n".join(t for _, t in current)
            first = current[0][0]
            out.append(Block(first, CITATION.sub(lambda m: " " * len(m.group(0)), joined),
                             limit, where, citations(joined, first)))
            current.clear()

    for number, line in lines:
        match = FENCE.match(line)
        if fence is None and match:
            flush()
            fence, directive = match.group(1), match.group(2)
            code = directive is None or directive in CODE_DIRECTIVES
            if directive == "{update}":
                limit = dt.date.fromisoformat(match.group(3).split()[0])
                where = f"the update note of {limit.isoformat()}"
            continue
        if fence is not None and line.strip().startswith(fence) and not line.strip().strip("`"):
            flush()
            fence, code, (limit, where) = None, False, section
            continue
        if code:
            continue
        if fence is None and line.startswith("#"):
            flush()
            if line.startswith("## "):
                section = ((last, f"the references (last update {last.isoformat()})")
                           if line[3:].strip() == "References" else (posted, "the post"))
                limit, where = section
                if line[3:].strip() == "References":
                    references_line = number
        if not line.strip() or LIST_ITEM.match(line):
            flush()
        if line.strip():
            current.append((number, line))
    flush()
    where = f"the references (last update {last.isoformat()})"
    for key in dict.fromkeys(key for block in out for key, _ in block.cites):
        if key in bib:
            out.append(Block(references_line, bib[key].text, last, where))
    return out


def matches(entries: list[Entry], stem: str, block: Block):
    for entry in entries:
        if entry.posts is None or stem in entry.posts:
            for found in entry.pattern.finditer(block.text):
                yield entry, found


def later(entry: Entry, limit: dt.date) -> bool:
    return entry.date > (limit.year, limit.month, limit.day)[:len(entry.date)]


def anachronisms(entries: list[Entry], stem: str, text: str,
                 bib: dict[str, Source] | None = None) -> list[str]:
    bib = BIBLIOGRAPHY if bib is None else bib
    problems = []
    for block in blocks(text, bib):
        for entry, found in matches(entries, stem, block):
            if later(entry, block.limit):
                line = block.line + block.text.count("\n", 0, found.start())
                when = "-".join(f"{part:02d}" for part in entry.date)
                problems.append(f"line {line}: {found.group(0)!r} is {entry.name} ({when}), "
                                f"after {block.where} ({block.limit.isoformat()})")
        for key, line in block.cites:
            source = bib.get(key)
            if source is None:
                problems.append(f"line {line}: cites {key!r}, which references.bib lacks")
            elif source.date and source.date > (block.limit.year, block.limit.month,
                                                block.limit.day)[:len(source.date)]:
                when = "-".join(f"{part:02d}" for part in source.date)
                problems.append(f"line {line}: cites {key} ({when}), "
                                f"after {block.where} ({block.limit.isoformat()})")
    return problems


def unaccounted(entries: list[Entry], stem: str, text: str,
                bib: dict[str, Source] | None = None) -> list[str]:
    missing = []
    for block in blocks(text, bib):
        found = list(matches(entries, stem, block))
        years = {entry.date[0] for entry, _ in found}
        for mention in MENTION.finditer(block.text):
            token = mention.group(0)
            if YEAR.match(token):
                ok = int(token) in years
            else:
                ok = any(m.start() < mention.end() and mention.start() < m.end() for _, m in found)
            if not ok:
                line = block.line + block.text.count("\n", 0, mention.start())
                missing.append(f"line {line}: {token!r}")
    return missing


ENTRIES = load_table()
BIBLIOGRAPHY = load_bib()
ESSAYS = sorted(POSTS.glob("*.md"))


@pytest.mark.parametrize("path", ESSAYS, ids=lambda p: p.stem)
def test_post_cites_nothing_from_after_its_date(path):
    problems = anachronisms(ENTRIES, path.stem, path.read_text(encoding="utf-8"))
    assert problems == [], (f"{path.name} states later facts outside an update note:\n  "
                            + "\n  ".join(problems))


@pytest.mark.parametrize("path", ESSAYS, ids=lambda p: p.stem)
def test_every_version_and_year_is_in_the_table(path):
    missing = unaccounted(ENTRIES, path.stem, path.read_text(encoding="utf-8"))
    assert missing == [], (f"{path.name} mentions versions or years that "
                           f"tests/data/releases.yaml does not date:\n  " + "\n  ".join(missing))


@pytest.mark.parametrize("path", ESSAYS, ids=lambda p: p.stem)
def test_update_notes_come_after_the_post(path):
    text = path.read_text(encoding="utf-8")
    posted, _ = split_post(text)
    for block in blocks(text):
        assert block.limit >= posted, f"{path.name} line {block.line}: update dated before the post"


def test_every_entry_is_mentioned_somewhere():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in ESSAYS}
    unused = [e.name for e in ENTRIES if not e.watch
              and not any(found for stem, text in texts.items() for block in blocks(text)
                         for found in matches([e], stem, block))]
    assert unused == [], f"entries no essay mentions (remove them): {unused}"


SAMPLE = """---
date: 2023-11-05
---

# Sample

Goroutines are cheap, and Go 1.25 changed how GOMAXPROCS is chosen.

```go
// Go 1.25 in a listing is code, not a claim.
```

```{update} 2025-08-12
Go 1.25 made GOMAXPROCS container-aware.
```

## References

- Author, A. A paper. 2019.
- Go 1.25 release notes.
"""


def test_checker_finds_a_later_release_and_respects_update_notes():
    entries = [e for e in ENTRIES if e.name.startswith("Go 1.25")]
    assert anachronisms(entries, "sample", SAMPLE) == [
        "line 7: 'Go 1.25' is Go 1.25 (container-aware GOMAXPROCS) (2025-08-12), "
        "after the post (2023-11-05)"]
    assert unaccounted(entries, "sample", SAMPLE) == ["line 19: '2019'"]
    early = SAMPLE.replace("```{update} 2025-08-12", "```{update} 2024-01-01")
    assert [p.split(":")[0] for p in anachronisms(entries, "sample", early)] == \
        ["line 7", "line 14", "line 20"]


CITED = """---
date: 2023-11-05
---

# Sample

Goroutines start with small stacks {footcite:p}`go-1.25-notes`.

```{update} 2025-08-12
It does since Go 1.25 {footcite:p}`go-1.25-notes`.
```

## References

```{footbibliography}
```
"""


def test_a_citation_of_a_later_source_fails_outside_its_update_note():
    """The check reads each cited entry's date from references.bib: citing the Go 1.25
    release notes (2025-08-12) in a post of 2023 fails, in the update note of their date
    passes, and in an earlier note fails."""
    assert BIBLIOGRAPHY["go-1.25-notes"].date == (2025, 8, 12)
    assert anachronisms(ENTRIES, "sample", CITED) == [
        "line 7: cites go-1.25-notes (2025-08-12), after the post (2023-11-05)"]
    in_note = CITED.replace(" {footcite:p}`go-1.25-notes`.\n\n```{update}", ".\n\n```{update}")
    assert anachronisms(ENTRIES, "sample", in_note) == []
    early = in_note.replace("```{update} 2025-08-12", "```{update} 2024-01-01")
    assert anachronisms(ENTRIES, "sample", early) == [
        "line 10: 'Go 1.25' is Go 1.25 (container-aware GOMAXPROCS) (2025-08-12), after the "
        "update note of 2024-01-01 (2024-01-01)",
        "line 10: cites go-1.25-notes (2025-08-12), after the update note of 2024-01-01 "
        "(2024-01-01)",
        "line 13: 'Go 1.25' is Go 1.25 (container-aware GOMAXPROCS) (2025-08-12), after the "
        "references (last update 2024-01-01) (2024-01-01)"]


def test_cited_entries_are_checked_as_references_and_unknown_keys_fail():
    bib = {"later": Source("later", (2024, 6), "Someone. A paper on Go 1.25. 2024-06"),
           "undated": Source("undated", (), "A page without a date")}
    post = ("---\ndate: 2023-11-05\n---\n\n# Sample\n\nA claim {footcite:p}`later,undated`.\n\n"
            "## References\n\n```{footbibliography}\n```\n")
    entries = [e for e in ENTRIES if e.name.startswith("Go 1.25")]
    assert anachronisms(entries, "sample", post, bib) == [
        "line 7: cites later (2024-06), after the post (2023-11-05)",
        "line 9: 'Go 1.25' is Go 1.25 (container-aware GOMAXPROCS) (2025-08-12), after the "
        "references (last update 2023-11-05) (2023-11-05)"]
    # The text of a cited entry needs its versions and years accounted for, as a list item
    # under References always did.
    assert unaccounted([], "sample", post, bib) == ["line 9: 'Go 1.25'", "line 9: '2024'"]
    unknown = post.replace("later,undated", "nowhere")
    assert anachronisms(entries, "sample", unknown, bib) == [
        "line 7: cites 'nowhere', which references.bib lacks"]


@pytest.mark.parametrize("path", ESSAYS, ids=lambda p: p.stem)
def test_the_check_sees_every_essays_citations(path):
    text = path.read_text(encoding="utf-8")
    cited = [key for key, _ in citations(text)]
    assert len(cited) >= 3 and set(cited) <= set(BIBLIOGRAPHY)
    found = [key for block in blocks(text) for key, _ in block.cites]
    assert found == cited
