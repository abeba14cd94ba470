"""Write ABlog's pages (``pages.py``) through the theme, only when what they show changed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from writing import _compat
from writing.config import ablog_names, tag_labels
from writing.index import post_index
from writing.incremental.inputs import posts_digest, shared_digest
from writing.incremental.ledger import Ledger
from writing.incremental.outdated import listing_digest, uses_ablog_sidebars
from writing.render.cards import card, shown, shown_digest
from writing.render.links import links
from writing.render.pages import Page, SiteNames, generated_pages, listed, with_cards
from writing.render.templates import render
from writing.runtime import runtime
from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

LEDGER = "pages.json"


def html_pages_supported(app: Sphinx) -> bool:
    """HTML pages, but not the JSON and pickle builders (ABlog's rule)."""
    return app.builder.format == "html" and app.builder.name not in ("json", "pickle")


def feed_base(app: Sphinx) -> str:
    """The absolute URL feeds are made under (ABlog's ``blog_baseurl``, else
    ``html_baseurl``), ending in ``/``; empty when neither is set."""
    base = app.config.blog_baseurl or app.config.html_baseurl or ""
    return base if not base or base.endswith("/") else base + "/"


def site_names(app: Sphinx) -> SiteNames:
    config = app.config
    names = {catalog: {label: name for label, (name, _) in ablog_names(mapping).items()}
             for catalog, mapping in (("author", config.blog_authors),
                                      ("location", config.blog_locations),
                                      ("language", config.blog_languages))}
    roots = list(config.blog_feed_templates or {"atom": {}})
    return SiteNames(blog_path=config.blog_path, names=names, tag_labels=tag_labels(config),
                     feeds=bool(config.blog_feed_archives and feed_base(app)),
                     feed_root=roots[0] if roots else "atom",
                     redirect_refresh=_seconds(config.post_redirect_refresh))


def _seconds(value: object) -> int:
    """ABlog's ``post_redirect_refresh``, as whole seconds (0 when it is not a number)."""
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def all_pages(app: Sphinx) -> list[Page]:
    """Every generated page of this build, as view models; made once."""
    def make() -> list[Page]:
        index = post_index(app)
        link = links(app)
        drafts = [r for r in index.timeline if index.shown[r.docname].draft]
        return generated_pages(index, site_names(app), lambda r: shown(app, r)["minutes"],
                               lambda r, page: brief(app, r, page),
                               link.doc, lambda page, path: link.path(page, path),
                               set(app.env.found_docs),
                               app.config.writing_show_drafts, drafts)
    return runtime(app).once("pages", make)


_BRIEF = ("title", "date", "iso", "section", "draft")


def brief(app: Sphinx, record, page: str) -> dict:
    """A post as the archive lists it: its title, date and section, and its link (its
    ``external_link``, when it has one, as on its card)."""
    static = shown(app, record)
    return {**{k: static[k] for k in _BRIEF},
            "href": static["external_link"] or links(app).doc(page, record.docname)}


def whole_digest(app: Sphinx) -> str:
    """A digest of every input of every generated page: the shared inputs, each post's
    record and reading counts, and what this build publishes."""
    def make() -> str:
        return hashlib.sha256(repr((
            shared_digest(app), posts_digest(app), sorted(app.env.found_docs),
        )).encode("utf-8")).hexdigest()
    return runtime(app).once("whole", make)


def sidebar_digest(app: Sphinx) -> str:
    """What ABlog's sidebars show on every page (recent posts, archives, tags...), when the
    theme has them; else nothing."""
    return runtime(app).once("sidebars", lambda: listing_digest(app)
                             if uses_ablog_sidebars(app) else "")


def page_key(app: Sphinx, page: Page) -> str:
    """Everything the page is made from: its model, what its cards show, and ABlog's
    sidebars around it."""
    index = post_index(app)
    posts = [shown_digest(app, index.shown[d].record) for d in listed(page.model)]
    return hashlib.sha256(repr((shared_digest(app), sidebar_digest(app), page.name,
                                page.template, page.title, page.description, page.feed,
                                page.model, posts)).encode("utf-8")).hexdigest()


def render_page(app: Sphinx, page: Page) -> tuple[str, dict, str]:
    """The page as Sphinx writes it: the fragment rendered into the theme's ``page.html``."""
    if page.redirect:
        return page.name, {"title": page.title, "writing_redirect": page.model}, \
            "writing/redirect.html"
    index = post_index(app)
    model = with_cards(page.model, lambda d: card(app, index.shown[d].record, page.name))
    body = render(app, page.template, {"page": model})
    context = {"title": page.title, "body": body, "parents": [], "writing_generated": True,
               "writing_description": page.description, "writing_page_feed": page.feed,
               "display_toc": False}
    return page.name, context, "page.html"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """``html-collect-pages``: yield the generated pages whose content changed."""
    if not html_pages_supported(app):
        return
    rt = runtime(app)
    ledger = Ledger(rt.cache, LEDGER)
    whole = whole_digest(app)

    def path_of(name: str) -> Path:
        return Path(app.builder.get_outfilename(name))

    if ledger.all_fresh(whole, path_of):
        rt.memo["kept_pages"] = sorted(ledger.current)
        ledger.save(whole)
        return
    kept = []
    for page in all_pages(app):
        key = page_key(app, page)
        if ledger.fresh(page.name, key, path_of(page.name)):
            kept.append(page.name)
            continue
        yield render_page(app, page)  # Sphinx writes it before asking for the next
        ledger.written(page.name, key, path_of(page.name))
    rt.memo["kept_pages"] = kept
    ledger.save(whole)


def not_built_reference(app: Sphinx, env: BuildEnvironment, node: nodes.Element,
                        contnode: nodes.Element) -> nodes.Element | None:
    """``missing-reference``, before ABlog's handler: ABlog links its references
    (``blog-drafts``, ``tag-x``...) to its pages whether or not they are made. One to a
    page this build does not make (the drafts page, when drafts are not shown) is a
    warning and plain text, not a link to a missing page."""
    target = node.get("reftarget", "")
    page = _compat.ablog_reference_page(app, target)
    if page is None or not html_pages_supported(app) or page.endswith(".xml") \
            or page in env.all_docs or page in {p.name for p in all_pages(app)}:
        return None
    hint = (" (the drafts page is made only when drafts are shown: writing_show_drafts)"
            if page == f"{app.config.blog_path}/drafts" else "")
    warn(WritingWarning.PAGE_NOT_BUILT,
         f"{target!r} refers to ABlog's page {page!r}, which this build does not make"
         f"{hint}; it is shown as plain text", location=node)
    return contnode
