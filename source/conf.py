"""Sphinx configuration for the Writing site."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlparse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "ext"))

# -- Project -------------------------------------------------------------------

project = "Writing"
author = "Abdullah"
copyright = "2023–2024, Abdullah"
language = "en"

extensions = [
    "myst_parser",
    "ablog",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "writing",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_figures", "_listings", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
nitpicky = True

# -- Where the site lives ------------------------------------------------------
# Read the Docs sets READTHEDOCS_CANONICAL_URL; local builds use the dev server's URL.
_base = os.environ.get("READTHEDOCS_CANONICAL_URL") or "http://127.0.0.1:8000/"
site_url = _base if _base.endswith("/") else _base + "/"
html_baseurl = site_url

# -- Sections -------------------------------------------------------------------
# The one place that declares the site's sections; the list order is the page order.
writing_sections = [
    {
        "name": "Architecture",
        "slug": "architecture",
        "description": "System design decisions, trade-off analysis, and architectural "
        "patterns from real production systems.",
    },
    {
        "name": "Leadership",
        "slug": "leadership",
        "description": "Technical leadership, team dynamics, RFC writing, and driving "
        "engineering culture at scale.",
    },
    {
        "name": "Distributed Systems",
        "slug": "distributed-systems",
        "description": "Consistency, availability, failure modes, and the hard problems of "
        "building systems that span machines.",
    },
    {
        "name": "Ad Tech",
        "slug": "ad-tech",
        "description": "The engineering behind programmatic advertising — real-time bidding, "
        "budget pacing, and high-throughput serving.",
    },
]
writing_author = author
writing_tagline = (
    "Architecture decisions, distributed systems, ad-tech engineering, and technical leadership."
)
writing_tags = [
    "architecture", "distributed-systems", "ad-tech", "budget-pacing", "redis", "etcd",
    "kafka", "go", "php", "openrtb", "consistency", "reliability", "load-shedding",
    "migration", "leadership", "rfc", "locking", "event-driven", "performance", "api-design",
]
# `make html DRAFTS=1` shows drafts and future-dated posts locally.
writing_show_drafts = os.environ.get("WRITING_DRAFTS", "") not in ("", "0")

# -- ABlog ------------------------------------------------------------------------

blog_path = "blog"
blog_title = "Writing"
blog_baseurl = site_url
blog_post_pattern = ["posts/*"]
# One author (writing_author, in feeds and JSON-LD): no ABlog author pages, which would only
# repeat "All posts" unlinked.
blog_feed_fulltext = True
blog_feed_archives = True
post_date_format = "%B %-d, %Y"
post_date_format_short = "%B %-d, %Y"
post_auto_image = 0
post_auto_excerpt = 1
# Furo's layout.html is a stub; our own templates in _templates/ablog/ render ABlog's pages.
skip_injecting_base_ablog_templates = True

# -- MyST -------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
myst_heading_anchors = 3

# -- HTML -------------------------------------------------------------------------

html_theme = "furo"
html_title = "Writing"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_css_files = ["writing.css"]
html_js_files = ["writing.js"]
html_permalinks_icon = "#"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": True,
}
# Posts stay out of the toctree (Furo's navigation is quadratic in its size); the sidebar
# lists the sections from writing_sections instead.
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "writing/sidebar-nav.html",
        "sidebar/scroll-end.html",
    ]
}
html_context = {}
if os.environ.get("READTHEDOCS"):
    html_context["READTHEDOCS"] = True

# -- Sharing, sitemap, 404 -----------------------------------------------------------

ogp_site_url = site_url
ogp_site_name = "Writing"
ogp_type = "article"
ogp_enable_meta_description = False
ogp_social_cards = {"enable": False}
if not ogp_social_cards.get("enable"):
    # With social cards off, sphinxext-opengraph still imports matplotlib whenever it is
    # installed (it is in the dev venv, for `make bench`): ~0.6 s of every build, at start-up
    # and exit. A stand-in for its social-cards module spares that; pages are unchanged.
    import types

    _cards = types.ModuleType("sphinxext.opengraph._social_cards")
    _cards.DEFAULT_SOCIAL_CONFIG = {"enable": False}
    _cards.create_social_card = None
    sys.modules.setdefault("sphinxext.opengraph._social_cards", _cards)
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = False
# The 404 page is served at any depth, so its links are absolute from the site's root path.
notfound_urls_prefix = urlparse(site_url).path

copybutton_prompt_text = r"\$ "
copybutton_prompt_is_regexp = True
