"""``robots.txt`` at the site root, naming the absolute sitemap URL (when there is one)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def robots_txt(base_url: str, sitemap: str) -> str:
    """Allow everything; name the sitemap (crawlers need it absolute)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urljoin(base_url, sitemap)}\n"


def write_robots(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: with sphinx-sitemap and a base URL, point crawlers at it."""
    config = app.config
    if exception is not None or app.builder.format != "html" \
            or "sphinx_sitemap" not in app.extensions:
        return
    base = config.site_url or config.html_baseurl
    if not base:
        return
    target = Path(app.outdir) / "robots.txt"
    text = robots_txt(base if base.endswith("/") else base + "/", config.sitemap_filename)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
