# An ABlog site written in MyST: posts declared by ``blogpost: true`` front matter (no
# ``blog_post_pattern``), the blog under ``news/``, two authors, Furo, every optional
# Sphinx extension the site itself uses, and ABlog's feed settings all changed.
project = "Harbour Log"
author = "The Harbour Team"
language = "en"
extensions = [
    "myst_parser",
    "ablog",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "writing",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = True

html_theme = "furo"
html_baseurl = "https://harbour.example.org/log/"
skip_injecting_base_ablog_templates = True

blog_path = "news"
blog_title = "Harbour Log"
blog_baseurl = "https://harbour.example.org/log/"
blog_authors = {
    "mira": ("Mira Okafor", "https://harbour.example.org/mira"),
    "tomas": ("Tomás Varga", None),
}
blog_default_author = "mira"
blog_feed_archives = True
blog_feed_fulltext = True
blog_feed_length = 2
blog_feed_subtitle = "Tides, boats and the people who mend them."
blog_feed_templates = {
    "atom": {},
    "social": {
        "title": "{{ title }} ({{ post.date.year }})",
        "content": "{{ title }}{% for tag in post.tags %} #{{ tag.name|trim()|replace(' ', '') }}{% endfor %}",
    },
}
post_date_format = "%Y-%m-%d"
post_date_format_short = "%m-%d"

ogp_site_url = "https://harbour.example.org/log/"
ogp_social_cards = {"enable": False}
sitemap_url_scheme = "{link}"
notfound_urls_prefix = "/log/"
