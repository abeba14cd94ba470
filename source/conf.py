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
    "citations",
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
        "description": "System design decisions, trade-off analysis, and architectural "
        "patterns from real production systems.",
    },
    {
        "name": "Leadership",
        "description": "Technical leadership, team dynamics, RFC writing, and driving "
        "engineering culture at scale.",
    },
    {
        "name": "Distributed Systems",
        "description": "Consistency, availability, failure modes, and the hard problems of "
        "building systems that span machines.",
    },
    {
        "name": "Ad Tech",
        "description": "The engineering behind programmatic advertising — real-time bidding, "
        "budget pacing, and high-throughput serving.",
    },
]
writing_tagline = (
    "Architecture decisions, distributed systems, ad-tech engineering, and technical leadership."
)
# The tags posts may use, each with the name readers see (the tag itself is the URL).
writing_tags = {
    "architecture": "Architecture",
    "distributed-systems": "Distributed systems",
    "ad-tech": "Ad tech",
    "budget-pacing": "Budget pacing",
    "redis": "Redis",
    "etcd": "etcd",
    "kafka": "Kafka",
    "go": "Go",
    "php": "PHP",
    "openrtb": "OpenRTB",
    "consistency": "Consistency",
    "reliability": "Reliability",
    "load-shedding": "Load shedding",
    "migration": "Migration",
    "leadership": "Leadership",
    "rfc": "RFCs",
    "locking": "Locking",
    "event-driven": "Event-driven",
    "performance": "Performance",
    "api-design": "API design",
}
writing_require_summary = True
# `make html DRAFTS=1` shows drafts and future-dated posts locally.
writing_show_drafts = os.environ.get("WRITING_DRAFTS", "") not in ("", "0")

# -- ABlog ------------------------------------------------------------------------

blog_path = "blog"
blog_title = "Writing"
blog_baseurl = site_url
blog_post_pattern = ["posts/*"]
# One author (`author`, in bylines, feeds and JSON-LD): no ABlog author pages, which would
# only repeat the archive.
blog_feed_fulltext = True
blog_feed_archives = True  # a feed for every section, tag and year...
writing_feed_fulltext = "blog"  # ...with summaries; the blog's own feed has the articles
blog_feed_length = 30
post_date_format = "%B %-d, %Y"
post_date_format_short = "%B %-d, %Y"
post_auto_image = 0
post_auto_excerpt = 1
# Furo's layout.html is a stub: ABlog's templates must stay out (the extension renders
# ABlog's pages into the theme's own page.html).
skip_injecting_base_ablog_templates = True

# -- Citations ----------------------------------------------------------------------
# Posts cite references.bib entries with {footcite:p}`key` (or :t) and list them with
# {footbibliography} under "References": author–year citations that link to the entry,
# entries that link to the source (ext/citations.py).

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "writing"
bibtex_foot_reference_style = "writing"

# -- MyST -------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "smartquotes"]
myst_heading_anchors = 3
# Footnotes stay where they are written: a post's sources under its References heading.
myst_footnote_sort = False

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
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = False
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
# The 404 page is served at any depth, so its links are absolute from the site's root path.
notfound_urls_prefix = urlparse(site_url).path
notfound_context = {
    "title": "Page not found",
    "body": "<h1>Page not found</h1>\n<p>There is no page at this address: it may have moved. "
            "Search for it, or start from the newest essays.</p>\n",
}

copybutton_prompt_text = r"\$ "
copybutton_prompt_is_regexp = True
