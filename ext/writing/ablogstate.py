"""Keep ABlog's per-post state in the pickled environment small.

For every post ABlog stores a deep copy of the post's body (``doctree``, read only by
``Post.to_html(fulltext=True)``, i.e. by ABlog's own feeds, which ``feeds.py`` replaces)
and deep copies of its excerpt paragraphs, each still pointing at the whole original
document. At 500 posts that makes the environment ~16 times the size of plain Sphinx's,
and every build pays for it: unpickling it, pickling it after any edit, and freeing it
at exit. Right after ABlog records a post, the body copy is replaced by an empty section
and the excerpts are cut loose from their document; everything ABlog and the templates
use (titles, dates, tags, excerpts) stays as it was.

What ABlog's generated pages can show of a document's posts is also digested here, once
per read, for ``pagecache.py``: it keys those pages on the digests instead of digesting
every post again on every build.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# After ABlog's own doctree-read handler (process_posts, default priority 500).
PRIORITY = 600
# ABlog's record of a post, less what no generated page shows: the site's templates show
# the summary from the post's record, so a body edit must not re-render every listing.
NOT_SHOWN = frozenset({"excerpt", "doctree"})


def info_digest(infos: list[dict]) -> str:
    """A digest of a document's posts as ABlog's generated pages can show them."""
    shown = [sorted((key, value) for key, value in info.items() if key not in NOT_SHOWN)
             for info in infos]
    return hashlib.sha256(repr(shown).encode("utf-8")).hexdigest()


def digests(env: BuildEnvironment) -> dict[str, str]:
    """``env.writing_ablog_digests``: per document with posts, :func:`info_digest`."""
    if not hasattr(env, "writing_ablog_digests"):
        env.writing_ablog_digests = {}
    return env.writing_ablog_digests


def slim_post_info(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: drop what ABlog stored about this post but this site never reads."""
    infos = getattr(app.env, "ablog_posts", {}).get(app.env.docname, ())
    for info in infos:
        info["doctree"] = nodes.section()
        for excerpt in info.get("excerpt", ()):
            for node in excerpt.findall():
                node.document = None
    if infos:
        digests(app.env)[app.env.docname] = info_digest(infos)
    else:
        digests(app.env).pop(app.env.docname, None)


def purge_digest(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``: the document is gone or about to be read again."""
    digests(env).pop(docname, None)


def merge_digests(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                  other: BuildEnvironment) -> None:
    """``env-merge-info``: digests made by parallel readers."""
    theirs = digests(other)
    digests(env).update((d, theirs[d]) for d in docnames if d in theirs)
