# Posts as a new author might write them, broken in every way a review found. Files git
# cannot hold faithfully (Windows-1252 text, control characters, names that differ only
# in case) are written by tests/test_hostile_input.py before each build.
project = "Hostile input"
author = "Test Author"
extensions = ["myst_parser", "ablog", "sphinxext.opengraph", "sphinx_sitemap", "writing"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_baseurl = "https://example.org/site/"
html_static_path = ["_static"]
html_css_files = ["site.css"]
blog_baseurl = html_baseurl
blog_path = "blog"
blog_title = "Hostile input"
blog_post_pattern = ["posts/*"]
blog_feed_fulltext = True
blog_feed_archives = True
skip_injecting_base_ablog_templates = True
sitemap_url_scheme = "{link}"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
writing_tagline = "Every post here was written to break something."
writing_sections = [{"name": "Architecture", "description": "Design."}]
writing_require_summary = True
post_date_format = "%B %-d, %Y"
