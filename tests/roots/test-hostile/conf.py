project = "Hostile"
author = 'Mallory "<b>" O\'Hara'
extensions = ["myst_parser", "ablog", "sphinxext.opengraph", "sphinx_sitemap", "writing"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_baseurl = "https://example.org/"
blog_baseurl = html_baseurl
blog_path = "blog"
blog_title = "Hostile"
blog_post_pattern = ["posts/*", "archive/*"]
skip_injecting_base_ablog_templates = True
sitemap_url_scheme = "{link}"
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
writing_tagline = "Tagline <script>alert('tagline')</script>"
writing_sections = [
    {"name": "Architecture", "description": "Design \"quoted\" & <script>alert('section')</script> notes."},
]
writing_require_summary = True
post_date_format = "%B %-d, %Y"
