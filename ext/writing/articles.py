"""The feeds' articles: each feed post's body, converted once, kept between builds.

A feed shows the full article of each of its posts. Rendering those again for every
feed on every build is slow, so the body Sphinx renders for a post's page is converted
(``feeds.feed_content``) when the page is written and kept here, keyed by document. Only
posts that some feed shows are kept: at 500 posts, converting every body cost 0.3 s
per clean build and writing a file per post another 0.1 s, so the articles live in one
file, written once per build in which one changed, beside a small index of their digests.

Pages written by parallel processes (``-j``) cannot reach this process's memory; there,
each article goes to a file of its own, gathered before the feeds are written.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STORE_FILE = "writing-feed-articles.pickle"  # the articles
INDEX_FILE = "writing-feed-articles.json"  # their digests, and the articles file's stamp
SPILL_DIR = "writing-feed-articles"
_VERSION = 2


class ArticleStore:
    """Articles by document name, each with the digest of its text.

    The digests are all most builds need (which posts have an article, whether a feed
    changed); the articles themselves are read only when a feed is written again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.index_path = path.with_name(INDEX_FILE)
        self.digests: dict[str, str] = {}
        self._articles: dict[str, str] | None = None  # read on demand
        self._new: dict[str, str] = {}
        self.dirty = False
        try:
            index = json.loads(self.index_path.read_text(encoding="utf-8"))
            if index.get("version") == _VERSION and index.get("stamp") == _stamp(path):
                self.digests = dict(index["digests"])
        except (OSError, ValueError, AttributeError, KeyError, TypeError):
            self.digests = {}

    def __contains__(self, docname: str) -> bool:
        return docname in self.digests

    def html(self, docname: str) -> str | None:
        if docname in self._new:
            return self._new[docname]
        return self._stored().get(docname) if docname in self.digests else None

    def digest(self, docname: str) -> str | None:
        return self.digests.get(docname)

    def put(self, docname: str, html: str) -> None:
        digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
        if self.digests.get(docname) != digest:
            self.digests[docname] = digest
            self._new[docname] = html
            self.dirty = True

    def keep_only(self, docnames: set[str]) -> None:
        for docname in set(self.digests) - docnames:
            del self.digests[docname]
            self.dirty = True

    def _stored(self) -> dict[str, str]:
        if self._articles is None:
            try:
                with open(self.path, "rb") as fh:
                    stored = pickle.load(fh)
                self._articles = stored if isinstance(stored, dict) else {}
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError,
                    ValueError):
                self._articles = {}
        return self._articles

    def save(self) -> None:
        if not self.dirty:
            return
        articles = {d: html for d in self.digests if (html := self.html(d)) is not None}
        self.digests = {d: digest for d, digest in self.digests.items() if d in articles}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "wb") as fh:
            pickle.dump(articles, fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.index_path.write_text(json.dumps(
            {"version": _VERSION, "stamp": _stamp(self.path), "digests": self.digests},
            sort_keys=True), encoding="utf-8")
        self._articles, self._new = articles, {}
        self.dirty = False


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


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
