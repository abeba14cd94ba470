"""Check a post's front matter and title before ABlog reads them.

Runs as a transform just ahead of ABlog's ``CheckFrontMatter`` so that a bad date
becomes a typed warning instead of ABlog's crash or silent guess.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform

from writing.dates import DateProblem, iso_date, parse_post_date
from writing.frontmatter import front_matter_line, read_front_matter, split_tags
from writing.sections import declared_sections, find_section
from writing.warnings_ import WritingWarning, warn

_DATE_SUBTYPES = {
    "invalid": WritingWarning.DATE_INVALID,
    "timezone": WritingWarning.DATE_TIMEZONE,
    "no_year": WritingWarning.DATE_NO_YEAR,
}
_DATE_HINTS = {
    "invalid": "write it as YYYY-MM-DD, e.g. 'date: 2024-03-15'",
    "timezone": "post dates are calendar dates; drop the offset (the wall-clock date is used)",
    "no_year": "add the year, e.g. 'date: 2024-03-15'",
}


def is_post(config, docname: str) -> bool:
    """Whether ABlog treats ``docname`` as a post (by ``blog_post_pattern``)."""
    matched = getattr(config, "matched_blog_posts", ())
    if _MATCHED[0] is not matched:  # ABlog's list, searched for every document
        _MATCHED[:] = [matched, frozenset(matched)]
    return docname in _MATCHED[1]


_MATCHED: list = [None, frozenset()]  # ABlog's matched_blog_posts, and as a set


def _docinfo_fields(docinfo: nodes.docinfo) -> dict[str, nodes.Element]:
    """Front-matter keys mapped to the docinfo node holding each value."""
    found: dict[str, nodes.Element] = {}
    for child in docinfo.children:
        if isinstance(child, nodes.field):
            found[child[0].astext().strip().lower()] = child[1]
        elif isinstance(child, nodes.TextElement):
            found[child.tagname] = child  # docutils' special fields: date, author...
    return found


def _set_text(node: nodes.Element, text: str) -> None:
    node.children = []
    if isinstance(node, nodes.field_body):
        node += nodes.paragraph(text, text)
    else:
        node += nodes.Text(text)


class ValidatePost(SphinxTransform):
    """Warn about each front-matter problem, with file and line, and repair what ABlog needs."""

    default_priority = 790  # ABlog's CheckFrontMatter runs at 800

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        if not is_post(self.config, docname):
            return
        source: list[str] = []  # read only when a warning needs a line number

        def text() -> str:
            if not source:
                try:
                    source.append(Path(self.env.doc2path(docname)).read_text(encoding="utf-8"))
                except OSError:
                    source.append("")
            return source[0]

        def where(key: str) -> tuple[str, int]:
            return (docname, front_matter_line(text(), key))

        docinfo = next(iter(self.document.findall(nodes.docinfo)), None)
        if docinfo is None:
            docinfo = nodes.docinfo()
            self.document.insert(0, docinfo)
        fields = _docinfo_fields(docinfo)
        if not fields:
            fields = _recover_front_matter(text(), docinfo)

        self._check_title(docname)
        self._check_date(fields, docinfo, where)
        if not fields.get("summary") or not fields["summary"].astext().strip():
            warn(WritingWarning.SUMMARY_MISSING,
                 "post has no summary; add 'summary: <one or two sentences>' to its front "
                 "matter (the first paragraph is shown meanwhile)", where("summary"))
        category = fields.get("category")
        sections = declared_sections(self.config)
        if category is None or not category.astext().strip():
            warn(WritingWarning.SECTION_UNKNOWN,
                 "post has no section; add 'category: <section name>' to its front matter, "
                 f"one of: {', '.join(s.name for s in sections)}", where("category"))
        elif find_section(sections, category.astext()) is None:
            warn(WritingWarning.SECTION_UNKNOWN,
                 f"unknown section {category.astext().strip()!r}; use one of: "
                 f"{', '.join(s.name for s in sections)} (declared in writing_sections)",
                 where("category"))
        vocabulary = self.config.writing_tags
        if vocabulary and "tags" in fields:
            for tag in split_tags(fields["tags"].astext()):
                if tag not in vocabulary:
                    warn(WritingWarning.TAG_UNKNOWN,
                         f"tag {tag!r} is not in writing_tags; use an existing tag or add it "
                         "to writing_tags in conf.py", where("tags"))

    def _check_title(self, docname: str) -> None:
        first = next(iter(self.document.findall(nodes.section)), None)
        if first is not None and first.children and isinstance(first[0], nodes.title):
            return
        warn(WritingWarning.TITLE_MISSING,
             "post has no title; start the body with a '# Title' heading "
             "(the file name is used meanwhile)", (docname, 1))
        fallback = docname.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip()
        section = nodes.section(ids=[docname.rsplit("/", 1)[-1] or "post"])
        section += nodes.title(fallback, fallback or "Untitled")
        body = [c for c in self.document.children if not isinstance(c, nodes.docinfo)]
        for child in body:
            self.document.remove(child)
            section += child
        self.document += section

    def _check_date(self, fields, docinfo: nodes.docinfo, where) -> None:
        node = fields.get("date")
        if node is None or not node.astext().strip():
            warn(WritingWarning.DATE_MISSING,
                 "post has no date; add 'date: YYYY-MM-DD' to its front matter "
                 "(without one it is listed as undated, never silently hidden)", where("date"))
            if node is not None:
                _drop(docinfo, node)
            return
        parsed = parse_post_date(node.astext())
        if isinstance(parsed, DateProblem):
            warn(_DATE_SUBTYPES[parsed.kind],
                 f"post date {parsed.detail}; {_DATE_HINTS[parsed.kind]}", where("date"))
            if parsed.kind != "timezone":
                _drop(docinfo, node)
                return
            parsed = parse_post_date(_strip_offset(node.astext()))
            if isinstance(parsed, DateProblem):
                _drop(docinfo, node)
                return
        canonical = iso_date(parsed)
        if (parsed.hour, parsed.minute, parsed.second) != (0, 0, 0):
            canonical += f" {parsed.hour:02d}:{parsed.minute:02d}:{parsed.second:02d}"
        if node.astext() != canonical:
            _set_text(node, canonical)


def _recover_front_matter(text: str, docinfo: nodes.docinfo) -> dict[str, nodes.Element]:
    """Rebuild the docinfo from the raw front matter when MyST could not load it.

    YAML rejects an impossible timestamp such as ``2024-13-45`` and MyST then drops the
    whole front matter; read as plain strings, the date can still be checked and the other
    fields (section, tags, summary) are kept.
    """
    for key, value in read_front_matter(text).items():
        if isinstance(value, (list, tuple)):
            value = ", ".join(str(item) for item in value)
        body = nodes.field_body()
        body += nodes.paragraph(str(value), str(value))
        docinfo += nodes.field("", nodes.field_name(key, key), body)
    return _docinfo_fields(docinfo)


def _strip_offset(text: str) -> str:
    import re

    return re.sub(r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)$", "", text.strip(), flags=re.I)


def _drop(docinfo: nodes.docinfo, node: nodes.Element) -> None:
    """Remove a date ABlog cannot use, so it neither crashes nor guesses."""
    holder = node.parent if isinstance(node, nodes.field_body) else node
    if holder.parent is docinfo:
        docinfo.remove(holder)
