"""Before reading: find the posts that are not public and keep them out of the build.

At ``config-inited`` every source file Sphinx will find is read (as Sphinx reads it,
UTF-8 with or without a BOM) and its metadata parsed as MyST or docutils will
(``frontmatter.py``). A post — by ``blog_post_pattern``, ``blogpost`` front matter or the
``post`` directive — that is a draft, dated in the future, or whose draft flag, date or
front matter cannot be read is added to ``exclude_patterns``: it then has no page,
listing, feed, sitemap or search entry. A file that is not UTF-8 is left out the same way,
with a warning at the line of its first bad byte, instead of ending the build.

What decides each file is kept in the cache by the file's content digest; reading and
digesting every file is all an unchanged site costs.
"""

from __future__ import annotations

import glob
import hashlib
import os
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import get_matching_files

from writing.read.dates import HINTS
from writing.read.frontmatter import Metadata, front_matter_block, read_metadata
from writing.read.publication import is_public, missing_date, publication
from writing.warnings_ import WritingWarning

if TYPE_CHECKING:
    from sphinx.config import Config

    from writing.incremental.cache import BuildCache

CACHE_FILE = "sources.json"
# The warning for each kind of date problem (``dates.DateProblem``).
DATE_SUBTYPES = {
    "invalid": WritingWarning.DATE_INVALID,
    "timezone": WritingWarning.DATE_TIMEZONE,
    "no_year": WritingWarning.DATE_NO_YEAR,
}


@dataclass(frozen=True)
class Problem:
    """A warning about a file that will not be read, so no reader will report it."""

    path: str  # relative to the source folder
    line: int
    subtype: WritingWarning
    message: str


@dataclass(frozen=True)
class Facts:
    """What decides a file's fate, from its text alone (kept by content digest)."""

    declares_post: bool  # ``blogpost`` front matter or a ``post`` directive
    problem: str | None = None  # why its front matter cannot be read
    problem_line: int = 0
    mentions_post: bool = False  # unreadable front matter that mentions a post or a draft
    draft: bool = False  # kept back whatever the day: a draft, or a date that is not a date
    draft_problem: str | None = None
    draft_line: int = 0
    date: str | None = None  # the latest date it gives, ISO date and time as written
    date_problem: str | None = None  # why a date it gives is not a date
    date_problem_kind: str | None = None  # ``dates.DateProblem.kind``
    date_line: int = 0
    directive: bool = False  # declared by a ``post`` directive

    @classmethod
    def of(cls, meta: Metadata, text: str) -> Facts:
        if meta.problem:
            return cls(False, meta.problem, meta.problem_line, _mentions_a_post(text))
        facts = publication(meta)
        bad = facts.unreadable_date
        directive_date = meta.post_directive and meta.post_date
        return cls("blogpost" in meta.keys or meta.post_directive, draft=facts.withheld,
                   draft_problem=facts.draft_problem, draft_line=meta.line("draft"),
                   date=facts.latest.isoformat() if facts.latest else None,
                   date_problem=bad.detail if bad else None,
                   date_problem_kind=bad.kind if bad else None,
                   date_line=meta.post_line if directive_date or (
                       meta.post_directive and not meta.values("date")) else meta.line("date"),
                   directive=bool(meta.post_directive))

    def public(self, cutoff: date) -> bool:
        """Whether the post is provably public on ``cutoff``: not kept back, and no date it
        gives later (``publication.is_public``)."""
        return is_public(self.draft, datetime.fromisoformat(self.date) if self.date else None,
                         cutoff)


@dataclass
class Scan:
    """What was found before reading."""

    posts: set[str] = field(default_factory=set)  # docnames ABlog will make posts of
    withheld: set[str] = field(default_factory=set)  # posts kept back whatever the day
    excluded: list[str] = field(default_factory=list)  # source paths kept out of the build
    problems: list[Problem] = field(default_factory=list)
    cache_entries: dict[str, dict] = field(default_factory=dict)  # for the next build


def decode(data: bytes) -> tuple[str | None, int]:
    """The text as Sphinx decodes it (``utf-8-sig``), or ``None`` and the bad byte's line."""
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError as exc:
        return None, data.count(b"\n", 0, exc.start) + 1


def _as_written(value: str) -> str:
    """A front-matter value for a message: MyST hands an empty one on as ``null``."""
    return "(empty)" if value.strip().lower() in ("", "null", "~") else repr(value)


def _mentions_a_post(text: str) -> bool:
    """Whether unreadable front matter might have declared a post or a draft."""
    block = front_matter_block(text)
    return block is not None and any(
        line.strip().lower().startswith(("blogpost", "draft")) for line in block[0].split("\n"))


def read_source(path: Path) -> Metadata:
    """A source file's metadata (for the line of a warning), decoded as Sphinx decodes it."""
    try:
        text = decode(path.read_bytes())[0] or ""
    except OSError:
        text = ""
    return read_metadata(text, path.suffix)


