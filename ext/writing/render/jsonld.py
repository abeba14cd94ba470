"""JSON-LD ``BlogPosting`` for a post: a pure function (``meta.script_json`` writes it)."""

from __future__ import annotations

from writing.read.dates import iso_date


def blog_posting(*, title: str, url: str, summary: str, authors, published, modified,
                 words: int, minutes: int, section: str, tags, site_name: str,
                 publisher: str = "") -> dict:
    """The schema.org object describing one post: each author a person; the publisher the
    site's owner (``author`` in ``conf.py``), else the blog."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title,
        "description": summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": [{"@type": "Person", "name": name} for name in authors],
        "publisher": ({"@type": "Person", "name": publisher} if publisher
                      else {"@type": "Organization", "name": site_name}),
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
