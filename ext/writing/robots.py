"""``robots.txt`` at the site root, pointing crawlers at the absolute sitemap URL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def robots_txt(base_url: str, sitemap: str = "sitemap.xml") -> str:
    """Allow everything; name the sitemap (crawlers need it absolute)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urljoin(base_url, sitemap)}\n"


def write_robots(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write robots.txt for HTML builds."""
    if exception is None and app.builder.format == "html" and app.config.html_baseurl:
        target = Path(app.outdir) / "robots.txt"
        text = robots_txt(app.config.html_baseurl, app.config.sitemap_filename)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
