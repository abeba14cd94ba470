"""Check a post's metadata while it is read, and hand ABlog only what it can use.

Runs as transforms around ABlog's ``CheckFrontMatter`` (priority 800). Every problem is
a typed warning at the file and line to fix; a value ABlog would crash on or misread (a
bad date, an update note with a bad date, a MyST list) is repaired or removed first, so
the build goes on. (A post whose date cannot be read reaches these only when drafts are
shown: otherwise the scan leaves it out, ``scan.py``.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ablog.post import PostDirective, PostNode, UpdateDirective
from docutils import nodes
from sphinx.transforms import SphinxTransform

from writing.config import find_section, parse_sections, tag_labels
from writing.read.dates import HINTS, canonical, parse_post_date
from writing.read.frontmatter import Metadata, split_list
from writing.read.publication import missing_date
from writing.read.scan import DATE_SUBTYPES, read_source
from writing.runtime import runtime_of
from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.config import Config

# ABlog splits these on commas; MyST hands a YAML list on as JSON.
LIST_FIELDS = ("tags", "category", "location", "language")  # ``author``: see below


def is_post_candidate(config: Config, docname: str, docinfo: nodes.docinfo | None,
                      directives: list[PostNode]) -> bool:
    """Whether ABlog will make a post of this document (its ``CheckFrontMatter`` rule, or
    a ``post`` directive)."""
    matched = runtime_of(config).once(
        "matched", lambda: frozenset(getattr(config, "matched_blog_posts", ())))
    return docname in matched or bool(directives) or (
        docinfo is not None and "blogpost" in _fields(docinfo))


_POST_DIRECTIVES = "writing_post_directives"  # the document's PostNodes (CheckedPost)


def _first(document: nodes.document, kind: type) -> nodes.Element | None:
    """The document's first top-level element of ``kind`` (its docinfo, its first section)."""
    return next((child for child in document.children if isinstance(child, kind)), None)


class CheckedPost(PostDirective):
    """ABlog's ``post`` directive, its date checked where it is written."""

    def run(self) -> list[nodes.Node]:
        found = super().run()
        document = self.state.document
        docname = document.settings.env.docname
        for node in found:
            if isinstance(node, PostNode):
                node["date"] = check_post_date(
                    node.get("date"), lambda: (docname, self.lineno), directive=True,
                    rst=str(document.settings.env.doc2path(docname)).endswith(".rst"))
                node["writing_line"] = self.lineno
                document.setdefault(_POST_DIRECTIVES, []).append(node)
        return found


class CheckedUpdate(UpdateDirective):
    """ABlog's ``update`` note, its date checked where it is written: a bad date keeps the
    note's text, as a plain note, instead of ending the build."""

    def run(self) -> list[nodes.Node]:
        raw = self.arguments[0] if self.arguments else ""
        value, problem = parse_post_date(raw)
        if value is not None and problem is None:
            self.arguments[0] = canonical(value)
            return super().run()
        detail = problem.detail if problem else "the date is empty"
        env = self.state.document.settings.env
        warn(WritingWarning.DATE_INVALID,
             f"update note date {detail}; write it as '{{update}} YYYY-MM-DD' "
             "(the note is shown without a date meanwhile)", (env.docname, self.lineno))
        note = nodes.note("\n".join(self.content))
        self.state.nested_parse(self.content, self.content_offset, note)
        return [note]


def check_post_date(raw: str | None, where: Callable[[], tuple[str, int]],
                    directive: bool = False, rst: bool = False) -> str | None:
    """The date ABlog should get (canonical), or ``None``, after warning about it
    (``where`` gives the warning's location: looking up a line may read the source)."""
    value, problem = parse_post_date(raw)
    if problem is not None and problem.kind == "empty":
        warn(WritingWarning.DATE_MISSING,
             missing_date(directive, rst, "shown only with drafts"), where())
        return None
    if problem is not None:
        warn(DATE_SUBTYPES[problem.kind],
             f"post date {problem.detail}; {HINTS[problem.kind]}", where())
    return canonical(value) if value is not None else None


def _fields(docinfo: nodes.docinfo) -> dict[str, nodes.Element]:
    """Front-matter field names as written, each with the node holding its value."""
    return {child[0].astext(): child[1] for child in docinfo.children
            if isinstance(child, nodes.field)}


