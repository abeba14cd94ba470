"""What a page says about itself in its ``<head>``: escaped once, never stripped."""

from __future__ import annotations

import json
import re
from html import escape

from writing.index.collector import XML_INVALID, plain  # noqa: F401 (plain: for pages)

# Characters that could end the <script> element or open a comment inside it.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: dict) -> str:
    """JSON that cannot break out of ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escaped in _SCRIPT_SAFE:
        text = text.replace(char, escaped)
    return text


def meta_tag(name: str, content: str) -> str:
    return f'<meta name="{escape(name)}" content="{escape(plain(content))}">\n'


def feed_link(title: str, href: str) -> str:
    return (f'<link rel="alternate" type="application/atom+xml" title="{escape(plain(title))}"'
            f' href="{escape(href)}">\n')


# A ``&`` that does not start a character reference; ``<``, ``>`` anywhere.
_RAW = re.compile(r"&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)|[<>]")
_CONTENT = re.compile(r'(<meta\b[^>]*?\bcontent=")([^"]*)(")')


def escape_raw_content(metatags: str) -> str:
    """Escape what other extensions leave raw in ``content`` attributes (a ``<`` or a bare
    ``&`` from a page's text), leaving character references as they are: every value is
    decoded once, by the browser."""
    def fix(match: re.Match) -> str:
        value = _RAW.sub(lambda m: {"&": "&amp;", "<": "&lt;", ">": "&gt;"}[m.group()],
                         match.group(2))
        return match.group(1) + XML_INVALID.sub("", value) + match.group(3)
    return _CONTENT.sub(fix, metatags)
