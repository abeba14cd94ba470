"""JSON-LD ``BlogPosting`` for a post: pure functions, safe inside a ``<script>`` tag."""

from __future__ import annotations

import json

from writing.dates import iso_date

# Characters that could end the <script> element or open a comment inside it.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def blog_posting(*, title: str, url: str, summary: str, author: str, published, modified,
                 words: int, minutes: int, section: str, tags, site_name: str) -> dict:
    """The schema.org object describing one post."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title,
        "description": summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Person", "name": author},
        "isPartOf": {"@type": "Blog", "name": site_name},
        "wordCount": int(words),
        "timeRequired": f"PT{int(minutes)}M",
        "articleSection": section,
        "keywords": ", ".join(tags),
    }
    if published is not None:
        data["datePublished"] = iso_date(published)
    if modified is not None:
        data["dateModified"] = iso_date(modified)
    return data


def script_json(data: dict) -> str:
    """JSON that cannot break out of ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escaped in _SCRIPT_SAFE:  # str.replace: translate() is slow on non-ASCII text
        if char in text:
            text = text.replace(char, escaped)
    return text
