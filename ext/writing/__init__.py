"""A Sphinx extension for ABlog blogs: reading time, sections, cards, feeds and pages.

The flow of a build, by folder:

- ``read/``: before reading, keep drafts out (``scan.py``); while reading, validate each
  post's metadata (``validation.py``), count reading time, draw figures;
- ``index/``: collect each document's data (``collector.py``, the only writer of the
  environment's ``writing_state``) and order the visible posts (``posts.py``);
- ``render/``: post pages, the home listing, ABlog's generated pages, every page's context;
- ``output/``: feeds, the sitemap, ``robots.txt``;
- ``incremental/``: which pages to write again, the cache folder and its epoch.

Upstream names that are not documented API are used only in ``_compat.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from writing import _compat
from writing.config import setup_config
from writing.incremental.cache import BuildCache
from writing.incremental.epoch import ENV_VERSION, cache_epoch, code_epoch
from writing.incremental.outdated import outdated_pages, record_shown
from writing.index.collector import listing
from writing.index.slugs import check_collisions
from writing.index.state import open_state
from writing.readingtime import add_minutes, setup_collector
from writing.output import feeds, robots, sitemap
from writing.read import figures
from writing.read.scan import FactsCache, exclusion_patterns, scan_sources
from writing.read.validation import CheckedPost, CheckedUpdate, RestoreDocinfo, ValidatePost
from writing.render import context, generated, home, notfound, postpage, socialcards
from writing.runtime import runtime, start
from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

__version__ = "2.0.0"
HERE = Path(__file__).resolve().parent


def _start_build(app: Sphinx, config: Config) -> None:
    """``config-inited`` (after ABlog's and Sphinx's): open the cache, keep drafts out,
    find the extension's templates and static files."""
    rt = start(app)
    rt.code_epoch = code_epoch(app)
    rt.cache = BuildCache(app.doctreedir, cache_epoch(app, rt.code_epoch))
    rt.scan = scan_sources(app.srcdir, config, set(getattr(config, "matched_blog_posts", ())),
                           rt.cutoff, config.writing_show_drafts, rt.cache)
    config.exclude_patterns = [*config.exclude_patterns,
                               *exclusion_patterns(rt.scan.excluded)]
    for problem in rt.scan.problems:
        warn(problem.subtype, problem.message, f"{Path(app.srcdir, problem.path)}:{problem.line}")
    config.templates_path = [*config.templates_path, _from_confdir(app, HERE / "templates")]
    if hasattr(config, "html_static_path"):
        config.html_static_path = [*config.html_static_path, _from_confdir(app, HERE / "static")]
    _compat.check(app, "ablog", "reading ABlog's records of posts")
    _compat.set_ablog_cutoff(app, rt.cutoff)
    if not _compat.disconnect_ablog_pages(app):
        warn(WritingWarning.COMPAT, "ABlog's page and feed generators were not found: "
             "ABlog's pages are written by ABlog, without the extension's cards and feeds")
    _compat.plain_sitemap_queue(app)
    _compat.tag_serial_read_warning(app)


def _from_confdir(app: Sphinx, path: Path) -> str:
    """``path`` relative to the configuration's folder, as settings are usually written
    (and so the same for two copies of a project: build info stays reproducible)."""
    try:
        return os.path.relpath(path, app.confdir)
    except ValueError:  # another drive
        return str(path)


def _open_environment(app: Sphinx) -> None:
    """``builder-inited``: drop state and caches made by other code, or for another
    environment (``-E``, a deleted or incompatible environment)."""
    _compat.reset_ablog(app)
    rt = runtime(app)
    env = app.env
    had_documents = bool(env.all_docs)
    if open_state(env, rt.code_epoch or code_epoch(app)):
        rt.reread_all = had_documents
        if rt.cache is not None:
            rt.cache.clear()
    if rt.cache is not None:
        _compat.keep_compiled_templates(app, str(rt.cache.folder("templates")))


def _reread(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """``env-get-outdated``: every document, when the stored data was made by other code."""
    return sorted(env.found_docs) if runtime(app).reread_all else []


def _forget(app: Sphinx, *args) -> None:
    """Posts are about to change, or have: what was derived from them is stale."""
    runtime(app).forget()


def _finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: keep what was learnt about the sources for the next build."""
    rt = runtime(app)
    if exception is None and rt.cache is not None and rt.scan is not None:
        FactsCache(rt.cache).save_entries(rt.scan.cache_entries)


def _tidy_search_index(app: Sphinx):
    """``html-collect-pages`` (last): no empty terms in an incremental search index."""
    _compat.drop_empty_search_terms(app)
    yield from ()


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    setup_config(app)
    app.add_css_file("writing-base.css")
    app.add_js_file("writing-base.js", loading_method="defer")

    # read
    # after ABlog's (which finds posts by pattern) and Sphinx's own (at 800: every
    # extension's source suffixes merged, a string suffix made a mapping)
    app.connect("config-inited", _start_build, priority=900)
    app.connect("builder-inited", _open_environment)
    app.connect("builder-inited", _compat.check_ablog_templates)
    app.connect("env-get-outdated", _reread)
    app.connect("env-before-read-docs", _forget)
    app.add_transform(ValidatePost)
    app.add_directive("post", CheckedPost, override=True)  # ABlog's, with its date checked
    app.add_directive("update", CheckedUpdate, override=True)
    app.add_transform(RestoreDocinfo)
    figures.setup(app)
    app.add_directive("writing-sections", home.SectionsDirective)
    app.add_directive("writing-feeds", home.FeedsDirective)
    app.add_node(listing)

    # index
    setup_collector(app)
    app.connect("env-updated", _forget)
    app.connect("env-updated", _compat.register_ablog_posts)
    app.connect("env-check-consistency", check_collisions)

    # incremental
    app.connect("env-get-updated", outdated_pages)

    # render
    app.connect("doctree-resolved", home.fill_listings)
    app.connect("html-page-context", postpage.post_context, priority=400)
    app.connect("write-started", socialcards.draw_missing)
    app.connect("html-page-context", socialcards.add_image, priority=420)
    app.connect("html-page-context", context.site_context, priority=450)
    app.connect("html-page-context", notfound.not_found_context, priority=460)
    app.connect("html-page-context", add_minutes)
    app.connect("html-page-context", context.tidy_metatags, priority=900)
    app.connect("html-collect-pages", generated.collect_pages)
    app.connect("missing-reference", generated.not_built_reference, priority=400)

    # output
    app.connect("html-collect-pages", feeds.write_feeds, priority=600)
    app.connect("html-collect-pages", _tidy_search_index, priority=900)
    app.connect("build-finished", sitemap.complete_sitemap, priority=400)
    app.connect("build-finished", robots.write_robots)
    app.connect("build-finished", socialcards.remove_stale)
    app.connect("build-finished", record_shown)
    app.connect("build-finished", _finish)

    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
