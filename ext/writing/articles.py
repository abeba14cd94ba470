"""The feeds' articles: each feed post's body, converted once, kept between builds.

A feed shows the full article of each of its posts. Rendering those again for every
feed on every build is slow, so the body Sphinx renders for a post's page is converted
(``feeds.feed_content``) when the page is written and kept here, keyed by document. Only
posts that some feed shows are kept: at 500 posts, converting every body cost 0.3 s
per clean build and writing a file per post another 0.1 s, so the articles live in one
file, written once per build in which one changed.

Pages written by parallel processes (``-j``) cannot reach this process's memory; there,
each article goes to a file of its own, gathered before the feeds are written.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STORE_FILE = "writing-feed-articles.pickle"
SPILL_DIR = "writing-feed-articles"
_VERSION = 1


class ArticleStore:
    """Articles by document name, each with the digest of its text."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.articles: dict[str, tuple[str, str]] = {}  # docname -> (digest, html)
        self.dirty = False
        try:
            with open(path, "rb") as fh:
                stored = pickle.load(fh)
            if stored.get("version") == _VERSION:
                self.articles = stored["articles"]
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError,
                TypeError, ValueError):
            self.articles = {}

    def __contains__(self, docname: str) -> bool:
        return docname in self.articles

    def html(self, docname: str) -> str | None:
        entry = self.articles.get(docname)
        return entry[1] if entry else None

    def digest(self, docname: str) -> str | None:
        entry = self.articles.get(docname)
        return entry[0] if entry else None

    def put(self, docname: str, html: str) -> None:
        digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
        if self.digest(docname) != digest:
            self.articles[docname] = (digest, html)
            self.dirty = True

    def keep_only(self, docnames: set[str]) -> None:
        for docname in set(self.articles) - docnames:
            del self.articles[docname]
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "wb") as fh:
            pickle.dump({"version": _VERSION, "articles": self.articles}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        self.dirty = False


def store(app: Sphinx) -> ArticleStore:
    """This build's store, loaded on first use."""
    current = getattr(app, "_writing_articles", None)
    if current is None:
        current = ArticleStore(Path(app.doctreedir) / STORE_FILE)
        app._writing_articles = current
    return current


def forget(app: Sphinx) -> None:
    """Start the next build from the file (a test may build twice in one process)."""
    app._writing_articles = None


def keep(app: Sphinx, docname: str, html: str) -> None:
    """Keep a converted article; from a parallel writer, by way of a file."""
    if app.parallel > 1:
        spill = Path(app.doctreedir) / SPILL_DIR / f"{docname}.html"
        spill.parent.mkdir(parents=True, exist_ok=True)
        spill.write_text(html, encoding="utf-8")
    else:
        store(app).put(docname, html)


def gather(app: Sphinx) -> ArticleStore:
    """The store with the articles parallel writers left in files added."""
    articles = store(app)
    spill = Path(app.doctreedir) / SPILL_DIR
    if spill.is_dir():
        for path in sorted(spill.rglob("*.html")):
            articles.put(path.relative_to(spill).with_suffix("").as_posix(),
                         path.read_text(encoding="utf-8"))
        shutil.rmtree(spill)
    return articles
