"""Collect each post's listing data and reading counts while Sphinx reads it."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from ablog.post import UpdateNode
from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector

from writing.dates import DateProblem, parse_post_date
from writing.drafts import is_future
from writing.frontmatter import split_tags
from writing.readingtime import count_doctree
from writing.readingtime_ext import stored_counts, take_found
from writing.records import PostRecord
from writing.updatenotes import retitle
from writing.sections import find_section
from writing.validation import is_post

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _first_title(doctree: nodes.document) -> str:
    for section in doctree.findall(nodes.section):
        if section.children and isinstance(section[0], nodes.title):
            return section[0].astext()
        break
    return ""


def _first_paragraph(doctree: nodes.document) -> str:
    for paragraph in doctree.findall(nodes.paragraph):
        return " ".join(paragraph.astext().split())
    return ""


# The elements a post's record needs; the reading-time walk gathers them (setup()).
WANTED = (addnodes.pending_xref, UpdateNode)


def _references_and_updates(found: list[nodes.Element]) -> tuple[frozenset, tuple]:
    """The post's doc and label references, and the dates of its ``update`` directives.

    Also gives the update notes the site's date format (``updatenotes.py``).
    """
    refs = set()
    updates = []
    notes = []
    for node in found:
        if isinstance(node, addnodes.pending_xref):
            if node.get("refdomain") == "std" and node.get("reftype") in ("doc", "ref"):
                refs.add((node["reftype"], node["reftarget"]))
            elif node.get("reftype") == "myst" and node.get("reftarget"):
                refs.add(("myst", node["reftarget"]))
        elif isinstance(node, UpdateNode):
            notes.append(node)
            parsed = parse_post_date(node.get("date") or "")
            if node.get("date") and not isinstance(parsed, DateProblem):
                updates.append(parsed)
    retitle(notes)
    return frozenset(refs), tuple(sorted(updates))


class PostCollector(EnvironmentCollector):
    """Stores a :class:`PostRecord` per post in ``env.writing_posts``."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        env.writing_posts.pop(docname, None)
        env.writing_record_digests.pop(docname, None)
        env.writing_listing_digests.pop(docname, None)
        env.writing_listing_docs.discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        for docname in docnames:
            if docname in other.writing_posts:
                env.writing_posts[docname] = other.writing_posts[docname]
                env.writing_record_digests[docname] = other.writing_record_digests[docname]
                env.writing_listing_digests[docname] = other.writing_listing_digests[docname]
        env.writing_listing_docs |= other.writing_listing_docs & set(docnames)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        found = take_found(app, docname)  # taken for every document, so none is kept
        if not is_post(app.config, docname):
            return
        if found is None:  # reading time not counted here (another extension order)
            found = list(doctree.findall(lambda n: isinstance(n, WANTED)))
        meta = env.metadata.get(docname, {})
        raw_date = str(meta.get("date", "") or "")
        parsed = parse_post_date(raw_date) if raw_date else None
        date = None if isinstance(parsed, DateProblem) else parsed
        section = find_section(app.writing_sections, str(meta.get("category", "") or ""))
        summary = " ".join(str(meta.get("summary", "") or "").split())
        draft_flag = str(meta.get("draft", "")).strip().lower() in ("true", "yes", "1")
        xrefs, updates = _references_and_updates(found)
        record = env.writing_posts[docname] = PostRecord(
            docname=docname,
            title=_first_title(doctree),
            date=date,
            summary=summary or _first_paragraph(doctree),
            section=section.slug if section else None,
            tags=split_tags(meta.get("tags")),
            counts=stored_counts(env).get(docname) or count_doctree(doctree),
            updates=updates,
            draft=draft_flag or (date is not None and is_future(date, app.config)),
            xrefs=xrefs,
        )
        env.writing_record_digests[docname] = record_digest(record)
        env.writing_listing_digests[docname] = listing_digest(record)


# Digested once per read, for the pages that show a post (updates.py, pagecache.py).
def record_digest(record: PostRecord) -> str:
    """What listing pages show of a post: its listing fields and its reading time."""
    counts = record.counts
    return hashlib.sha256(repr(("record", record.listing_key(), counts.prose_words,
                                counts.code_words, counts.cjk_chars, counts.images)).encode(
        "utf-8")).hexdigest()


def listing_digest(record: PostRecord) -> str:
    """What other posts' pages show of a post: its listing fields."""
    return hashlib.sha256(repr(("listing", record.listing_key())).encode("utf-8")).hexdigest()
