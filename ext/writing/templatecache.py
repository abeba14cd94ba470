"""Keep compiled Jinja templates between builds.

Sphinx compiles every template it renders afresh in each build: Furo's page templates
and the site's own. Jinja can keep the compiled code in a bytecode cache, checked
against each template's source (a changed template is compiled again), the Jinja
version and the Python version. The cache lives with the doctrees, in a folder per
template environment setup (its Jinja extensions and syntax options), so a build never
uses code compiled under other settings.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = "writing-jinja"


def environment_signature(environment) -> str:
    """What, besides a template's source, decides the code Jinja compiles from it."""
    settings = (
        sorted(environment.extensions),
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.optimized,
        type(environment).__module__, type(environment).__qualname__,
        repr(environment.autoescape) if not callable(environment.autoescape)
        else getattr(environment.autoescape, "__qualname__", "callable"),
    )
    return hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:16]


def use_bytecode_cache(app: Sphinx) -> None:
    """``builder-inited``: give the builder's template environment a bytecode cache."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = Path(app.doctreedir) / FOLDER / environment_signature(environment)
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
