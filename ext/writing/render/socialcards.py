"""A preview image for each post, for links shared on social sites (``og:image``).

A 1200×630 PNG with the post's title, section and reading time, drawn with Pillow's
bundled font (the same bytes on every machine). Its file name carries a digest of what
it shows, so an image is drawn only when that changes, and a social site's copy is never
stale. Images of posts that no longer show them are removed at the end of the build.
Drawn only when sphinxext-opengraph is loaded (it writes the page's sharing tags).

Drawing takes a few milliseconds an image, as long as writing the page: when pages are
written in this process, a painter program (``painter.py``) draws them beside it, and the
build waits for it at its end.
"""

from __future__ import annotations

import hashlib
import json
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


class Painter:
    """Draws the build's images: the first few right away (starting a program costs as
    much as drawing several), the rest — when pages are written in this process — by a
    painter program (``painter.py``) beside it, which the build waits for at its end;
    parallel writers draw their own."""

    AT_ONCE = 3

    def __init__(self, serial: bool) -> None:
        self.serial = serial
        self.drawn = 0
        self.process: subprocess.Popen | None = None

    def draw(self, text: tuple[str, ...], target: Path) -> None:
        self.drawn += 1
        if not self.serial or self.drawn <= self.AT_ONCE:
            painter.draw_to(text, str(target))
            return
        if self.process is None:
            self.process = subprocess.Popen(
                [sys.executable, painter.__file__], stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            self.process.stdin.write(json.dumps({"text": text, "target": str(target)}) + "\n")
        except BrokenPipeError:  # the painter stopped: the reason is reported at the end
            pass

    def finish(self) -> str | None:
        """Wait for every image; the painter's error, if it failed."""
        if self.process is None:
            return None
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
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


def add_image(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context`` (a post, before sphinxext-opengraph): draw its image if it is
    not there yet, and name it in the page's sharing tags."""
    if not enabled(app) or "writing_post" not in context:
        return
    index = post_index(app)
    if pagename not in index:
        return
    record = index.shown[pagename].record
    card = shown(app, record)
    text = card_text(app.config.blog_title or app.config.project, record, card["section"],
                     card["minutes"])
    name = file_name(pagename, text)
    target = Path(app.outdir) / FOLDER / name
    if not target.is_file():
        drawing = runtime(app).once("painter", lambda: Painter(app.parallel <= 1))
        drawing.draw(text, target)
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
    present = sorted(path.name for path in folder.iterdir())
    rt = runtime(app)
    kept = rt.cache.load(CACHE_FILE) if rt.cache is not None else None
    posts = posts_digest(app)
    if kept == {"posts": posts, "files": present}:
        return  # the same posts show the same images: nothing is stale
    keep = {file_name(docname, text) for docname, text in _texts(app).items()}
    for name in present:
        if name not in keep:
            (folder / name).unlink()
    if rt.cache is not None:
        rt.cache.save(CACHE_FILE, {"posts": posts, "files": sorted(set(present) & keep)})
