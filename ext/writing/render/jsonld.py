"""JSON-LD ``BlogPosting`` for a post: a pure function (``meta.script_json`` writes it)."""

from __future__ import annotations

from writing.read.dates import iso_date


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
