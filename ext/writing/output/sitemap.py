"""The sitemap (sphinx-sitemap's, when it is loaded): complete, ordered, encoded.

sphinx-sitemap lists the pages written by *this* build, in the order they were written:
after an incremental build it loses every unchanged page. Just before it writes the file,
every page of the site is added back (with sphinx-sitemap's own rules for suffixes,
directory builds and ``sitemap_excludes``), redirect pages are dropped, each link is
percent-encoded, and the list is sorted: an incremental build's sitemap is a clean
build's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from writing import _compat
from writing.render.generated import all_pages, html_pages_supported

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_SAFE = "/:@!$&'()*+,;=~-._"


def encode(link: str) -> str:
    """A link with everything outside the URL-safe set percent-encoded (``%`` included:
    links are made from file names)."""
    return quote(link, safe=_SAFE)


def complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, ahead of sphinx-sitemap's handler."""
    links = _compat.sitemap_links(app)
    if exception is not None or links is None or not html_pages_supported(app):
        return
    if links.empty():
        return  # nothing written at all: sphinx-sitemap writes no file either
    written = []
    while not links.empty():
        written.append(links.get_nowait())
    pages = all_pages(app)
    redirects = {p.name for p in pages if p.redirect}
    names = sorted(set(app.env.all_docs) | {p.name for p in pages if not p.redirect})
    redirect_links = {entry[0] for name in redirects
                      if (entry := _compat.sitemap_link(app, name)) is not None}
    entries = {link: lastmod for link, lastmod in written if link not in redirect_links}
    for name in names:
        entry = _compat.sitemap_link(app, name)
        if entry is not None and entry[0] not in redirect_links:
            entries.setdefault(*entry)
    _compat.replace_sitemap_links(app, [(encode(link), entries[link]) for link in sorted(entries)])
