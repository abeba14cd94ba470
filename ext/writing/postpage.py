"""A post's page: the meta line under its title and the context its template shows."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from docutils import nodes

from writing.cards import card
from writing.jsonld import blog_posting, script_json
from writing.postindex import post_index

if TYPE_CHECKING:
    from sphinx.application import Sphinx

META_CLASS = "writing-post-meta"


def meta_line_html(post: dict) -> str:
    """``March 15, 2024 · 9 min read · Architecture``, with ``Updated`` and ``Draft`` marks."""
    parts = []
    if post["iso"]:
        parts.append(f'<time datetime="{escape(post["iso"])}">{escape(post["date"])}</time>')
    else:
        parts.append('<span class="writing-undated">Undated</span>')
    parts.append(f'<span class="writing-minutes">{int(post["minutes"])} min read</span>')
    if post["section"]:
        parts.append(f'<a class="writing-section-link" href="{escape(post["section_href"])}">'
                     f'{escape(post["section"])}</a>')
    if post["updated"]:
        parts.append(f'<span class="writing-updated">Updated <time datetime="'
                     f'{escape(post["updated_iso"])}">{escape(post["updated"])}</time></span>')
    if post["draft"]:
        parts.append('<span class="writing-badge">Draft</span>')
    return f'<p class="{META_CLASS}">' + ' <span aria-hidden="true">·</span> '.join(parts) + "</p>\n"


def insert_meta_line(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: put the meta line right under a post's title."""
    record = app.env.writing_posts.get(docname)
    if record is None or app.builder.format != "html":
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return
    html = meta_line_html(card(app, record, docname))
    section.insert(1, nodes.raw("", html, format="html"))


def add_post_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: everything a post's template shows, under ``writing_`` keys."""
    record = app.env.writing_posts.get(pagename)
    if record is None:
        return
    index = post_index(app)  # the visible posts, ordered once per build
    older, newer = index.section_neighbours(record)
    backlinks = app.env.writing_backlinks.get(pagename, [])
    by_name = index.by_name
    context["writing_post"] = card(app, record, pagename)
    context["writing_related"] = [card(app, r, pagename) for r in index.related(record)]
    context["writing_older"] = card(app, older, pagename) if older else None
    context["writing_newer"] = card(app, newer, pagename) if newer else None
    context["writing_backlinks"] = [card(app, by_name[d], pagename) for d in backlinks if d in by_name]
    post = context["writing_post"]
    context["writing_jsonld"] = script_json(blog_posting(
        title=record.title,
        url=urljoin(app.config.html_baseurl, app.builder.get_target_uri(pagename)),
        summary=record.summary,
        author=app.config.writing_author,
        published=record.date,
        modified=record.modified,
        words=record.counts.prose_words,
        minutes=post["minutes"],
        section=post["section"],
        tags=record.tags,
        site_name=app.config.blog_title,
    ))
