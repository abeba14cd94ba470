"""Every use of an upstream name that is not documented API, in one place.

Each one is checked against the versions it was written for. Outside that range the
extension says so with a typed ``writing.compat`` warning naming the version, and turns
the feature off (or uses the documented behaviour) rather than guessing: a new upstream
release then costs a warning to look at, never a wrong page.

Tested ranges (see the README): Sphinx 8.2 to 9.1, ABlog 0.11, sphinx-sitemap 2.6 to 2.9.
"""

from __future__ import annotations

import queue
import weakref
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING, Any

from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# package -> (lowest, highest) tested major.minor, inclusive
TESTED = {
    "sphinx": ((8, 2), (9, 1)),
    "ablog": ((0, 11), (0, 11)),
    "sphinx-sitemap": ((2, 6), (2, 9)),
}


@lru_cache(maxsize=None)
def _major_minor(version: str) -> tuple[int, int] | None:
    parts = version.split(".")
    try:
        return int(parts[0]), int("".join(c for c in parts[1] if c.isdigit()) or 0)
    except (IndexError, ValueError):
        return None


@lru_cache(maxsize=None)
def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def supported(package: str, version: str | None = None) -> bool:
    """Whether ``package`` (installed, or at ``version``) is in its tested range."""
    found = _major_minor(version if version is not None else version_of(package))
    low, high = TESTED[package]
    return found is not None and low <= found <= high


_WARNED: set[tuple[int, str]] = set()


def check(app: Sphinx, package: str, feature: str) -> bool:
    """Whether ``feature``, which relies on ``package`` internals, may be used; warns once
    per build when it may not."""
    if supported(package):
        return True
    key = (id(app), package)
    if key not in _WARNED:
        _WARNED.add(key)
        low, high = TESTED[package]
        warn(WritingWarning.COMPAT,
             f"{package} {version_of(package) or '(not found)'} is outside the versions this "
             f"extension is tested with ({low[0]}.{low[1]} to {high[0]}.{high[1]}): "
             f"{feature} is turned off; pin {package} or update the extension")
    return False


# -- ABlog ------------------------------------------------------------------------------


def reset_ablog(app: Sphinx) -> None:
    """ABlog keeps its ``Blog`` as state shared by every application in the process
    (``Blog._dict``): a second build in one process would see the first one's posts."""
    from ablog.blog import Blog

    if check(app, "ablog", "resetting ABlog's shared state between builds"):
        Blog._dict.clear()


def set_ablog_cutoff(app: Sphinx, cutoff: date) -> None:
    """ABlog decides drafts against ``ablog.blog.TOMORROW``, midnight after the day it was
    imported, in the machine's time zone; make it the day after the extension's cut-off so
    that ABlog's lists (``postlist``, its sidebars) agree on what is published."""
    import ablog.blog

    if check(app, "ablog", "aligning ABlog's draft cut-off with the extension's"):
        ablog.blog.TOMORROW = datetime.combine(cutoff + timedelta(days=1), time())


def ablog_post_infos(env: BuildEnvironment, docname: str) -> list[dict[str, Any]]:
    """ABlog's records of the posts in ``docname`` (``env.ablog_posts``), in order.

    Everything the extension knows of posts comes from here, so it is read with any ABlog
    version (``check`` warns about an untested one when the build starts).
    """
    return list(getattr(env, "ablog_posts", {}).get(docname, ()))


