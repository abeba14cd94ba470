"""A post's page: a header under its title, one block of further reading at its end.

Both are rendered from templates (``writing/post-header.html``, ``writing/post-footer.html``)
into the page body when the page is written, so they show in any theme, but are not part
of the document: the search index gets the article alone, and so do the feeds, which take
it from the written page by its marks (``output/articles.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from writing.index import post_backlinks, post_index
from writing.index.state import state
from writing.output import articles
from writing.render.cards import card
from writing.render.generated import feed_base
from writing.render.jsonld import blog_posting
from writing.render.meta import plain, script_json
from writing.render.templates import render

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def further_reading(app: Sphinx, docname: str) -> list[dict]:
    """The posts that refer to this one, then its related posts, each once."""
    index = post_index(app)
    incoming = post_backlinks(app).get(docname, [])
    entries: list[dict] = []
    seen = set()
    for other in incoming:
        if other in index and other not in seen:
            seen.add(other)
            entries.append({**card(app, index.shown[other].record, docname), "links_here": True})
    for record in index.related(docname, app.config.writing_related_posts):
        if record.docname not in seen:
            seen.add(record.docname)
            entries.append({**card(app, record, docname), "links_here": False})
    return entries


def post_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                 doctree) -> None:
    """``html-page-context``: a visible post's header, end block and metadata."""
    index = post_index(app)
    if pagename not in index or "body" not in context:
        return
    record = index.shown[pagename].record
    post = card(app, record, pagename)
    older, newer = index.section_neighbours(pagename)
    header = render(app, "writing/post-header.html", {"post": post})
    footer = render(app, "writing/post-footer.html", {
        "post": post, "more": further_reading(app, pagename),
        "older": card(app, older, pagename) if older else None,
        "newer": card(app, newer, pagename) if newer else None,
    })
    context["body"] = articles.mark(context["body"], header) + footer  # feeds take the article
    context["writing_post"] = post
    context["writing_description"] = record.summary
    base = feed_base(app)  # ABlog's blog_baseurl, else html_baseurl
    counts = state(app.env).counts.get(pagename)
    context["writing_jsonld"] = script_json(blog_posting(
        title=plain(record.title),
        url=urljoin(base, app.builder.get_target_uri(pagename)) if base else "",
        summary=plain(record.summary),
        authors=post["authors"],
        publisher=app.config.author or "",
        published=record.date,
        modified=record.modified,
        words=counts.prose_words if counts else 0,
        minutes=post["minutes"],
        section=post["section"],
        tags=[t["label"] for t in post["tags"]],
        site_name=app.config.blog_title or app.config.project,
    ))
