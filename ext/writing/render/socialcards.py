"""A preview image for each post, for links shared on social sites (``og:image``).

A 1200×630 PNG with the post's title, section and reading time, drawn with Pillow's
bundled font (the same bytes on every machine). Its file name carries a digest of what
it shows, so an image is drawn only when that changes, and a social site's copy is never
stale. Drawn only when sphinxext-opengraph is loaded (it writes the page's sharing tags).

When writing starts, the post index says which images the build needs: the few missing
are drawn at once; more (a first build) are drawn by a painter program (``painter.py``)
beside the page writers, which the build waits for at its end, when images no post shows
any more are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from writing.incremental.inputs import posts_digest
from writing.index import post_index
from writing.render import painter
from writing.render.cards import shown
from writing.render.meta import plain
from writing.runtime import runtime
from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.index.records import PostRecord

FOLDER = "_images/social"
CACHE_FILE = "social.json"  # the images present after the last build, and of which posts
SIZE = painter.SIZE
DESIGN = 1  # bump when the drawing changes: every image is drawn again


def card_text(site: str, record: PostRecord, section: str, minutes: int) -> tuple[str, ...]:
    """What an image shows: the site, the title, and the section with the reading time."""
    meta = " · ".join(part for part in (section, f"{minutes} min read") if part)
    return plain(site), plain(record.title), meta


def file_name(docname: str, text: tuple[str, ...]) -> str:
    digest = hashlib.sha256(repr((DESIGN, text)).encode("utf-8")).hexdigest()[:12]
    return f"{docname.replace('/', '-')}-{digest}.png"


AT_ONCE = 3  # starting the painter costs as much as drawing a few images


class Painter:
    """The painter program, drawing a list of images beside the build."""

    def __init__(self, jobs: list[tuple[tuple[str, ...], Path]], jobs_file: Path) -> None:
        jobs_file.parent.mkdir(parents=True, exist_ok=True)
        jobs_file.write_text(json.dumps([{"text": text, "target": str(target)}
                                         for text, target in jobs]), encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, painter.__file__, str(jobs_file)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)

    def finish(self) -> str | None:
        """Wait for every image; the painter's error, if it failed."""
        errors = self.process.stderr.read()
        code = self.process.wait()
        return None if code == 0 else (errors.strip().splitlines() or [f"exit {code}"])[-1]


def _texts(app: Sphinx) -> dict[str, tuple[str, ...]]:
    """What every visible post's image shows, by post (worked out once per build)."""
    def make() -> dict[str, tuple[str, ...]]:
        site = app.config.blog_title or app.config.project
        texts = {}
        for docname, entry in post_index(app).shown.items():
            card = shown(app, entry.record)
            texts[docname] = card_text(site, entry.record, card["section"], card["minutes"])
        return texts
    return runtime(app).once("social", make)


def enabled(app: Sphinx) -> bool:
    return "sphinxext.opengraph" in app.extensions and app.builder.format == "html" \
        and bool(app.config.html_baseurl)


def _names(app: Sphinx) -> dict[str, str]:
    """Every visible post's image file name, by post."""
    return runtime(app).once("social_names", lambda: {
        docname: file_name(docname, text) for docname, text in _texts(app).items()})


def draw_missing(app: Sphinx, builder) -> None:
    """``write-started``: draw the images this build needs and does not have yet."""
    if not enabled(app):
        return
    folder = Path(app.outdir) / FOLDER
    present = set(os.listdir(folder)) if folder.is_dir() else set()
    if _unchanged(app, present):
        return  # the same posts show the same images, all there: nothing to draw
    texts = _texts(app)
    missing = [(texts[d], folder / name) for d, name in _names(app).items() if name not in present]
    rt = runtime(app)
    if len(missing) > AT_ONCE and rt.cache is not None:
        rt.memo["painter"] = Painter(missing, rt.cache.path("painter-jobs.json"))
    else:
        for text, target in missing:
            painter.draw_to(text, str(target))


def add_image(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context`` (a post, before sphinxext-opengraph): name its image in the
    page's sharing tags."""
    if "writing_post" not in context or not enabled(app):
        return
    name = _names(app).get(pagename)
    if name is None:
        return
    meta = dict(context.get("meta") or {})
    meta.setdefault("og:image", urljoin(app.config.html_baseurl, f"{FOLDER}/{name}"))
    meta.setdefault("og:image:width", str(SIZE[0]))
    meta.setdefault("og:image:height", str(SIZE[1]))
    meta.setdefault("og:image:alt", context["writing_post"]["title"])
    context["meta"] = meta
    context["metatags"] = context.get("metatags", "") + \
        '<meta name="twitter:card" content="summary_large_image">\n'


def remove_stale(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: every image drawn, and none of a post that is gone or shows
    something else now."""
    drawing = runtime(app).memo.pop("painter", None)
    failure = drawing.finish() if drawing is not None else None
    if failure:
        warn(WritingWarning.FIGURE, f"preview images could not be drawn: {failure}")
    if exception is not None or not enabled(app):
        return
    folder = Path(app.outdir) / FOLDER
    if not folder.is_dir():
        return
    present = set(os.listdir(folder))
    if _unchanged(app, present):
        return
    keep = set(_names(app).values())
    for name in present - keep:
        (folder / name).unlink()
    rt = runtime(app)
    if rt.cache is not None:
        rt.cache.save(CACHE_FILE, {"posts": posts_digest(app), "files": sorted(present & keep)})


def _unchanged(app: Sphinx, present: set[str]) -> bool:
    """Whether the images present are those the last build left for the same posts (then
    none is missing and none is stale)."""
    rt = runtime(app)
    kept = rt.cache.load(CACHE_FILE) if rt.cache is not None else None
    return kept == {"posts": posts_digest(app), "files": sorted(present)}
