"""What every page's template gets: navigation, feeds, description, reading time.

Also the head of every page: feed links, the meta description and a post's JSON-LD are
added to Sphinx's ``metatags`` (which every theme prints), so no theme template is needed.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from writing import _compat
from writing.index import post_index
from writing.output.feeds import page_feeds
from writing.render.links import links
from writing.render.meta import escape_raw_content, feed_link, meta_tag, plain
from writing.render.notfound import is_not_found_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _item(title: str, href: str, current: bool) -> dict:
    return {"title": title, "href": href, "current": current}


def site_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                 doctree) -> None:
    """``html-page-context`` (after the post's own handler, before sphinxext-opengraph)."""
    config = app.config
    index = post_index(app)
    link = links(app)
    if is_not_found_page(app, pagename) and context.get("pathto"):
        # served at any depth: sphinx-notfound-page's absolute links
        pathto = context["pathto"]

        def href(doc: str) -> str:
            return pathto(doc)

        def file_href(path: str) -> str:
            return pathto(path, resource=True)
    else:
        def href(doc: str) -> str:
            return link.doc(pagename, doc) or "#"

        def file_href(path: str) -> str:
            return link.path(pagename, path) or "#"

    section = index.section_of(pagename)
    context["writing_nav"] = [
        _item(s.name, href(s.docname), s.docname == pagename or s is section)
        for s in index.sections]
    archive = f"{config.blog_path}/archive"
    browse = [_item("Home", href(config.root_doc), pagename == config.root_doc),
              _item("All posts", href(archive), pagename == archive)]
    if any(r.tags for r in index.timeline):
        tags = f"{config.blog_path}/tag"
        browse.append(_item("Tags", href(tags), pagename == tags))
    titles = app.env.titles
    for doc in app.env.toctree_includes.get(config.root_doc, ()):
        if doc in titles:
            browse.append(_item(titles[doc].astext(), href(doc), pagename == doc))
    context["writing_browse"] = browse
    feeds = page_feeds(app, pagename, context.get("writing_page_feed", ""),
                       context.get("title", ""))
    context["writing_feeds"] = [{**f, "href": file_href(f["path"])} for f in feeds]
    _compat.keep_ablog_feed_link_out(app, context)
    if pagename == config.root_doc and config.writing_tagline:
        context.setdefault("writing_description", config.writing_tagline)
    _share(context)
    if config.writing_hide_prev_next:
        context["next"] = context["prev"] = None
    head = [feed_link(f["title"], f["href"]) for f in context["writing_feeds"]]
    if context.get("writing_description"):
        head.append(meta_tag("description", context["writing_description"]))
    if context.get("writing_jsonld"):
        head.append(f'<script type="application/ld+json">{context["writing_jsonld"]}</script>\n')
    context["metatags"] = context.get("metatags", "") + "".join(head)


def _share(context: dict) -> None:
    """Titles and descriptions for sharing (sphinxext-opengraph reads the page's ``meta``):
    the page's own text, escaped once, instead of its first paragraph cut short."""
    meta = dict(context.get("meta") or {})
    if context.get("writing_description"):
        meta.setdefault("og:description", escape(plain(context["writing_description"]),
                                                 quote=False))
    post = context.get("writing_post")
    if post:
        meta.setdefault("og:title", escape(plain(post["title"]), quote=False))
    context["meta"] = meta


# docutils (0.22) puts a viewport tag in a document's meta tags, and Sphinx passes it on in
# ``metatags``, while every theme built on Sphinx's basic layout has its own.
_DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*" />\n?')


def tidy_metatags(app: Sphinx, pagename: str, templatename: str, context: dict,
                  doctree) -> None:
    """``html-page-context`` (last): one viewport tag, and nothing left raw in the head."""
    if context.get("metatags"):
        context["metatags"] = escape_raw_content(_DOCUTILS_VIEWPORT.sub("", context["metatags"]))
