# An ABlog site as ABlog's own documentation sets one up: reStructuredText posts with the
# ``post`` directive, alabaster with ABlog's templates and sidebars, none of the optional
# Sphinx extensions, and no ``writing_*`` settings at all.
project = "Field Notes"
author = "Ada Lovelace"
extensions = ["ablog", "writing"]
exclude_patterns = ["_build"]
nitpicky = True

html_theme = "alabaster"
html_baseurl = "https://notes.example.com/"
html_sidebars = {
    "**": [
        "about.html",
        "ablog/postcard.html",
        "ablog/recentposts.html",
        "ablog/tagcloud.html",
        "ablog/categories.html",
        "ablog/archives.html",
        "searchbox.html",
    ]
}

blog_title = "Field Notes"
blog_baseurl = "https://notes.example.com/"
blog_feed_archives = True
post_redirect_refresh = 1