def _field_text(fields: dict[str, nodes.Element], name: str) -> str:
    """A front-matter field's text, whatever the case of its name."""
    return next((body.astext().strip() for key, body in fields.items()
                 if key.lower() == name), "")


def _set_text(node: nodes.Element, text: str) -> None:
    node.children = []
    if isinstance(node, nodes.field_body):
        node += nodes.paragraph(text, text)
    else:
        node += nodes.Text(text)


class _Post:
    """One post being validated: where its metadata lines are (read only for a warning)."""

    def __init__(self, transform: SphinxTransform) -> None:
        self.env = transform.env
        self.docname = transform.env.docname
        self._meta: Metadata | None = None

    @property
    def meta(self) -> Metadata:
        if self._meta is None:
            self._meta = read_source(Path(self.env.doc2path(self.docname)))
        return self._meta

    def at(self, key: str) -> tuple[str, int]:
        return (self.docname, self.meta.line(key))

    def at_directive(self) -> tuple[str, int]:
        return (self.docname, self.meta.post_line or 1)


class ValidatePost(SphinxTransform):
    """Warn about each metadata problem of a post, and repair what ABlog needs."""

    default_priority = 790  # ABlog's CheckFrontMatter runs at 800

    def apply(self, **kwargs) -> None:
        docinfo = _first(self.document, nodes.docinfo)
        directives = self.document.get(_POST_DIRECTIVES, [])
        if not is_post_candidate(self.config, self.env.docname, docinfo, directives):
            return
        self._untangle_posts(directives)
        post = _Post(self)
        fields = _fields(docinfo) if docinfo is not None else {}
        self._normalise_lists(fields, docinfo, post)
        self._check_title(_first(self.document, nodes.section))
        if directives:
            if docinfo is not None:
                _hide_from_ablog(self.document, docinfo)
        else:
            self._check_front_matter_date(post, docinfo)
        categories = self._categories(fields, directives)
        tags = self._tags(fields, directives)
        self._check_section(post, categories, bool(directives))
        self._check_tags(post, tags, bool(directives))
        if self.config.writing_require_summary and not _field_text(fields, "summary"):
            warn(WritingWarning.SUMMARY_MISSING,
                 "post has no summary; add 'summary: <one or two sentences>' to its front "
                 "matter (the first paragraph is shown meanwhile)", post.at("summary"))

    def _untangle_posts(self, directives: list[PostNode]) -> None:
        """In a document of several posts, ABlog looks for each post's section by climbing
        from its ``post`` directive, and never stops for one that is not directly under a
        heading (``ablog.post.process_posts``): the build would hang. Such a directive's
        content is kept as plain content, with a warning."""
        if len(directives) < 2 and not self.config.post_always_section:
            return
        for node in list(directives):
            parent = node.parent
            if parent is None or isinstance(parent, nodes.section):
                continue
            warn(WritingWarning.MULTI_POST,
                 f"this 'post' directive sits in a {parent.tagname}, not directly under a "
                 "heading, in a document of several posts: ABlog cannot find its section, "
                 "so it is read as plain content; move it right under its post's heading (to "
                 "show the directive as an example, put it in a code block)",
                 (self.env.docname, node.get("writing_line") or 1))
            if node.children:
                parent.replace(node, node.children)
            else:
                parent.remove(node)
            directives.remove(node)

    # -- lists ---------------------------------------------------------------------------

    def _normalise_lists(self, fields: dict[str, nodes.Element],
                         docinfo: nodes.docinfo | None, post: _Post) -> None:
        """``["café", "redis"]`` (MyST's JSON for a YAML list) -> ``café, redis`` for ABlog."""
        for name in LIST_FIELDS:
            body = fields.get(name)
            if body is not None and body.astext().lstrip().startswith("["):
                _set_text(body, ", ".join(split_list(body.astext())))
        # ``author`` is a bibliographic field: docutils makes it an ``author`` node, whose
        # JSON Sphinx's smart quotes have curled by now; the list is read from the source.
        author = next(iter(docinfo.findall(nodes.author)), None) if docinfo is not None else None
        if author is not None and author.astext().lstrip().startswith("["):
            raw = post.meta.get("author")
            if raw is not None and raw.lstrip().startswith("["):
                _set_text(author, ", ".join(split_list(raw)))

    def _categories(self, fields, directives) -> tuple[str, ...]:
        if directives:
            return tuple(c for c in directives[0].get("category", ()) if c)
        body = fields.get("category")
        return split_list(body.astext()) if body is not None else ()

    def _tags(self, fields, directives) -> tuple[str, ...]:
        if directives:
            return tuple(t for t in directives[0].get("tags", ()) if t)
        body = fields.get("tags")
        return split_list(body.astext()) if body is not None else ()

    # -- title and dates -------------------------------------------------------------------

    def _check_title(self, first: nodes.section | None) -> None:
        if first is not None and first.children and isinstance(first[0], nodes.title):
            return
        docname = self.env.docname
        warn(WritingWarning.TITLE_MISSING,
             "post has no title; start the body with a '# Title' heading "
             "(the file name is used meanwhile)", (docname, 1))
        fallback = docname.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip()
        section = nodes.section(ids=[nodes.make_id(fallback) or "post"])
        section += nodes.title(fallback or "Untitled", fallback or "Untitled")
        for child in [c for c in self.document.children if not isinstance(c, nodes.docinfo)]:
            self.document.remove(child)
            section += child
        self.document += section

    def _check_front_matter_date(self, post: _Post, docinfo: nodes.docinfo | None) -> None:
        node = next(iter(docinfo.findall(nodes.date)), None) if docinfo is not None else None
        rst = str(self.env.doc2path(self.env.docname)).endswith(".rst")
        if node is None:
            check_post_date(None, lambda: post.at("date"), rst=rst)
            return
        value = check_post_date(node.astext(), lambda: post.at("date"), rst=rst)
        if value is None:
            docinfo.remove(node)  # undated: ABlog would crash on it or guess
        elif node.astext() != value:
            _set_text(node, value)

    # -- sections and tags ------------------------------------------------------------------

    def _check_section(self, post: _Post, categories: tuple[str, ...], directive: bool) -> None:
        if not self.config.writing_sections:
            return  # every category is a section
        sections = runtime_of(self.config).once("sections", lambda: parse_sections(
            self.config.writing_sections, self.config.blog_path)[0])
        def where() -> tuple[str, int]:
            return post.at_directive() if directive else post.at("category")

        names = ", ".join(s.name for s in sections)
        if not categories:
            warn(WritingWarning.SECTION_UNKNOWN,
                 f"post has no section; add 'category: <section name>', one of: {names}",
                 where())
        elif find_section(sections, categories) is None:
            warn(WritingWarning.SECTION_UNKNOWN,
                 f"unknown section {', '.join(categories)!r}; use one of: {names} "
                 "(declared in writing_sections)", where())

    def _check_tags(self, post: _Post, tags: tuple[str, ...], directive: bool) -> None:
        vocabulary = runtime_of(self.config).once("tag_labels", lambda: tag_labels(self.config))
        if not vocabulary:
            return
        for tag in tags:
            if tag not in vocabulary:
                warn(WritingWarning.TAG_UNKNOWN,
                     f"tag {tag!r} is not in writing_tags; use an existing tag or add it to "
                     "writing_tags in conf.py",
                     post.at_directive() if directive else post.at("tags"))


_HIDDEN = "writing_hidden_docinfo"


def _hide_from_ablog(document: nodes.document, docinfo: nodes.docinfo) -> None:
    """With a ``post`` directive, ABlog would add a second post from the front matter
    (undated, so its ``process_posts`` crashes); the directive is the post, as ABlog's own
    message says, so the front matter is hidden from ABlog and put back just after."""
    index = docinfo.parent.index(docinfo)
    docinfo.parent.remove(docinfo)
    document[_HIDDEN] = (index, docinfo)


class RestoreDocinfo(SphinxTransform):
    """Put back the front matter hidden from ABlog (``_hide_from_ablog``)."""

    default_priority = 810

    def apply(self, **kwargs) -> None:
        hidden = self.document.attributes.pop(_HIDDEN, None)
        if hidden is not None:
            index, docinfo = hidden
            self.document.insert(index, docinfo)
