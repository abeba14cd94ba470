"""The site's own Sphinx extension: reading time, sections, listings and post pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ablog.blog import Blog, slugify

from writing import (
    ablogstate, archive, cards, collector, drafts, feeds, figures, home, pagecache, postindex,
    postpage, readingtime_ext, robots, searchindex, site, sitemap, slugs, templatecache,
    updatenotes, updates,
)
from writing.collector import PostCollector
from writing.sections import parse_sections
from writing.validation import ValidatePost
from writing.warnings_ import WritingWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0.0"


def _load_sections(app: Sphinx, config: Config) -> None:
    sections, problems = parse_sections(config.writing_sections)
    for problem in problems:
        warn(WritingWarning.CONFIG, f"{problem} (in conf.py writing_sections)")
    for section in sections:
        if slugify(section.name) != section.slug:
            warn(WritingWarning.CONFIG,
                 f"section {section.name!r} has slug {section.slug!r}, but its category page "
                 f"is blog/category/{slugify(section.name)}; set slug to "
                 f"{slugify(section.name)!r} (in conf.py writing_sections)")
    app.writing_sections = sections


def _reset_ablog(app: Sphinx) -> None:
    """ABlog keeps its Blog as process-wide shared state; start each build afresh."""
    Blog._dict.clear()


def _init_env(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for attr, factory in (("writing_posts", dict), ("writing_listing_docs", set),
                          ("writing_backlinks", dict), ("writing_record_digests", dict),
                          ("writing_listing_digests", dict)):
        if not hasattr(env, attr):
            setattr(env, attr, factory())


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("ablog")
    app.setup_extension("writing.readingtime_ext")  # before PostCollector, which reads its counts
    readingtime_ext.also_collect(app, *collector.WANTED)  # and the elements it needs
    app.add_config_value("writing_sections", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("writing_tagline", "", "env", types=frozenset({str}))
    app.add_config_value("writing_tags", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("writing_author", "", "html", types=frozenset({str}))
    app.add_config_value("writing_feed_length", 30, "html", types=frozenset({int}))
    app.add_config_value("writing_show_drafts", False, "env", types=frozenset({bool}))

    app.connect("config-inited", _load_sections)
    app.connect("config-inited", drafts.exclude_drafts)
    app.connect("env-before-read-docs", _init_env)
    app.connect("builder-inited", _reset_ablog)
    app.connect("builder-inited", templatecache.use_bytecode_cache)
    app.connect("doctree-read", ablogstate.slim_post_info, priority=ablogstate.PRIORITY)
    app.connect("env-purge-doc", ablogstate.purge_digest)
    app.connect("env-merge-info", ablogstate.merge_digests)
    app.connect("builder-inited", postindex.forget_index)
    app.connect("builder-inited", cards.forget)
    app.connect("builder-inited", pagecache.forget_shared)
    app.connect("env-updated", pagecache.forget_shared)
    app.connect("env-before-read-docs", postindex.forget_index)
    app.connect("env-updated", postindex.index_ready)
    app.connect("builder-inited", lambda app: _init_env(app, app.env, []))
    app.add_transform(ValidatePost)
    app.connect("doctree-read", updatenotes.retitle_update_notes, priority=600)  # after ABlog
    app.add_env_collector(PostCollector)
    app.connect("env-get-updated", updates.outdated_listings)
    app.connect("env-get-updated", feeds.posts_to_convert)
    app.connect("env-check-consistency", slugs.check_duplicate_slugs)

    app.add_directive("writing-sections", home.SectionsDirective)
    app.add_node(home.section_cards)
    app.connect("doctree-resolved", home.fill_section_cards)
    app.add_directive("writing-figure", figures.FigureDirective)

    app.connect("doctree-resolved", postpage.insert_meta_line)
    app.connect("html-page-context", postpage.add_post_context)
    app.connect("html-page-context", site.add_site_context)
    app.connect("html-page-context", site.escape_metatags, priority=900)
    app.connect("html-page-context", feeds.keep_body)

    archive.replace_ablog_handlers(app)
    app.connect("html-collect-pages", archive.archive_pages)
    app.connect("html-collect-pages", feeds.write_feeds)
    app.connect("html-collect-pages", searchindex.drop_empty_terms)
    sitemap.replace_link_queue(app)
    app.connect("build-finished", sitemap.complete_sitemap, priority=400)
    app.connect("build-finished", robots.write_robots)

    return {
        "version": __version__,
        "env_version": 5,  # 5: digests of ABlog's posts and of the records
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
