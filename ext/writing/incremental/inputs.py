"""Digests of what every page is made from, besides its own document.

``site_digest``: the content of every template and static file the build can use (the
site's, the theme's and this extension's), by content, never by modification time — a
template edited to the same size with its time kept is still a change. ``shared_digest``
adds what generated pages show of the rest of the site.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from writing.incremental.epoch import PACKAGE_DIR, cache_epoch
from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def files_digest(folders: list[Path]) -> str:
    """A digest of every file under ``folders``: its path (relative) and its content."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        digest.update(f"\0folder {folder.name}\0".encode())
        for base, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                path = Path(base, name)
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def template_and_static_folders(app: Sphinx) -> list[Path]:
    """Where pages' templates and static files come from."""
    confdir = Path(app.confdir)
    folders = [confdir / p for p in app.config.templates_path]
    folders += [confdir / p for p in getattr(app.config, "html_static_path", ())]
    theme = getattr(app.builder, "theme", None)
    if theme is not None:
        folders += [Path(d) for d in theme.get_theme_dirs()]
    folders += [PACKAGE_DIR / "templates", PACKAGE_DIR / "static"]
    seen: list[Path] = []
    for folder in folders:
        resolved = folder.resolve()
        if resolved not in seen:
            seen.append(resolved)
    return seen


def site_digest(app: Sphinx) -> str:
    """Templates and static files, by content; worked out once per build."""
    return runtime(app).once("site", lambda: files_digest(template_and_static_folders(app)))


def _cache_epoch(app: Sphinx) -> str:
    cache = runtime(app).cache
    return cache.epoch if cache is not None else cache_epoch(app)


def posts_digest(app: Sphinx) -> str:
    """Every post's record and reading counts, what this build publishes, and the
    extension's code and settings: what any page can show of posts."""
    def make() -> str:
        from writing.index import post_index
        from writing.index.state import state

        kept = state(app.env)
        index = post_index(app)
        return _digest((_cache_epoch(app), sorted(kept.digests.items()),
                        [(d, s.draft) for d, s in index.shown.items()]))
    return runtime(app).once("posts", make)


def shared_digest(app: Sphinx) -> str:
    """What every generated page is made from besides its own view model: the templates
    and static files, the extension's code and settings (its cache epoch, which includes
    the versions of Sphinx, the theme and every extension), the other pages' titles (the
    theme's navigation shows them) and the toctrees."""
    def make() -> str:
        env = app.env
        from writing.index.state import state

        posts = state(env).posts
        return _digest((
            _cache_epoch(app), site_digest(app), app.builder.name,
            sorted(c.name + "=" + repr(c.value) for c in app.config
                   if c.name.startswith(("html_", "ogp_", "notfound_", "sitemap_"))),
            [(doc, env.titles[doc].astext() if doc in env.titles else "")
             for doc in sorted(env.all_docs) if doc not in posts],
            sorted((doc, list(included)) for doc, included in env.toctree_includes.items()),
        ))
    return runtime(app).once("shared", make)
