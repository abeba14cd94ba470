"""Context every page gets: the sections sidebar, feed links, chronological post links."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from writing.cards import public_records
from writing.feeds import feed_links
from writing.relations import newest_first

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _nav_item(app: Sphinx, pagename: str, target: str, title: str) -> dict:
    return {"title": title, "href": app.builder.get_relative_uri(pagename, target),
            "current": pagename == target}


def add_site_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: values the site's templates show on every page."""
    blog = app.config.blog_path
    context["writing_nav"] = [_nav_item(app, pagename, s.docname, s.name)
                              for s in app.writing_sections]
    context["writing_browse"] = [
        _nav_item(app, pagename, app.config.root_doc, "Home"),
        _nav_item(app, pagename, blog, "All posts"),
        _nav_item(app, pagename, f"{blog}/tag", "Tags"),
    ] + ([_nav_item(app, pagename, "about", "About")] if "about" in app.env.all_docs else [])
    context["writing_feeds"] = feed_links(app, pagename)
    record = app.env.writing_posts.get(pagename)
    if record is not None:
        context.setdefault("writing_description", record.summary)
        _chronological_neighbours(app, pagename, context)


def _chronological_neighbours(app: Sphinx, pagename: str, context: dict) -> None:
    """Furo's footer links: the next older and newer post across the whole site."""
    ordered = [r.docname for r in newest_first(public_records(app))]
    if pagename not in ordered:
        return
    i = ordered.index(pagename)
    records = app.env.writing_posts

    def link(docname: str) -> dict:
        # Furo prints these titles as HTML, so they are escaped here.
        return {"link": app.builder.get_relative_uri(pagename, docname),
                "title": escape(records[docname].title)}

    context["next"] = link(ordered[i - 1]) if i > 0 else None
    context["prev"] = link(ordered[i + 1]) if i + 1 < len(ordered) else None
