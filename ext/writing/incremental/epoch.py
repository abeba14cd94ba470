"""What the extension's stored data was made by: its code, the libraries, the settings.

``code_epoch`` changes when anything that turns a source into the data kept in the
environment changes: a byte of this extension, the version of a library it or the
parsers use, or its ``ENV_VERSION``. ``cache_epoch`` adds every setting the extension
reads. Data made under another epoch is never used (``cache.py``, ``state.py``).
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ENV_VERSION = 1
PACKAGE_DIR = Path(__file__).resolve().parents[1]
LIBRARIES = ("sphinx", "docutils", "myst_parser", "markdown_it", "mdit_py_plugins", "ablog",
             "jinja2", "feedgen.version", "yaml", "dateutil")
# Settings the extension reads besides its own (writing_*) and ABlog's (blog_*, post_*).
READ_SETTINGS = ("html_baseurl", "html_theme", "html_sidebars", "html_file_suffix",
                 "html_link_suffix", "templates_path", "html_static_path", "language",
                 "root_doc", "project", "author", "source_suffix", "exclude_patterns",
                 "skip_injecting_base_ablog_templates", "notfound_pagename",
                 "notfound_urls_prefix", "sitemap_filename", "sitemap_url_scheme", "site_url")


def code_digest(folder: Path = PACKAGE_DIR) -> str:
    """A digest of every file of the extension (code, templates, static files)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _version(name: str) -> str:
    """A library's version, as the module itself says (the modules are loaded already)."""
    module = sys.modules.get(name) or importlib.import_module(name)
    return str(getattr(module, "__version__", "") or getattr(module, "version_str", ""))


def versions(app: Sphinx) -> list[tuple[str, str]]:
    """The libraries' and every loaded extension's versions (themes are extensions)."""
    found = [(name, _version(name)) for name in LIBRARIES]
    found.extend(sorted((f"ext:{name}", str(getattr(ext, "version", "")))
                        for name, ext in app.extensions.items()))
    found.append(("theme", str(getattr(app.config, "html_theme", "") or "")))
    return found


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def code_epoch(app: Sphinx) -> str:
    return _digest((ENV_VERSION, code_digest(), versions(app)))


def read_settings(app: Sphinx) -> list[tuple[str, str]]:
    """The settings the extension reads, as text."""
    config = app.config
    names = sorted(c.name for c in config
                   if c.name.startswith(("writing_", "blog_", "post_")) or c.name in READ_SETTINGS)
    return [(name, repr(getattr(config, name, None))) for name in names]


def cache_epoch(app: Sphinx, code: str | None = None) -> str:
    return _digest((code or code_epoch(app), read_settings(app)))
