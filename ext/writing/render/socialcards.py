"""A preview image for each post, for links shared on social sites (``og:image``).

A 1200×630 PNG with the post's title, section and reading time, drawn with Pillow's
bundled font (the same bytes on every machine). Its file name carries a digest of what
it shows, so an image is drawn only when that changes, and a social site's copy is never
stale. Images of posts that no longer show them are removed at the end of the build.
Drawn only when sphinxext-opengraph is loaded (it writes the page's sharing tags).
"""

from __future__ import annotations

import hashlib
import io
import textwrap
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


def draw(text: tuple[str, ...]) -> bytes:
    """The PNG: a four-colour image, so it is small and quick to write."""
    from PIL import Image, ImageDraw, ImageFont

    site, title, meta = text
    image = Image.new("P", SIZE, 0)
    image.putpalette(_PALETTE)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, SIZE[0], 14), fill=3)
    canvas.text((80, 70), site, font=ImageFont.load_default(size=34), fill=2)
    big = ImageFont.load_default(size=64)
    lines = textwrap.wrap(title, width=30, max_lines=4, placeholder=" …") or [title]
    canvas.multiline_text((80, 170), "\n".join(lines), font=big, fill=1, spacing=18)
    canvas.text((80, 520), meta, font=ImageFont.load_default(size=36), fill=2)
    out = io.BytesIO()
    image.save(out, "PNG", bits=2, compress_level=6)
    return out.getvalue()


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
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(draw(text))
    meta = dict(context.get("meta") or {})
    meta.setdefault("og:image", urljoin(app.config.html_baseurl, f"{FOLDER}/{name}"))
    meta.setdefault("og:image:width", str(SIZE[0]))
    meta.setdefault("og:image:height", str(SIZE[1]))
    meta.setdefault("og:image:alt", context["writing_post"]["title"])
    context["meta"] = meta
    context["metatags"] = context.get("metatags", "") + \
        '<meta name="twitter:card" content="summary_large_image">\n'


def remove_stale(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: no image of a post that is gone or shows something else now."""
    if exception is not None or not enabled(app):
        return
    folder = Path(app.outdir) / FOLDER
    if not folder.is_dir():
        return
    keep = {file_name(docname, text) for docname, text in _texts(app).items()}
    for path in folder.iterdir():
        if path.name not in keep:
            path.unlink()
