"""Collect, while Sphinx reads each document, everything the extension stores about it.

For every document: its reading counts, the documents and labels it refers to, and
whether it lists posts. For a post, also its :class:`PostRecord`, made from ABlog's record
of it (so every way ABlog recognises a post counts) and its front matter. One walk of the
tree does it all (``readingtime.scan_doctree``). The collector owns the environment's
state (``state.py``); nothing else writes it while reading.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ablog.post import PostList, UpdateNode
from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import docname_join

from writing import _compat
from writing.index.records import PostRecord
from writing.index.state import record_digest, state
from writing.read.dates import format_display_date, parse_post_date
from writing.read.frontmatter import split_list
from writing.read.publication import draft_flag, is_public
from writing.read.readingtime import scan_doctree
from writing.read.scan import read_source
from writing.runtime import runtime
from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class listing(nodes.General, nodes.Element):
    """Where a document lists posts; filled when the page is written (``render/home.py``)."""


# Characters XML 1.0 cannot carry (feeds, and the metadata in a page's head).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def plain(text: str) -> str:
    """Text for metadata (cards, feeds, a page's head): XML-invalid characters dropped,
    whitespace collapsed."""
    return " ".join(XML_INVALID.sub("", text).split())


_WANTED = (addnodes.pending_xref, UpdateNode, PostList, listing)


def references(docname: str, found: list[nodes.Element]) -> frozenset[tuple[str, str]]:
    """The documents (``doc``) and labels (``ref``) a document refers to."""
    refs = set()
    for node in found:
        if not isinstance(node, addnodes.pending_xref):
            continue
        target = node.get("reftarget") or ""
        kind = node.get("reftype")
        if node.get("refdomain") == "std" and kind == "doc":
            refs.add(("doc", docname_join(docname, target.removesuffix(".md").removesuffix(".rst"))))
        elif node.get("refdomain") == "std" and kind in ("ref", "numref"):
            refs.add(("ref", target.lower()))
        elif kind == "myst" and target:
            path, _, anchor = target.partition("#")
            if path.endswith((".md", ".rst")):
                refs.add(("doc", docname_join(docname, path.rsplit(".", 1)[0])))
            elif not path and anchor:
                refs.add(("ref", anchor.lower()))
            else:
                refs.add(("ref", target.lower()))
    return frozenset(refs)


_NOT_PROSE = (nodes.footnote_reference, nodes.citation_reference)


def _prose(paragraph: nodes.Element) -> str:
    """A paragraph's text without its footnote and citation marks ("Markdown[^1]" reads
    "Markdown", not "Markdown1")."""
    if next(paragraph.findall(lambda n: isinstance(n, _NOT_PROSE)), None) is None:
        return paragraph.astext()
    copy = paragraph.deepcopy()
    for mark in list(copy.findall(lambda n: isinstance(n, _NOT_PROSE))):
        parent = mark.parent
        at = parent.index(mark)
        before = parent[at - 1] if at else None
        after = parent[at + 1] if at + 1 < len(parent) else None
        if isinstance(before, nodes.Text) and (  # "same [#]_, and" reads "same, and"
                after is None or (isinstance(after, nodes.Text) and after[:1] in ",.;:!?)")):
            parent.replace(before, nodes.Text(before.rstrip()))
        parent.remove(mark)
    return copy.astext()


def _summary(metadata: dict, info: dict, doctree: nodes.document) -> str:
    """The front matter's ``summary``, else ABlog's excerpt, else the first paragraph, as
    written."""
    summary = next((str(v) for k, v in metadata.items() if k.lower() == "summary"), "")
    if not summary.strip():
        summary = " ".join(_prose(p) for p in info.get("excerpt") or ())
    if not summary.strip():
        summary = next((_prose(p) for p in doctree.findall(nodes.paragraph)), "")
    return summary


# ABlog's fields of labels, as front matter names them.
LABEL_FIELDS = ("tags", "category", "author", "location", "language")


def _as_list(values) -> list[str]:
    """ABlog's list of labels (strings, or collections once registered), as written."""
    if isinstance(values, str):
        return list(split_list(values))
    return [str(value) for value in values or ()]


def _labels(values) -> tuple[str, ...]:
    """ABlog's labels as metadata text, each once."""
    return tuple(dict.fromkeys(label for value in _as_list(values) if (label := plain(value))))


