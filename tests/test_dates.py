"""The essays' dates: no post cites a release, version or event from after its own date.

A post may state only what was true on its date; a later fact belongs in an update note
(```{update} YYYY-MM-DD```), whose text is held to the note's date instead, and the
References section may list sources as late as the last update note. Every dated mention the
essays make is listed in ``tests/data/releases.yaml`` with its date and a pattern that finds
it. So that the table keeps up with the essays, a version number (``Go 1.25``, ``3.0.1``,
``RFC 9110``, ``KIP-679``, ``2.6-202211``) or a year that no entry accounts for fails too.
Bare two-part numbers ("the 3.0 list") are too ambiguous to demand; name the product once
nearby and its entry's pattern finds it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
POSTS = ROOT / "source" / "posts"
TABLE = ROOT / "tests" / "data" / "releases.yaml"

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
    text: str
    limit: dt.date
    where: str  # "the post" or "the update note of 2025-08-12"


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


def blocks(text: str) -> list[Block]:
    """Prose blocks with their limits: code listings dropped, update notes at their date.

    The References section serves the update notes too, so it may be as late as the last one.
    """
    posted, lines = split_post(text)
    updates = [dt.date.fromisoformat(m.group(1)) for m in UPDATE.finditer(text)]
    out: list[Block] = []
    current: list[tuple[int, str]] = []
    section = (posted, "the post")  # the limit outside update notes, per section
    fence, code, (limit, where) = None, False, section

    def flush():
        if current:
            out.append(Block(current[0][0], "\n".join(t for _, t in current), limit, where))
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
                last = max([posted, *updates])
                section = ((last, f"the references (last update {last.isoformat()})")
                           if line[3:].strip() == "References" else (posted, "the post"))
                limit, where = section
        if not line.strip() or LIST_ITEM.match(line):
            flush()
        if line.strip():
            current.append((number, line))
    flush()
    return out


def matches(entries: list[Entry], stem: str, block: Block):
    for entry in entries:
        if entry.posts is None or stem in entry.posts:
            for found in entry.pattern.finditer(block.text):
                yield entry, found


def later(entry: Entry, limit: dt.date) -> bool:
    return entry.date > (limit.year, limit.month, limit.day)[:len(entry.date)]


def anachronisms(entries: list[Entry], stem: str, text: str) -> list[str]:
    problems = []
    for block in blocks(text):
        for entry, found in matches(entries, stem, block):
            if later(entry, block.limit):
                line = block.line + block.text.count("\n", 0, found.start())
                when = "-".join(f"{part:02d}" for part in entry.date)
                problems.append(f"line {line}: {found.group(0)!r} is {entry.name} ({when}), "
                                f"after {block.where} ({block.limit.isoformat()})")
    return problems


def unaccounted(entries: list[Entry], stem: str, text: str) -> list[str]:
    missing = []
    for block in blocks(text):
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
