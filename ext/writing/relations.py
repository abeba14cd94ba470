"""How posts relate to each other: ordering, sections, related posts, backlinks. Pure."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from writing.records import PostRecord

_UNDATED = datetime.min


def newest_first(records: Iterable[PostRecord]) -> list[PostRecord]:
    """Newest first; undated posts last; ties broken by title then docname."""
    ordered = sorted(records, key=lambda r: (r.title.lower(), r.docname))
    return sorted(ordered, key=lambda r: r.date or _UNDATED, reverse=True)


def visible(records: Iterable[PostRecord], show_drafts: bool) -> list[PostRecord]:
    return [r for r in records if show_drafts or not r.draft]


def in_section(records: Iterable[PostRecord], slug: str) -> list[PostRecord]:
    return newest_first(r for r in records if r.section == slug)


def related_posts(post: PostRecord, records: Iterable[PostRecord], limit: int = 3) -> list[PostRecord]:
    """Up to ``limit`` posts sharing tags (2 points each) or the section (1 point)."""
    scored = []
    tags = set(post.tags)
    for other in records:
        if other.docname == post.docname:
            continue
        score = 2 * len(tags & set(other.tags)) + (1 if post.section and other.section == post.section else 0)
        if score:
            scored.append((score, other))
    ordered = newest_first(other for _, other in scored)
    rank = {other.docname: score for score, other in scored}
    ordered.sort(key=lambda r: rank[r.docname], reverse=True)  # stable: newest first on ties
    return ordered[:limit]


def section_neighbours(post: PostRecord, records: Iterable[PostRecord]) -> tuple[PostRecord | None, PostRecord | None]:
    """(older, newer) post in the same section, by date."""
    if not post.section:
        return None, None
    ordered = in_section(records, post.section)
    names = [r.docname for r in ordered]
    if post.docname not in names:
        return None, None
    i = names.index(post.docname)
    newer = ordered[i - 1] if i > 0 else None
    older = ordered[i + 1] if i + 1 < len(ordered) else None
    return older, newer


def resolve_doc_target(refdoc: str, target: str) -> str:
    """The docname a ``{doc}`` target names, relative to ``refdoc`` unless absolute."""
    target = target.removesuffix(".md")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(refdoc), target))


def backlinks(
    records: Mapping[str, PostRecord],
    label_to_doc: Callable[[str], str | None],
) -> dict[str, list[str]]:
    """For each post, the other posts whose references resolve to it, sorted."""
    incoming: dict[str, set[str]] = {}
    for source in records.values():
        for role, target in source.xrefs:
            if role == "doc" or (role == "myst" and target.split("#")[0].endswith(".md")):
                docname = resolve_doc_target(source.docname, target.split("#")[0])
            else:
                docname = label_to_doc(target.lstrip("#").lower())
            if docname and docname != source.docname and docname in records:
                incoming.setdefault(docname, set()).add(source.docname)
    return {doc: sorted(sources) for doc, sources in incoming.items()}
