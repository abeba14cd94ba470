"""Keep ABlog's per-post state in the pickled environment small.

For every post ABlog stores a deep copy of the post's body (``doctree``, read only by
``Post.to_html(fulltext=True)``, i.e. by ABlog's own feeds, which ``feeds.py`` replaces)
and deep copies of its excerpt paragraphs, each still pointing at the whole original
document. At 500 posts that makes the environment ~16 times the size of plain Sphinx's,
and every build pays for it: unpickling it, pickling it after any edit, and freeing it
at exit. Right after ABlog records a post, the body copy is replaced by an empty section
and the excerpts are cut loose from their document; everything ABlog and the templates
use (titles, dates, tags, excerpts) stays as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# After ABlog's own doctree-read handler (process_posts, default priority 500).
PRIORITY = 600


def slim_post_info(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: drop what ABlog stored about this post but this site never reads."""
    for info in getattr(app.env, "ablog_posts", {}).get(app.env.docname, ()):
        info["doctree"] = nodes.section()
        for excerpt in info.get("excerpt", ()):
            for node in excerpt.findall():
                node.document = None
