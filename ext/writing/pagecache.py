"""Render ABlog's generated pages only when something they show has changed.

``html-collect-pages`` handlers yield every archive, tag, category and section page on
every build, and Sphinx renders and writes each one even when nothing changed. Each page
gets a key: a digest of everything its HTML is made from — the page's own context (cards,
titles, the ABlog collections and posts it lists), and the inputs every page shares (the
template files, the configuration, the theme's global context, the CSS and JS checksums,
the titles and toctrees of the pages that are not posts, the versions of Sphinx and its
extensions, and this extension's own code). A page whose key matches the one recorded
when its file was last written, and whose file is still the one written then, is not
yielded, so the file from that build stays; an incremental build writes what a clean
build writes.

Posts enter the keys as digests made when each was read (``ablogstate.py``,
``collector.py``). When the digest of all of them, and the shared inputs, are those of the
last build and every page's file is still the one written then, no page's context is
made at all.

A page that is not yielded never reaches ``html-page-context``, where sphinx-sitemap
collects its links, so it is added to the sitemap here.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ablog.blog import Catalog, Collection, Post
from docutils import nodes

from writing import ablogstate
from writing.collector import record_digest

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.records import PostRecord

LEDGER = "writing-pages.json"
LEDGER_VERSION = 3
_PLAIN = (str, int, float, bool, type(None), date, datetime)
_EXTENSION_DIR = Path(__file__).resolve().parent


class _Fingerprint:
    """A stable, comparable description of a template context value."""

    def __init__(self, env=None) -> None:
        # Digests made when each post was read (ablogstate.py, collector.py).
        self._ablog: dict[str, str] = ablogstate.digests(env) if env is not None else {}
        self._records: dict[str, str] = getattr(env, "writing_record_digests", {})
        self._collections: dict[int, str] = {}

    def __call__(self, value: Any) -> Any:
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, dict):  # insertion order is the code's, and the code is keyed
            return ("dict", [(str(k), self(v)) for k, v in value.items()])
        if isinstance(value, (list, tuple)):
            return ("list", [self(v) for v in value])
        if isinstance(value, (set, frozenset)):
            return ("set", sorted(repr(self(v)) for v in value))
        if isinstance(value, Post):
            return self._post(value)
        if isinstance(value, Collection):  # on its own page and in its catalog's
            key = id(value)
            if key not in self._collections:
                # In an order of their own: ABlog's follows from the posts' fields.
                posts = "".join(sorted(self._post(post) for post in members(value)))
                self._collections[key] = _digest((
                    "collection", value.name, value.label, value.docname, value.path,
                    hashlib.sha256(posts.encode("utf-8")).hexdigest()))
            return self._collections[key]
        if isinstance(value, Catalog):
            return ("catalog", value.name, value.docname, value.path,
                    [self(collection) for collection in value])
        if isinstance(value, nodes.Node):
            return ("node", value.pformat())
        if callable(value):
            return ("callable", getattr(value, "__qualname__", type(value).__qualname__))
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        if hasattr(value, "__dict__"):
            return (kind, self(vars(value)))
        return (kind, str(value))  # e.g. Sphinx's asset objects, whose str() shows them

    def _post(self, post: Post) -> str:
        """A post is made from its document's ABlog record, digested when it was read."""
        digest = self._ablog.get(post.docname) or _digest((  # not read by this extension
            post.docname, post.section, post.title, post.date, post.update,
            [str(c) for c in (*post.tags, *post.category, *post.author)],
            post.redirect, post.external_link))
        return f"{digest}/{post.order};"

    def record(self, record: PostRecord) -> str:
        """A post as this site's cards show it (cards are made from records by keyed code)."""
        return self._records.get(record.docname) or record_digest(record)


def members(collection: Collection) -> Iterable[Post]:
    """A collection's posts in no particular order.

    Iterating a Collection makes ABlog sort its posts first, comparing them in Python:
    at 500 posts that was a third of the time spent deciding which pages to render.
    """
    posts = getattr(collection, "_posts", None)
    return posts.values() if isinstance(posts, dict) else collection


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


# What a page's HTML can be made from in a template folder: templates and theme settings.
# Static files reach pages only as the CSS and JS checksums, which are keyed apart.
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".svg", ".j2", ".jinja", ".jinja2", ".conf",
                     ".toml", "_t")


def _files_digest(folders: list[str | Path],
                  suffixes: tuple[str, ...] | None = None) -> list[tuple[str, int, int]]:
    """Files under ``folders`` (those ending with ``suffixes``, if given) by size and
    modification time, as Sphinx tracks its sources."""
    found: dict[str, tuple[int, int]] = {}
    roots = sorted({os.path.realpath(folder) for folder in folders})
    # A folder inside another listed one (a theme inside its themes folder) is walked once.
    roots = [r for r in roots if not any(r.startswith(o + os.sep) for o in roots if o != r)]
    for root in roots:
        for base, dirs, files in os.walk(root):
            dirs.sort()
            for name in files:
                if name.endswith((".pyc", ".pyo")) or (suffixes and not name.endswith(suffixes)):
                    continue
                path = os.path.join(base, name)
                if path not in found:
                    st = os.stat(path)
                    found[path] = (st.st_size, st.st_mtime_ns)
    return sorted((path, *stamp) for path, stamp in found.items())


