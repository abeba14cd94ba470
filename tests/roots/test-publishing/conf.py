project = "Publishing"
author = "Test Author"
extensions = ["myst_parser", "ablog", "sphinx_sitemap", "writing"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_baseurl = "https://example.org/blog/"
blog_baseurl = html_baseurl
blog_path = "blog"
blog_title = "Publishing"
blog_post_pattern = ["posts/*"]
skip_injecting_base_ablog_templates = True
sitemap_url_scheme = "{link}"
writing_tagline = "Test tagline."
writing_sections = [
    {"name": "Architecture", "description": "Design."},
    {"name": "Leadership", "description": "People."},
]
writing_tags = ["alpha", "beta"]
writing_require_summary = True
blog_feed_fulltext = True
blog_feed_archives = True
post_date_format = "%B %-d, %Y"