class FactsCache:
    """Each file's facts by content digest, kept between builds."""

    def __init__(self, cache: BuildCache | None) -> None:
        self.cache = cache
        stored = cache.load(CACHE_FILE) if cache else None
        self.entries: dict[str, dict] = stored if isinstance(stored, dict) else {}
        self.used: dict[str, dict] = {}

    def facts(self, data: bytes, suffix: str) -> Facts | None:
        """The file's facts; ``None`` when it is not UTF-8."""
        digest = hashlib.sha256(suffix.encode() + b"\0")
        digest.update(data)
        key = digest.hexdigest()
        entry = self.entries.get(key)
        if isinstance(entry, dict):
            try:
                facts = Facts(**entry)
            except TypeError:  # kept by other code: read again
                pass
            else:
                self.used[key] = entry
                return facts
        text, _ = decode(data)
        if text is None:
            return None
        facts = Facts.of(read_metadata(text, suffix), text)
        self.used[key] = asdict(facts)
        return facts

    def save_entries(self, entries: dict[str, dict]) -> None:
        """Keep ``entries`` (this build's files) for the next build."""
        if self.cache is not None and entries != self.entries:
            self.cache.save(CACHE_FILE, entries)


def source_files(srcdir: str | Path, config: Config) -> dict[str, str]:
    """Every document Sphinx will find, as ``{docname: path relative to srcdir}``: the files
    ``Project.discover`` keeps (the same matching of the same patterns), the first of two
    files that would make one document."""
    exclude = [*config.exclude_patterns, *config.templates_path,
               *getattr(config, "html_static_path", ()), *getattr(config, "html_extra_path", ()),
               *EXCLUDE_PATHS]
    suffix = config.source_suffix  # a mapping once Sphinx has read it (else as written)
    suffixes = (suffix,) if isinstance(suffix, str) else tuple(suffix)
    found: dict[str, str] = {}
    for rel in get_matching_files(srcdir, config.include_patterns, exclude):
        for suffix in suffixes:
            if rel.endswith(suffix):
                found.setdefault(rel.removesuffix(suffix), rel)
                break
    return found


def scan_sources(srcdir: str | Path, config: Config, matched: set[str], cutoff: date,
                 show_drafts: bool, cache: BuildCache | None) -> Scan:
    """Read every source file Sphinx will find; decide which stay out of the build."""
    kept = FactsCache(cache)
    scan = Scan()
    for docname, rel in sorted(source_files(srcdir, config).items()):
        try:
            with open(os.path.join(srcdir, rel), "rb") as fh:
                data = fh.read()
        except OSError:
            continue  # Sphinx reports an unreadable document itself
        facts = kept.facts(data, os.path.splitext(rel)[1])
        if facts is None:
            scan.excluded.append(rel)
            scan.problems.append(Problem(rel, decode(data)[1], WritingWarning.ENCODING,
                                         "the file is not UTF-8, so it is left out of the "
                                         "build; save it as UTF-8"))
            continue
        if facts.problem:
            if docname in matched or facts.mentions_post:
                if not show_drafts:
                    scan.excluded.append(rel)
                scan.problems.append(Problem(
                    rel, facts.problem_line, WritingWarning.FRONT_MATTER,
                    f"the front matter cannot be read: {facts.problem}; the post is "
                    f"{'shown as a draft' if show_drafts else 'left out of the build'} until "
                    "it is fixed"))
            continue
        if not (facts.declares_post or docname in matched):
            continue
        scan.posts.add(docname)
        if facts.draft:
            scan.withheld.add(docname)
        if facts.draft_problem is not None:
            scan.problems.append(Problem(
                rel, facts.draft_line, WritingWarning.DRAFT_VALUE,
                f"draft: {_as_written(facts.draft_problem)} is neither true nor false, so the "
                "post is kept as a draft; write 'draft: true' or 'draft: false'"))
        if show_drafts:
            continue  # read, and warned about while reading
        if facts.date_problem is not None:
            kind = facts.date_problem_kind
            scan.problems.append(Problem(
                rel, facts.date_line, DATE_SUBTYPES[kind],
                f"post date {facts.date_problem}; {HINTS[kind]}: the post is left out of the "
                "build until its date can be read"))
        elif facts.date is None and not facts.draft:
            scan.problems.append(Problem(rel, facts.date_line, WritingWarning.DATE_MISSING,
                                         missing_date(facts.directive, rel.endswith(".rst"),
                                                      "left out of the build")))
        if not facts.public(cutoff):
            scan.excluded.append(rel)
    scan.cache_entries = kept.used
    return scan


def exclusion_patterns(paths: list[str]) -> list[str]:
    """``exclude_patterns`` entries that match exactly these paths."""
    return [glob.escape(path) for path in paths]
