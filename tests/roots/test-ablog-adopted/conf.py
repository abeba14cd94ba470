# An ABlog site laid out as many personal sites are (the "holdgraf" template): posts in
# year folders, some as ``<slug>/index.md``, and a placeholder page at ``blog_path`` that
# ABlog replaces with "All posts"; ``blog_baseurl`` without a trailing slash.
project = "Field Notes"
author = "Ines Duarte"
language = "en"
extensions = ["myst_parser", "ablog", "writing"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = True
myst_enable_extensions = ["colon_fence"]
myst_footnote_transition = False

html_theme = "alabaster"
html_baseurl = "https://notes.example.net/"
blog_path = "blog"
blog_title = "Field Notes"
blog_baseurl = "https://notes.example.net"
blog_post_pattern = ["posts/*/*.md", "posts/*/*/index.md"]
blog_authors = {"ines": ("Ines Duarte", "https://notes.example.net/about")}
blog_default_author = "ines"
blog_feed_archives = True
