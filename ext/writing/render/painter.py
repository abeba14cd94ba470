"""Draw preview images: run as a program beside a build, or called in-process.

As a program (``python painter.py JOBS``) it reads a JSON list of jobs from the file
``JOBS`` — ``{"text": [site, title, meta], "target": path}`` each — and draws each image
into its file; it imports nothing but Pillow, so it starts quickly, and runs as a process of
its own (never a fork of the build, which may hold locks). ``draw`` is the drawing itself.
"""

from __future__ import annotations

import io
import json
import sys
import textwrap
from functools import lru_cache
from pathlib import Path

SIZE = (1200, 630)
_PALETTE = [250, 250, 248,  # background
            24, 26, 33,  # title
            96, 99, 110,  # small print
            41, 98, 255]  # accent


@lru_cache(maxsize=None)
def _font(size: int):
    from PIL import ImageFont

    return ImageFont.load_default(size=size)  # Pillow's own font: the same on every machine


def draw(text: tuple[str, str, str]) -> bytes:
    """The PNG: the site, the title (up to four lines) and the small print, four colours."""
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


def draw_to(text: tuple[str, str, str], target: str) -> None:
    """Draw into ``target``, written whole and then moved into place."""
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(draw(text))
    partial.replace(path)


def main(jobs: str) -> int:
    for job in json.loads(Path(jobs).read_text(encoding="utf-8")):
        draw_to(tuple(job["text"]), job["target"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
