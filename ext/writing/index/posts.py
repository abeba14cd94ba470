"""The posts a reader may see in this build, in every order the pages need. Pure.

Made once per build, after reading, from the collected records: what is published is
decided here, against the build's cut-off (``publication.py``), so a post dated in the
future appears on the first build after its date without being read again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from writing.config import Section, find_section
from writing.index.records import PostRecord
from writing.read.publication import is_public

_UNDATED = datetime.min


def newest_first(records: Iterable[PostRecord]) -> list[PostRecord]:
    """Newest first; undated posts last; ties broken by title, then document name."""
    ordered = sorted(records, key=lambda r: (r.title.lower(), r.docname))
    return sorted(ordered, key=lambda r: r.date or _UNDATED, reverse=True)


@dataclass(frozen=True)
class Shown:
    """A visible post, with what this build decided about it."""

    record: PostRecord
    section: Section | None
    draft: bool  # shown marked as a draft (flagged, undated, or dated in the future)


class PostIndex:
    """The visible posts, newest first, by section, by tag and by ABlog label."""

    def __init__(self, records: Iterable[PostRecord], sections: list[Section], cutoff: date,
                 show_drafts: bool) -> None:
        visible = [r for r in records if show_drafts or is_public(r.draft, r.date, cutoff)]
        self.sections = sections
        self.timeline: list[PostRecord] = newest_first(visible)
        self.shown: dict[str, Shown] = {
            r.docname: Shown(r, find_section(sections, r.categories),
                             not is_public(r.draft, r.date, cutoff))
            for r in self.timeline}
        self.position = {r.docname: i for i, r in enumerate(self.timeline)}
        self._related: dict[tuple[str, int], list[PostRecord]] = {}
        self.by_section: dict[str, list[PostRecord]] = {s.slug: [] for s in sections}
        self.by_tag: dict[str, list[PostRecord]] = {}
        self._in_section: dict[str, int] = {}  # each post's place in its section's list
        # the same lists by document name, for scoring related posts
        self._section_names: dict[str, list[str]] = {s.slug: [] for s in sections}
        self._tag_names: dict[str, list[str]] = {}
        for record in self.timeline:  # newest first within each
            section = self.shown[record.docname].section
            if section is not None:
                self._in_section[record.docname] = len(self.by_section[section.slug])
                self.by_section[section.slug].append(record)
                self._section_names[section.slug].append(record.docname)
            for tag in record.tags:
                self.by_tag.setdefault(tag, []).append(record)
                self._tag_names.setdefault(tag, []).append(record.docname)

    def __contains__(self, docname: str) -> bool:
        return docname in self.position

    def section_of(self, docname: str) -> Section | None:
        shown = self.shown.get(docname)
        return shown.section if shown else None

    def in_section(self, slug: str) -> list[PostRecord]:
        return list(self.by_section.get(slug, ()))

    def labelled(self, field: str) -> dict[str, list[PostRecord]]:
        """Posts by each label of an ABlog field (``categories``, ``authors``...), newest
        first, labels in order of first use."""
        found: dict[str, list[PostRecord]] = {}
        for record in self.timeline:
            for label in getattr(record, field):
                found.setdefault(label, []).append(record)
        return found

    def by_year(self) -> dict[int, list[PostRecord]]:
        """Dated posts by year, newest year first."""
        years: dict[int, list[PostRecord]] = {}
        for record in self.timeline:
            if record.date is not None:
                years.setdefault(record.date.year, []).append(record)
        return years

    def section_neighbours(self, docname: str) -> tuple[PostRecord | None, PostRecord | None]:
        """(older, newer) post in the same section."""
        section = self.section_of(docname)
        if section is None:
            return None, None
        ordered = self.by_section[section.slug]
        i = self._in_section[docname]
        newer = ordered[i - 1] if i > 0 else None
        older = ordered[i + 1] if i + 1 < len(ordered) else None
        return older, newer

    def related(self, docname: str, limit: int = 3) -> list[PostRecord]:
        """Up to ``limit`` posts sharing tags (2 points each) or the section (1 point);
        on equal scores, the newer first."""
        if (docname, limit) in self._related:  # each post's page and its digest ask
            return self._related[docname, limit]
        record = self.shown[docname].record
        scores: Counter[str] = Counter()
        for tag in set(record.tags):
            names = self._tag_names[tag]
            scores.update(names)
            scores.update(names)
        section = self.section_of(docname)
        if section is not None:
            scores.update(self._section_names[section.slug])
        scores.pop(docname, None)
        newest_first = sorted(scores, key=self.position.__getitem__)
        best = sorted(newest_first, key=scores.__getitem__, reverse=True)[:max(0, limit)]
        found = self._related[docname, limit] = [self.shown[d].record for d in best]
        return found


def backlinks(records: Mapping[str, PostRecord], refs: Mapping[str, frozenset],
              label_to_doc: Callable[[str], str | None]) -> dict[str, list[str]]:
    """For each post, the other posts that refer to it, sorted."""
    incoming: dict[str, set[str]] = {}
    for source in records:
        for kind, target in refs.get(source, ()):
            docname = target if kind == "doc" else label_to_doc(target)
            if docname and docname != source and docname in records:
                incoming.setdefault(docname, set()).add(source)
    return {doc: sorted(sources) for doc, sources in incoming.items()}
