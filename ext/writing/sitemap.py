"""Make sphinx-sitemap list every page, in a stable order, after any build.

sphinx-sitemap lists the pages written by *this* build, in the order they were written:
after an incremental build the sitemap loses every unchanged page, and the order depends
on what changed. Just before it writes the file, every document is added back and the
list is sorted, so an incremental build's sitemap is the clean build's.

sphinx-sitemap gathers the links in a ``multiprocessing`` Manager queue, so that parallel
writers (``-j``) can report theirs: it starts a server process (~0.1 s) and each link is a
round trip to it. When pages are written in this process, a simple queue does the same.
"""

from __future__ import annotations

import queue
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def replace_link_queue(app: Sphinx) -> None:
    """Swap sphinx-sitemap's ``builder-inited`` handler for :func:`record_builder_type`."""
    try:
        from sphinx_sitemap import record_builder_type as theirs
    except ImportError:
        return
    for listener in list(app.events.listeners.get("builder-inited", [])):
        if listener.handler is theirs:
            app.disconnect(listener.id)
            app.connect("builder-inited", record_builder_type, priority=listener.priority)


def record_builder_type(app: Sphinx) -> None:
    """sphinx-sitemap's handler, with a plain queue unless pages may be written in parallel."""
    builder = getattr(app, "builder", None)
    if builder is None:
        return
    builder.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"
    if app.parallel > 1:
        from multiprocessing import Manager

        app.sitemap_links = Manager().Queue()
    else:
        app.sitemap_links = queue.SimpleQueue()  # the same calls, without locking


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
