"""Make sphinx-sitemap list every page, in a stable order, after any build.

sphinx-sitemap lists the pages written by *this* build, in the order they were written:
after an incremental build the sitemap loses every unchanged page, and the order depends
on what changed. Just before it writes the file, every document is added back and the
list is sorted, so an incremental build's sitemap is the clean build's.
"""

from __future__ import annotations

import queue
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (ahead of sphinx-sitemap's own handler)."""
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html" or links.empty():
        return  # nothing was written (e.g. linkcheck): sphinx-sitemap writes no file either
    from sphinx_sitemap import add_html_link

    for docname in sorted(app.env.all_docs):  # the same link, exclusion and lastmod rules
        add_html_link(app, docname, None, {}, None)
    entries: dict[str, object] = {}
    while True:
        try:
            link, lastmod = links.get_nowait()
        except queue.Empty:
            break
        entries.setdefault(link, lastmod)
    for link in sorted(entries):
        links.put((link, entries[link]))