def shared_inputs(app: Sphinx) -> str:
    """A digest of what every generated page is made from, besides its own context."""
    fingerprint = _Fingerprint(app.env)
    builder = app.builder
    env = app.env
    template_dirs = [path for loader in getattr(builder.templates, "loaders", ())
                     for path in getattr(loader, "searchpath", ())]
    assets = []
    for asset in [*builder.globalcontext.get("css_files", ()),
                  *builder.globalcontext.get("script_files", ())]:
        filename = os.fspath(getattr(asset, "filename", "") or "")
        if filename and "://" not in filename:
            path = Path(builder.outdir) / filename
            assets.append((filename, path.read_bytes() if path.is_file() else None))
    posts = env.writing_posts
    pages = sorted(doc for doc in env.all_docs if doc not in posts)
    return _digest((
        LEDGER_VERSION,
        builder.name,
        str(builder.outdir),
        _files_digest(template_dirs, TEMPLATE_SUFFIXES),
        _files_digest([_EXTENSION_DIR]),
        sorted((c.name, fingerprint(c.value)) for c in app.config),
        fingerprint(builder.globalcontext),
        [(name, hashlib.sha256(data or b"").hexdigest()) for name, data in assets],
        sorted((name, str(getattr(ext, "version", ""))) for name, ext in app.extensions.items()),
        [(doc, env.titles[doc].astext() if doc in env.titles else "") for doc in pages],
        sorted((doc, list(included)) for doc, included in env.toctree_includes.items()),
        len(env.all_docs),
        [s.docname for s in app.writing_sections],
    ))


def shared_digest(app: Sphinx) -> str:
    """:func:`shared_inputs`, worked out once per build once pages are being written."""
    digest = getattr(app, "_writing_shared", None)
    if digest is None:
        digest = app._writing_shared = shared_inputs(app)
    return digest


def forget_shared(app: Sphinx, *args) -> None:
    """``builder-inited``, ``env-updated``: what pages are made from may change."""
    app._writing_shared = None


class PageCache:
    """The ledger of generated pages: for each, the key it was written with and its file."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.path = Path(app.doctreedir) / LEDGER
        self.fingerprint = _Fingerprint(app.env)
        self.shared = shared_digest(app)
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        if not isinstance(stored, dict) or stored.get("version") != LEDGER_VERSION:
            stored = {}
        self.previous: dict[str, list] = stored.get("pages", {})
        self.previous_whole: str | None = stored.get("whole")
        self.current: dict[str, list] = {}

    def whole_key(self) -> str:
        """A digest of everything any generated page is made from.

        The shared inputs; every post as ABlog records it (its ``Blog`` is made from
        these and the configuration); and every post as the site's cards show it, with
        the backlinks, as digested for this build by ``updates.outdated_listings``.
        """
        env = self.app.env
        return _digest((self.shared, sorted(ablogstate.digests(env).items()),
                        getattr(env, "writing_page_inputs", None)))

    def all_fresh(self, whole: str) -> bool:
        """Whether every page is still the one written when ``whole`` was last the key.

        When it is, no page needs its context made or its key computed (at 500 posts,
        that alone was 3% of a build in which nothing changed).
        """
        if not self.previous or whole != self.previous_whole:
            return False
        if any(entry[1:] != self._stat(page) for page, entry in self.previous.items()):
            return False
        for page, entry in sorted(self.previous.items()):
            self.current[page] = entry
            _add_to_sitemap(self.app, page)
        return True

    def key(self, pagename: str, template: str, context: dict,
            listed: list[PostRecord] | None = None) -> str:
        """The page's key: its context, and the posts it will show as cards, if any."""
        cards = None if listed is None else hashlib.sha256("".join(
            self.fingerprint.record(r) for r in listed).encode("ascii")).hexdigest()
        return _digest((self.shared, pagename, template, self.fingerprint(context), cards))

    def _stat(self, pagename: str) -> list | None:
        try:
            st = os.stat(self.app.builder.get_outfilename(pagename))
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def is_fresh(self, pagename: str, key: str) -> bool:
        """Whether the page's file is the one written for exactly this key."""
        entry = self.previous.get(pagename)
        if not entry or entry[0] != key or entry[1:] != self._stat(pagename):
            return False
        self.current[pagename] = entry
        _add_to_sitemap(self.app, pagename)
        return True

    def written(self, pagename: str, key: str) -> None:
        """Record a page Sphinx has just written."""
        stat = self._stat(pagename)
        if stat is not None:
            self.current[pagename] = [key, *stat]

    def save(self, whole: str | None) -> None:
        """Record this build's pages; ``whole`` once every page is written or fresh."""
        if whole == self.previous_whole and self.current == self.previous:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"version": LEDGER_VERSION, "whole": whole,
                                         "pages": self.current}, sort_keys=True),
                             encoding="utf-8")


def _add_to_sitemap(app: Sphinx, pagename: str) -> None:
    """What sphinx-sitemap's ``html-page-context`` handler would have done for the page."""
    if getattr(app, "sitemap_links", None) is None:
        return
    from sphinx_sitemap import add_html_link

    add_html_link(app, pagename, None, {}, None)
