project = "Edits"
author = "Test Author"
extensions = ["myst_parser", "ablog", "sphinxext.opengraph", "sphinx_sitemap", "writing"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_baseurl = "https://example.org/edits/"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_copy_source = False
blog_baseurl = html_baseurl
blog_path = "blog"
blog_title = "Edits"
blog_post_pattern = ["posts/*"]
blog_feed_fulltext = True
blog_feed_archives = True
blog_feed_length = 4
skip_injecting_base_ablog_templates = True
sitemap_url_scheme = "{link}"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
writing_tagline = "A small site that a test edits at random."
writing_sections = [
    {"name": "Architecture", "description": "Design."},
    {"name": "Leadership", "description": "People."},
    {"name": "Operations", "description": "Running things."},
]
writing_tags = ["alpha", "beta", "gamma", "delta", "epsilon"]
writing_require_summary = True
post_date_format = "%B %-d, %Y"
