"""A preview image for each post, for links shared on social sites (``og:image``).

A 1200×630 PNG with the post's title, section and reading time, drawn with Pillow's
bundled font (the same bytes on every machine). Its file name carries a digest of what
it shows, so an image is drawn only when that changes, and a social site's copy is never
stale. Images of posts that no longer show them are removed at the end of the build.
Drawn only when sphinxext-opengraph is loaded (it writes the page's sharing tags).

Drawing takes a few milliseconds an image, as long as writing the page: when pages are
written in this process, the images are drawn by one worker process beside it, which
the build waits for at its end.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import textwrap
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from writing.index import post_index
from writing.render.cards import shown
from writing.render.meta import plain
from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.index.records import PostRecord

FOLDER = "_images/social"
SIZE = (1200, 630)
DESIGN = 1  # bump when the drawing changes: every image is drawn again
_PALETTE = [250, 250, 248,  # background
            24, 26, 33,  # title
            96, 99, 110,  # small print
            41, 98, 255]  # accent


def card_text(site: str, record: PostRecord, section: str, minutes: int) -> tuple[str, ...]:
    """What an image shows: the site, the title, and the section with the reading time."""
    meta = " · ".join(part for part in (section, f"{minutes} min read") if part)
    return plain(site), plain(record.title), meta


def file_name(docname: str, text: tuple[str, ...]) -> str:
    digest = hashlib.sha256(repr((DESIGN, text)).encode("utf-8")).hexdigest()[:12]
    return f"{docname.replace('/', '-')}-{digest}.png"


@lru_cache(maxsize=None)
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def draw(text: tuple[str, ...]) -> bytes:
    """The PNG: a four-colour image, so it is small and quick to write."""
    from PIL import Image, ImageDraw

    site, title, meta = text
    image = Image.new("P", SIZE, 0)
    image.putpalette(_PALETTE)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, SIZE[0], 14), fill=3)
    canvas.text((80, 70), site, font=_font(34), fill=2)
    lines = textwrap.wrap(title, width=30, max_lines=4, placeholder=" …") or [title]
    canvas.multiline_text((80, 170), "\n".join(lines), font=_font(64), fill=1, spacing=18)
    canvas.text((80, 520), meta, font=_font(36), fill=2)
    out = io.BytesIO()
    image.save(out, "PNG", bits=2, compress_level=6)
    return out.getvalue()


def draw_to(text: tuple[str, ...], target: str) -> None:
    """Draw an image into ``target`` (written whole, then moved into place)."""
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(draw(text))
    partial.replace(path)


class Painter:
    """Draws the build's images: in one worker process when pages are written in this
    one, else (parallel writers, or no ``fork``) right away."""

    def __init__(self, serial: bool) -> None:
        self.pool: ProcessPoolExecutor | None = None
        if serial and "fork" in multiprocessing.get_all_start_methods() and hasattr(os, "fork"):
            self.pool = ProcessPoolExecutor(max_workers=1,
                                            mp_context=multiprocessing.get_context("fork"))
        self.pending: list[Future] = []

    def draw(self, text: tuple[str, ...], target: Path) -> None:
        if self.pool is None:
            draw_to(text, str(target))
        else:
            self.pending.append(self.pool.submit(draw_to, text, str(target)))

    def finish(self) -> None:
        """Wait for every image; a failed drawing fails here, in the build's process."""
        try:
            for future in self.pending:
                future.result()
        finally:
            if self.pool is not None:
                self.pool.shutdown()


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
    text = _texts(app).get(pagename)
    if text is None:
        return
    name = file_name(pagename, text)
    target = Path(app.outdir) / FOLDER / name
    if not target.is_file():
        painter = runtime(app).once("painter", lambda: Painter(app.parallel <= 1))
        painter.draw(text, target)
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
    painter = runtime(app).memo.pop("painter", None)
    if painter is not None:
        painter.finish()
    if exception is not None or not enabled(app):
        return
    folder = Path(app.outdir) / FOLDER
    if not folder.is_dir():
        return
    keep = {file_name(docname, text) for docname, text in _texts(app).items()}
    for path in folder.iterdir():
        if path.name not in keep:
            path.unlink()