class PostCollector(EnvironmentCollector):
    """Keeps ``env.writing_state`` (``state.py``) per document."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        state(env).forget(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        state(env).take(state(other), docnames)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        """Nothing: documents are collected after ABlog has recorded their posts
        (:func:`read_document`, a ``doctree-read`` handler of lower priority)."""


def read_document(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after ABlog's ``process_posts``: collect the document."""
    env = app.env
    docname = env.docname
    kept = state(env)
    scanned = scan_doctree(doctree, _WANTED)
    kept.counts[docname] = scanned.counts
    _title_update_notes(app, scanned.found)
    kept.refs[docname] = references(docname, scanned.found)
    if any(isinstance(node, (PostList, listing)) for node in scanned.found):
        kept.listing_docs.add(docname)
    infos = _compat.ablog_post_infos(env, docname)
    if not infos:
        return
    _compat.slim_post_infos(app, docname)
    _compat.anchor_excerpt_links(app, docname)
    if len(infos) > 1:
        warn(WritingWarning.MULTI_POST,
             f"the document holds {len(infos)} posts; only the first, {infos[0]['title']!r}, "
             "is listed on section pages, cards and feeds: give each post its own file",
             (docname, 1))
    info = infos[0]
    config = app.config
    metadata = env.metadata.get(docname, {})
    draft, _ = draft_flag(tuple(str(v) for k, v in metadata.items() if k.lower() == "draft"))
    scan = runtime(app).scan  # a date the parsers could not read is gone from the metadata
    draft = draft or (scan is not None and docname in scan.withheld)
    title, summary = str(info.get("title") or ""), _summary(metadata, info, doctree)
    record = PostRecord(
        docname=docname,
        title=plain(title),
        date=_naive(info.get("date")),
        summary=plain(summary),
        categories=_labels(info.get("category")),
        tags=_labels(info.get("tags")),
        authors=_labels(info.get("author")) or _labels(config.blog_default_author),
        locations=_labels(info.get("location")) or _labels(config.blog_default_location),
        languages=_labels(info.get("language")) or _labels(config.blog_default_language),
        updates=tuple(sorted(d for note in scanned.found if isinstance(note, UpdateNode)
                             if (d := parse_post_date(note.get("date"))[0]) is not None)),
        draft=draft,
        redirects=_labels(info.get("redirect")),
        external_link=str(info.get("external_link") or ""),
    )
    kept.posts[docname] = record
    kept.digests[docname] = record_digest(record, scanned.counts)
    written = [("summary", summary), ("title", title)]
    written += [(key, " ".join(_as_list(info.get(key)))) for key in LABEL_FIELDS]
    _check_characters(app, docname, [*written, ("body", scanned.text)], doctree)
    if not app.config.writing_show_drafts and not is_public(
            record.draft, record.date, runtime(app).cutoff):
        warn(WritingWarning.DRAFT_READ,
             "the post is a draft or dated in the future, but was not recognised as one "
             "before reading (is its date in a post directive the scan cannot see?): its page "
             "is built, though no listing, feed or sitemap shows it; put 'draft: true' or the "
             "date in its front matter", (docname, 1))


def _title_update_notes(app: Sphinx, found: list[nodes.Element]) -> None:
    """ABlog titles update notes with ``strftime``, in the machine's locale; give them
    ``post_date_format`` in English, as every other date on the site."""
    fmt = getattr(app.config, "post_date_format", "%B %-d, %Y")  # ABlog may not be loaded
    for note in found:
        if isinstance(note, UpdateNode) and note.children and isinstance(note[0], nodes.title):
            value = parse_post_date(note.get("date"))[0]
            if value is not None:
                text = f"Updated on {format_display_date(value, fmt)}"
                note[0].replace_self(nodes.title(text, text))


def _naive(value):
    """ABlog's date without a time zone (ABlog's dateutil fallback may add one)."""
    return value.replace(tzinfo=None) if value is not None and value.tzinfo else value


def _check_characters(app: Sphinx, docname: str, written: list[tuple[str, str]],
                      doctree: nodes.document) -> None:
    """One warning per post that holds a character XML cannot carry, at its first line:
    ``written`` is each part of the post (``summary``, ``title``, ``tags``...) as written."""
    for where, value in written:
        bad = XML_INVALID.search(value)
        if bad is None:
            continue
        meta = None if where in ("title", "body") else read_source(Path(app.env.doc2path(docname)))
        if meta is not None and meta.get(where) is not None:
            line = meta.line(where)
        else:
            line = _line_of_text(doctree, bad.group())
        warn(WritingWarning.CONTROL_CHARS,
             f"U+{ord(bad.group()):04X} in the post's {where} is a control character XML "
             "cannot carry (terminal colour codes pasted with output?); it is dropped from "
             "feeds, listings and page metadata: remove it", (docname, line))
        return


def _line_of_text(doctree: nodes.document, char: str) -> int:
    for text in doctree.findall(nodes.Text):
        if char in text:
            node = text.parent
            while node is not None and not getattr(node, "line", None):
                node = node.parent
            return node.line if node is not None else 1
    return 1
