"""Build-performance benchmark of the site against plain Sphinx + MyST + Furo (`make bench`)."""
