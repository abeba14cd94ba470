project = "Validation"
author = "Test Author"
extensions = ["myst_parser", "ablog", "sphinx_sitemap", "writing"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
from pathlib import Path

import writing

# The site's own templates (the roots are copied elsewhere before a build).
templates_path = [str(Path(writing.__file__).parents[2] / "source" / "_templates")]
html_baseurl = "https://example.org/blog/"
blog_baseurl = html_baseurl
blog_path = "blog"
blog_title = "Publishing"
blog_post_pattern = ["posts/*"]
skip_injecting_base_ablog_templates = True
sitemap_url_scheme = "{link}"
writing_author = author
writing_tagline = "Test tagline."
writing_sections = [
    {"name": "Architecture", "slug": "architecture", "description": "Design."},
    {"name": "Leadership", "slug": "leadership", "description": "People."},
]
writing_tags = ["alpha", "beta"]
