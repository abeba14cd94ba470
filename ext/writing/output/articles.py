"""A post's article for full-text feeds, taken from the page Sphinx wrote for it.

Every post page marks where its article begins and ends (``render/postpage.py``), and
where the extension's own header sits inside it. A feed takes the article from the page
itself — title and header dropped, every link made absolute — so it always shows what the
page shows, with nothing kept beside it that could go stale.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ARTICLE = ("<!-- writing:article -->", "<!-- /writing:article -->")
HEADER = ("<!-- writing:header -->", "<!-- /writing:header -->")
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


def mark(body: str, header: str) -> str:
    """A post's page body with its article and header marked, the header after the title."""
    marked_header = HEADER[0] + header + HEADER[1]
    end = body.find("</h1>")
    if end < 0:
        inner = marked_header + body
    else:
        end += len("</h1>")
        inner = body[:end] + "\n" + marked_header + body[end:]
    return ARTICLE[0] + inner + ARTICLE[1]


def extract(page: str) -> str | None:
    """The article marked in a written page: no title, no header; ``None`` if unmarked."""
    start = page.find(ARTICLE[0])
    end = page.find(ARTICLE[1], start)
    if start < 0 or end < 0:
        return None
    article = page[start + len(ARTICLE[0]):end]
    head, tail = article.find(HEADER[0]), article.find(HEADER[1])
    if 0 <= head < tail:
        article = article[:head] + article[tail + len(HEADER[1]):]
    return _TITLE.sub("", article, count=1)


def page_path(app: Sphinx, docname: str) -> Path:
    return Path(app.builder.get_outfilename(docname))


def stamp(app: Sphinx, docname: str) -> tuple[int, int] | None:
    """The written page's size and time: a page is only ever rewritten by a later build."""
    try:
        st = os.stat(page_path(app, docname))
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def article(app: Sphinx, docname: str, base: str) -> str | None:
    """The post's article, its links absolute against the site's ``base`` URL."""
    def make() -> str | None:
        try:
            page = page_path(app, docname).read_text(encoding="utf-8")
        except OSError:
            return None
        found = extract(page)
        url = urljoin(base, app.builder.get_target_uri(docname))
        return absolutize(found, url) if found is not None else None
    return runtime(app).once(f"article:{docname}", make)
