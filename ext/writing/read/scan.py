"""Before reading: find the posts that are not public and keep them out of the build.

At ``config-inited`` every source file Sphinx will find is read (as Sphinx reads it,
UTF-8 with or without a BOM) and its metadata parsed as MyST or docutils will
(``frontmatter.py``). A post — by ``blog_post_pattern``, ``blogpost`` front matter or the
``post`` directive — that is a draft, dated in the future, or whose draft flag or front
matter cannot be read is added to ``exclude_patterns``: it then has no page, listing,
feed, sitemap or search entry. A file that is not UTF-8 is left out the same way, with a
warning at the line of its first bad byte, instead of ending the build.

Parsed metadata is kept in the cache by the file's content digest; reading and digesting
every file is all an unchanged site costs.
"""

from __future__ import annotations

import glob
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.project import Project

from writing.read.frontmatter import Metadata, front_matter_block, read_metadata
from writing.read.publication import Publication, is_public, publication
from writing.warnings_ import WritingWarning

if TYPE_CHECKING:
    from sphinx.config import Config

    from writing.incremental.cache import BuildCache

CACHE_FILE = "metadata.json"


@dataclass(frozen=True)
class Problem:
    """A warning about a file that will not be read, so no reader will report it."""

    path: str  # relative to the source folder
    line: int
    subtype: WritingWarning
    message: str


@dataclass
class Scan:
    """What was found before reading."""

    metadata: dict[str, Metadata] = field(default_factory=dict)  # posts, by docname
    publications: dict[str, Publication] = field(default_factory=dict)  # posts, by docname
    excluded: list[str] = field(default_factory=list)  # source paths kept out of the build
    problems: list[Problem] = field(default_factory=list)
    cache_entries: dict[str, dict] = field(default_factory=dict)  # for the next build


def decode(data: bytes) -> tuple[str | None, int]:
    """The text as Sphinx decodes it (``utf-8-sig``), or ``None`` and the bad byte's line."""
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError as exc:
        return None, data.count(b"\n", 0, exc.start) + 1


def is_post(docname: str, meta: Metadata, matched: set[str]) -> bool:
    """Whether ABlog will treat the file as a post: by pattern, front matter or directive."""
    return docname in matched or "blogpost" in meta.keys or meta.post_directive


def _mentions_a_post(text: str) -> bool:
    """Whether unreadable front matter might have declared a post or a draft."""
    block = front_matter_block(text)
    return block is not None and any(
        line.strip().lower().startswith(("blogpost", "draft")) for line in block[0].split("\n"))


class MetadataCache:
    """Parsed metadata by content digest, kept between builds."""

    def __init__(self, cache: BuildCache | None) -> None:
        self.cache = cache
        stored = cache.load(CACHE_FILE) if cache else None
        self.entries: dict[str, dict] = stored if isinstance(stored, dict) else {}
        self.used: dict[str, dict] = {}

    def metadata(self, text: str, data: bytes, suffix: str) -> Metadata:
        key = hashlib.sha256(suffix.encode() + b"\0" + data).hexdigest()
        entry = self.entries.get(key)
        meta = None
        if entry is not None:
            try:
                meta = Metadata(**{**entry, "keys": frozenset(entry["keys"]),
                                   "all_values": {k: tuple(v) for k, v in
                                                  entry["all_values"].items()}})
            except (TypeError, KeyError, AttributeError):
                meta = None
        if meta is None:
            meta = read_metadata(text, suffix)
        self.used[key] = {**asdict(meta), "keys": sorted(meta.keys)}
        return meta

    def save_entries(self, entries: dict[str, dict]) -> None:
        """Keep ``entries`` (the metadata of this build's files) for the next build."""
        if self.cache is not None and entries != self.entries:
            self.cache.save(CACHE_FILE, entries)


def scan_sources(srcdir: str | Path, config: Config, matched: set[str], cutoff: date,
                 show_drafts: bool, cache: BuildCache | None) -> Scan:
    """Read every source file Sphinx will find; decide which stay out of the build."""
    project = Project(srcdir, config.source_suffix)
    exclude = [*config.exclude_patterns, *config.templates_path,
               *getattr(config, "html_static_path", ()), *getattr(config, "html_extra_path", ())]
    kept = MetadataCache(cache)
    scan = Scan()
    for docname in sorted(project.discover(exclude, config.include_patterns)):
        rel = project.doc2path(docname, absolute=False).as_posix()
        path = Path(srcdir) / rel
        try:
            data = path.read_bytes()
        except OSError:
            continue  # Sphinx reports an unreadable document itself
        text, bad_line = decode(data)
        if text is None:
            scan.excluded.append(rel)
            scan.problems.append(Problem(rel, bad_line, WritingWarning.ENCODING,
                                         "the file is not UTF-8, so it is left out of the "
                                         "build; save it as UTF-8"))
            continue
        meta = kept.metadata(text, data, path.suffix)
        if meta.problem and (docname in matched or _mentions_a_post(text)):
            if not show_drafts:
                scan.excluded.append(rel)
            scan.problems.append(Problem(
                rel, meta.problem_line, WritingWarning.FRONT_MATTER,
                f"the front matter cannot be read: {meta.problem}; the post is "
                f"{'shown as a draft' if show_drafts else 'left out of the build'} until it "
                "is fixed"))
            continue
        if not is_post(docname, meta, matched):
            continue
        facts = publication(meta)
        scan.metadata[docname] = meta
        scan.publications[docname] = facts
        if facts.draft_problem is not None:
            scan.problems.append(Problem(
                rel, meta.line("draft"), WritingWarning.DRAFT_VALUE,
                f"draft: {facts.draft_problem!r} is neither true nor false, so the post is "
                "kept as a draft; write 'draft: true' or 'draft: false'"))
        if not show_drafts and not is_public(facts.draft, facts.date, cutoff):
            scan.excluded.append(rel)
    scan.cache_entries = kept.used
    return scan


def exclusion_patterns(paths: list[str]) -> list[str]:
    """``exclude_patterns`` entries that match exactly these paths."""
    return [glob.escape(path) for path in paths]
