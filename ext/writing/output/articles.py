"""The article of each post a feed shows, kept from when its page was last written.

A full-text feed shows each post's rendered body. The body Sphinx renders for the post's
page is made ready for feeds (title dropped, every link absolute) and kept in the build
cache, one file per post, so a feed never renders posts and parallel writers need no
shared memory. A post that enters a feed without a kept article has its page written
again (``missing``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = "articles"
_LINK_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_TITLE = re.compile(r"<h1\b.*?</h1>\s*", re.S)
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def absolutize(html: str, page_url: str) -> str:
    """Every ``href``/``src`` in ``html`` made absolute against the page's own URL."""
    joined: dict[str, str] = {}  # a page repeats its links (section, tags, images)

    def fix(match: re.Match) -> str:
        value = match.group(2)
        if _ABSOLUTE.match(value):
            return match.group(0)
        if value not in joined:
            joined[value] = urljoin(page_url, value)
        return match.group(1) + joined[value] + match.group(3)
    return _LINK_ATTR.sub(fix, html)


def feed_article(body: str, page_url: str) -> str:
    """A post's body for a feed: without its title (the entry has it), links absolute."""
    return absolutize(_TITLE.sub("", body, count=1), page_url)


def _path(app: Sphinx, docname: str) -> Path | None:
    cache = runtime(app).cache
    return cache.path(FOLDER, f"{docname}.html") if cache is not None else None


def keep(app: Sphinx, docname: str, body: str) -> None:
    """Keep the article of a post some full-text feed shows (from ``html-page-context``)."""
    from writing.output.feeds import feed_base, feed_members

    path = _path(app, docname)
    if path is None or docname not in feed_members(app):
        return
    url = urljoin(feed_base(app), app.builder.get_target_uri(docname))
    text = feed_article(body, url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    # its digest beside it: feeds compare digests on every build, articles rarely
    path.with_suffix(".sha256").write_text(
        hashlib.sha256(text.encode("utf-8")).hexdigest(), encoding="ascii")


def article(app: Sphinx, docname: str) -> str | None:
    path = _path(app, docname)
    try:
        return path.read_text(encoding="utf-8") if path is not None else None
    except OSError:
        return None


def digest(app: Sphinx, docname: str) -> str | None:
    return all_digests(app).get(docname)


def all_digests(app: Sphinx) -> dict[str, str]:
    """Every kept article's digest, by document; read once per build, after writing."""
    def make() -> dict[str, str]:
        cache = runtime(app).cache
        folder = cache.path(FOLDER) if cache is not None else None
        if folder is None or not folder.is_dir():
            return {}
        return {path.relative_to(folder).with_suffix("").as_posix():
                path.read_text(encoding="ascii") for path in sorted(folder.rglob("*.sha256"))}
    return runtime(app).once("article_digests", make)


def keep_only(app: Sphinx, docnames: set[str]) -> None:
    """Forget the articles of posts no feed shows any more (deleted, or pushed out)."""
    cache = runtime(app).cache
    folder = cache.path(FOLDER) if cache is not None else None
    if folder is None or not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.html")):
        if path.relative_to(folder).with_suffix("").as_posix() not in docnames:
            path.unlink()
            path.with_suffix(".sha256").unlink(missing_ok=True)


def missing(app: Sphinx, docnames: set[str]) -> list[str]:
    """The posts among ``docnames`` with no kept article."""
    return sorted(d for d in docnames if (p := _path(app, d)) is not None and not p.is_file())
