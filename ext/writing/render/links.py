"""Links between pages, relative to the page they appear on (as Sphinx writes them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.osutil import relative_uri

from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class Links:
    """``builder.get_relative_uri`` for documents, and paths of files, from each page.

    A build makes thousands of such links (every card on every listing page); each
    target's URI and each link from a page directory is worked out once.
    """

    def __init__(self, app: Sphinx) -> None:
        self.builder = app.builder
        self._uris: dict[str, str] = {}
        self._relative: dict[tuple[str, str], str] = {}

    def uri(self, docname: str) -> str:
        """A document's output path (``posts/x.html``)."""
        found = self._uris.get(docname)
        if found is None:
            found = self._uris[docname] = self.builder.get_target_uri(docname)
        return found

    def path(self, from_doc: str, target: str) -> str:
        """The link from the page ``from_doc`` to the output path ``target``."""
        base = self.uri(from_doc)
        if target == base:
            return ""  # relative_uri's answer for a page's link to itself
        key = (base.rpartition("/")[0], target)
        found = self._relative.get(key)
        if found is None:
            found = self._relative[key] = relative_uri(base, target)
        return found

    def doc(self, from_doc: str, to_doc: str) -> str:
        """The link from the page ``from_doc`` to the document ``to_doc``."""
        return self.path(from_doc, self.uri(to_doc))


def links(app: Sphinx) -> Links:
    return runtime(app).once("links", lambda: Links(app))