def register_ablog_posts(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: register every post ABlog recorded, as ABlog itself does only when
    a page lists posts. ABlog defines the references to its pages (``tag-x``,
    ``author-y``...) when it reads a post or registers them all; an incremental build that
    read no post left them undefined for the pages it wrote ("undefined label", no link)."""
    from ablog.blog import Blog
    from ablog.post import register_posts

    if check(app, "ablog", "registering ABlog's posts before pages are written") \
            and not Blog(app):
        register_posts(app)


def ablog_reference_page(app: Sphinx, target: str) -> str | None:
    """The document ABlog links the reference ``target`` to (``blog-drafts``, ``tag-x``,
    ``author-y``...), or ``None`` when it is not one of ABlog's references."""
    from ablog.blog import Blog

    if not check(app, "ablog", "checking references to ABlog's pages"):
        return None
    found = getattr(Blog(app), "references", {}).get(target)
    return found[0] if found else None


def slim_post_infos(app: Sphinx, docname: str) -> None:
    """Drop what ABlog stored about a post that nothing reads any more.

    ABlog keeps a deep copy of each post's body (read only by its own full-text feeds,
    which the extension replaces) and excerpt paragraphs that still point at the whole
    document: pickled, the environment of a 500-post site grows from 1.5 to 28 MB, and
    every build pays to load it. The body becomes an empty section, the excerpts are cut
    loose from their document.
    """
    from docutils import nodes

    if not check(app, "ablog", "slimming ABlog's stored posts"):
        return
    for info in getattr(app.env, "ablog_posts", {}).get(docname, ()):
        info["doctree"] = nodes.section()
        for excerpt in info.get("excerpt", ()):
            for node in excerpt.findall():
                node.document = None


def anchored_doc_target(docname: str, target: str) -> str:
    """A ``doc`` reference's target, written in ``docname``, as an absolute document
    name (``/posts/x``) that resolves the same from any page. Pure."""
    from sphinx.util import docname_join

    return "/" + docname_join(docname, target)


def anchor_excerpt_links(app: Sphinx, docname: str) -> None:
    """ABlog resolves the references of a post's excerpt (``postlist`` with
    ``:excerpts:``) from the page that lists it, so a relative ``doc`` link in the
    excerpt points at no document there. Its target in ABlog's stored excerpts is made
    absolute."""
    from sphinx import addnodes

    if not check(app, "ablog", "keeping the links of ABlog's excerpts"):
        return
    for info in getattr(app.env, "ablog_posts", {}).get(docname, ()):
        for excerpt in info.get("excerpt", ()):
            for node in excerpt.findall(addnodes.pending_xref):
                if node.get("refdomain") == "std" and node.get("reftype") == "doc":
                    node["reftarget"] = anchored_doc_target(docname, node["reftarget"])


def keep_ablog_feed_link_out(app: Sphinx, context: dict[str, Any]) -> None:
    """ABlog's ``page.html`` (when its templates are injected) links the blog's feed in
    the head unless the page's context already names a ``feed_path`` (ABlog's
    ``html_page_context`` fills it in otherwise); the extension links each page's feeds
    itself, so the page gets an empty one."""
    if check(app, "ablog", "keeping ABlog's second feed link out of the page head"):
        context.setdefault("feed_path", None)


def lays_out_a_page(layout: Any) -> bool:
    """Whether a parsed ``layout.html`` can lay out a page's body: it extends another
    layout or has a ``body`` block (Furo's is only an error message). Pure."""
    import jinja2.nodes

    return layout.find(jinja2.nodes.Extends) is not None or any(
        block.name == "body" for block in layout.find_all(jinja2.nodes.Block))


def check_ablog_templates(app: Sphinx) -> None:
    """``builder-inited``, after ABlog's: warn when ABlog's injected ``page.html``, which
    extends ``layout.html``, is used with a theme whose ``layout.html`` cannot lay out a
    page. Every page would then be the theme's error message (Furo's), and no one says so;
    ABlog's advice for such themes is ``skip_injecting_base_ablog_templates = True``."""
    from pathlib import Path

    from ablog import get_html_templates_path
    from jinja2 import TemplateError

    if app.config.skip_injecting_base_ablog_templates:
        return
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or not check(app, "ablog", "checking ABlog's templates"):
        return
    try:
        _, page, _ = environment.loader.get_source(environment, "page.html")
        layout = environment.parse(environment.loader.get_source(environment, "layout.html")[0])
    except TemplateError:
        return
    if Path(page).parent == Path(get_html_templates_path()) and not lays_out_a_page(layout):
        warn(WritingWarning.CONFIG,
             f"ABlog's templates are injected into the {app.config.html_theme!r} theme, whose "
             "layout.html cannot lay out a page: every page would show the theme's error "
             "message instead of its content; set skip_injecting_base_ablog_templates = "
             "True in conf.py")


def _unwrapped(handler: Any) -> Any:
    """A listener's function, beneath any ``functools.wraps`` wrapper (a profiler's)."""
    while hasattr(handler, "__wrapped__"):
        handler = handler.__wrapped__
    return handler


def disconnect_ablog_pages(app: Sphinx) -> bool:
    """Stop ABlog's own archive pages and feeds (the extension writes their equivalents).

    ABlog connects ``generate_archive_pages`` and ``generate_atom_feeds`` without keeping
    the listener ids ``Sphinx.disconnect`` needs; they are found in the event manager's
    listener table. Returns whether they were found and disconnected.
    """
    from ablog.post import generate_archive_pages, generate_atom_feeds  # ABlog's __all__

    if not check(app, "sphinx", "replacing ABlog's pages and feeds"):
        return False
    listeners = getattr(app.events, "listeners", {}).get("html-collect-pages", [])
    found = [listener for listener in listeners
             if _unwrapped(listener.handler) in (generate_archive_pages, generate_atom_feeds)]
    for listener in found:
        app.disconnect(listener.id)
    return len(found) == 2


# -- sphinx-sitemap ---------------------------------------------------------------------


def sitemap_links(app: Sphinx) -> Any | None:
    """sphinx-sitemap's queue of ``(link, lastmod)`` (``app.sitemap_links``), or ``None``
    when sphinx-sitemap is not loaded or not a tested version."""
    if "sphinx_sitemap" not in app.extensions:
        return None
    if not check(app, "sphinx-sitemap", "completing the sitemap of incremental builds"):
        return None
    return getattr(app, "sitemap_links", None)


def sitemap_link(app: Sphinx, pagename: str) -> tuple[str, Any] | None:
    """The entry sphinx-sitemap records for ``pagename`` (its suffix, directory-builder
    and exclusion rules), without recording it."""
    from sphinx_sitemap import add_html_link

    links = sitemap_links(app)
    if links is None:
        return None
    scratch = queue.SimpleQueue()
    app.sitemap_links = scratch
    try:
        add_html_link(app, pagename, None, {}, None)
    finally:
        app.sitemap_links = links
    return None if scratch.empty() else scratch.get_nowait()


def replace_sitemap_links(app: Sphinx, entries: list[tuple[str, Any]]) -> None:
    """Make ``entries`` the whole of what sphinx-sitemap writes, in this order."""
    links = sitemap_links(app)
    if links is None:
        return
    while True:
        try:
            links.get_nowait()
        except queue.Empty:
            break
    for entry in entries:
        links.put(entry)


# -- Sphinx -----------------------------------------------------------------------------


def drop_empty_search_terms(app: Sphinx) -> None:
    """Sphinx prunes a rewritten page from the stored search index but keeps each word it
    held, with no documents (``"word":[]``); a clean build has no such entries. They are
    dropped from the index builder's word maps before it is written."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or not check(app, "sphinx", "tidying the incremental search index"):
        return
    for name in ("_mapping", "_title_mapping"):
        mapping = getattr(indexer, name, None)
        if isinstance(mapping, dict):
            for word in [word for word, docnames in mapping.items() if not docnames]:
                del mapping[word]


def plain_sitemap_queue(app: Sphinx) -> None:
    """When pages are written in one process, give sphinx-sitemap a plain queue.

    sphinx-sitemap's ``builder-inited`` handler starts a ``multiprocessing`` manager
    process (~0.1 s) so that parallel writers can report links, and every link becomes a
    round trip to it; completing the sitemap (``output/sitemap.py``) moves every link
    twice. Its handler is replaced by one doing the same with a plain queue unless pages
    may be written in parallel. Then the manager's process lives for one build: left
    running until the application is collected (as sphinx-sitemap leaves it), it holds
    whatever pipes its parent had open when it was forked.
    """
    if "sphinx_sitemap" not in app.extensions or not check(
            app, "sphinx-sitemap", "completing the sitemap of incremental builds"):
        return
    from sphinx_sitemap import record_builder_type as theirs

    for listener in list(getattr(app.events, "listeners", {}).get("builder-inited", [])):
        if _unwrapped(listener.handler) is theirs:
            app.disconnect(listener.id)
            app.connect("builder-inited", _record_builder_type, priority=listener.priority)
            app.connect("env-before-read-docs", _start_manager)
            app.connect("build-finished", _end_manager, priority=900)  # after the sitemap


_MANAGERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _record_builder_type(app: Sphinx) -> None:
    builder = getattr(app, "builder", None)
    if builder is None:
        return
    builder.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
    app.sitemap_links = queue.SimpleQueue()


def _start_manager(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (every build): a manager's queue, when pages may be written
    in parallel."""
    if app.parallel > 1 and app not in _MANAGERS:
        from multiprocessing import Manager

        manager = _MANAGERS[app] = Manager()
        app.sitemap_links = manager.Queue()


def _end_manager(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, once sphinx-sitemap has written the sitemap: end the manager's
    process."""
    manager = _MANAGERS.pop(app, None)
    if manager is not None:
        app.sitemap_links = queue.SimpleQueue()
        manager.shutdown()


def tag_serial_read_warning(app: Sphinx) -> None:
    """Give Sphinx's untyped "the ablog extension is not safe for parallel reading"
    warnings the type ``writing.serial_read``, so that ``suppress_warnings`` can silence
    them: with ABlog loaded, ``-j N`` reads serially (and writes in parallel), and a
    strict build need not fail for saying so."""
    import logging

    from sphinx.locale import __

    if not check(app, "sphinx", "making the serial-reading warning suppressible"):
        return
    not_safe = str(__("the %s extension is not safe for parallel reading"))
    serial = str(__("doing serial %s"))

    def tag(record: logging.LogRecord) -> bool:
        text = str(record.msg)
        if (text == not_safe and record.args == ("ablog",)) or \
                (text == serial and record.args == ("read",)):
            record.type, record.subtype = "writing", "serial_read"
        return True

    target = logging.getLogger("sphinx.sphinx.application")
    for existing in list(target.filters):
        if getattr(existing, "__name__", "") == "tag":
            target.removeFilter(existing)
    target.addFilter(tag)


def keep_compiled_templates(app: Sphinx, folder: str) -> None:
    """Keep the builder's compiled Jinja templates in ``folder`` between builds (Jinja's
    bytecode cache: each entry is checked against its template's source and Jinja's own
    version before use, so an edited template is compiled again)."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None \
            or not check(app, "sphinx", "keeping compiled templates"):
        return
    from jinja2 import FileSystemBytecodeCache

    environment.bytecode_cache = FileSystemBytecodeCache(folder)


def compiled_template(app: Sphinx, name: str) -> Any | None:
    """The builder's compiled Jinja template ``name`` (from its template bridge's Jinja
    environment), to render many times; ``None`` when the bridge has no such environment
    (a custom one). ``TemplateBridge.render`` looks the template up again on every call,
    and checks its file's time: for a template rendered on every post's page, that was
    half of rendering it."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or not check(app, "sphinx", "rendering compiled templates"):
        return None
    return environment.get_template(name)
