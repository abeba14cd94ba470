"""Keep the search index of an incremental build identical to a clean build's.

Sphinx prunes the documents it is about to rewrite from the stored index, then feeds them
again; a word that only the old text of a rewritten (or deleted) page contained keeps its
entry with no documents, written as ``"word":[]``. A clean build never writes such entries,
so they are dropped before the index is dumped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx


def drop_empty_terms(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """``html-collect-pages``: runs after every page is indexed, before the index is dumped."""
    indexer = getattr(app.builder, "indexer", None)
    for name in ("_mapping", "_title_mapping"):  # IndexBuilder's word -> docnames maps
        mapping = getattr(indexer, name, None)
        if isinstance(mapping, dict):
            for word in [word for word, docnames in mapping.items() if not docnames]:
                del mapping[word]
    yield from ()
