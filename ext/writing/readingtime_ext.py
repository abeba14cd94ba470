"""Reading time as a stand-alone Sphinx extension: counts collected while reading.

Loaded by ``writing`` and usable on its own (``extensions = ["writing.readingtime_ext"]``);
on its own it is parallel-read safe, since it needs nothing from ABlog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.environment.collectors import EnvironmentCollector

from writing.readingtime import Rates, TextCounts, reading_minutes, scan_doctree

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def stored_counts(env: BuildEnvironment) -> dict[str, TextCounts]:
    """``env.writing_counts``: per document, what a reader has to get through."""
    if not hasattr(env, "writing_counts"):
        env.writing_counts = {}
    return env.writing_counts


def rates(config) -> Rates:
    """The reading speeds configured in ``conf.py``."""
    return Rates(
        prose_wpm=config.writing_words_per_minute,
        code_wpm=config.writing_code_words_per_minute,
        cjk_cpm=config.writing_cjk_chars_per_minute,
        image_seconds=config.writing_image_seconds,
    )


class ReadingTimeCollector(EnvironmentCollector):
    """Stores raw counts; minutes are derived when writing, so a rate change re-reads nothing."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        stored_counts(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        theirs = stored_counts(other)
        mine = stored_counts(env)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        wanted = getattr(app, _WANTED, ())
        counts, found = scan_doctree(doctree, wanted)
        stored_counts(app.env)[app.env.docname] = counts
        if wanted:
            _found(app)[app.env.docname] = found


# Other collectors may ask the counting walk for elements of some types, so that a
# document's tree is walked once. The elements are handed over within the read of the
# document (in the process reading it), never stored in the environment.
_WANTED = "_writing_readingtime_wanted"
_FOUND = "_writing_readingtime_found"


def also_collect(app: Sphinx, *types: type) -> None:
    """Have the counting walk gather the elements of ``types`` (see :func:`take_found`).

    Ask in ``setup``; a collector whose ``process_doc`` runs after this extension's
    (registered later, same priority) then gets them for the document being read.
    """
    setattr(app, _WANTED, tuple(dict.fromkeys((*getattr(app, _WANTED, ()), *types))))


def take_found(app: Sphinx, docname: str) -> list | None:
    """The gathered elements of ``docname``, once; ``None`` if it was not counted."""
    return _found(app).pop(docname, None)


def _found(app: Sphinx) -> dict:
    found = getattr(app, _FOUND, None)
    if found is None:
        found = {}
        setattr(app, _FOUND, found)
    return found


def add_reading_minutes(app: Sphinx, pagename: str, templatename: str, context: dict,
                        doctree) -> None:
    """``html-page-context``: ``writing_reading_minutes`` for any page that was read."""
    counts = stored_counts(app.env).get(pagename)
    if counts is not None:
        context["writing_reading_minutes"] = reading_minutes(counts, rates(app.config))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("writing_words_per_minute", 230, "html", types=frozenset({int}))
    app.add_config_value("writing_code_words_per_minute", 100, "html", types=frozenset({int}))
    app.add_config_value("writing_cjk_chars_per_minute", 500, "html", types=frozenset({int}))
    app.add_config_value("writing_image_seconds", 12, "html", types=frozenset({int}))
    app.add_env_collector(ReadingTimeCollector)
    app.connect("html-page-context", add_reading_minutes)
    return {"version": "1.0.0", "env_version": 1,
            "parallel_read_safe": True, "parallel_write_safe": True}
