"""Reading time alone, for any Sphinx project: ``extensions = ["writing.readingtime"]``.

Counts every document while it is read and gives its template ``writing_reading_minutes``.
Needs no ABlog, so it is safe for parallel reading. The ``writing`` extension includes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from writing.config import setup_config
from writing.incremental.epoch import ENV_VERSION, code_epoch
from writing.index.collector import PostCollector, read_document
from writing.index.state import open_state, state
from writing.render.cards import minutes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def open_environment(app: Sphinx) -> bool:
    """``builder-inited``: the environment's state, made afresh if other code made it.

    Returns whether it was made afresh."""
    return open_state(app.env, code_epoch(app))


def add_minutes(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: ``writing_reading_minutes`` for every page that was read."""
    if pagename in state(app.env).counts:
        context["writing_reading_minutes"] = minutes(app, pagename)


def setup_collector(app: Sphinx) -> None:
    app.add_env_collector(PostCollector)
    app.connect("doctree-read", read_document, priority=600)  # after ABlog's process_posts


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_config(app)
    setup_collector(app)
    app.connect("builder-inited", open_environment)
    app.connect("html-page-context", add_minutes)
    return {"version": "2.0.0", "env_version": ENV_VERSION,
            "parallel_read_safe": True, "parallel_write_safe": True}
