"""Which pages an incremental build must write again, although their sources did not change.

Sphinx rewrites a page when its own source changed. A page also shows other documents:

- a page listing posts (the home page, an ABlog ``postlist``, or every page when ABlog's
  sidebars are used) shows every visible post's card;
- a post's page shows its related posts, the posts referring to it and its neighbours;
- any page's references without explicit text show the title of what they point to;
- every page shows the templates and static files (a stylesheet's checksum is in every
  page's ``<link>``), whose edits Sphinx notices only by modification time.

For each, a digest of what the page shows is compared with the one recorded when the page
was last written; ``env-get-updated`` returns the pages whose digest changed. The
recorded digests are saved once the build has succeeded, so a failed build leaves them
as they were and the next build writes those pages again.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from writing.index import label_to_doc, post_backlinks, post_index
from writing.index.state import state
from writing.incremental.inputs import posts_digest, site_digest
from writing.render.cards import shown
from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

CACHE_FILE = "shown.json"
# What a post's page shows of another post (its end block): title, date, where it is.
_MENTION = ("docname", "title", "date", "iso", "draft", "external_link")


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def _listed(card_dict: dict) -> tuple:
    """What a listing shows of a post: its whole card (links are made from its names)."""
    return tuple(sorted(card_dict.items()))


def _mentioned(card_dict: dict) -> tuple:
    """What another post's page shows of a post."""
    return tuple(card_dict[k] for k in _MENTION)


def uses_ablog_sidebars(app: Sphinx) -> bool:
    """Whether the theme's sidebars show ABlog's post lists on every page."""
    sidebars = getattr(app.config, "html_sidebars", None) or {}
    return any("ablog/" in str(name) for names in sidebars.values()
               for name in (names if isinstance(names, (list, tuple)) else [names]))


def page_digests(app: Sphinx) -> dict[str, str]:
    """For each page that shows other posts, a digest of what it shows of them."""
    env = app.env
    kept = state(env)
    index = post_index(app)
    listing = _digest(([_listed(shown(app, r)) for r in index.timeline],
                       [(s.name, s.description) for s in index.sections]))
    listing_docs = set(env.all_docs) if uses_ablog_sidebars(app) else kept.listing_docs
    digests = {doc: listing for doc in listing_docs}
    incoming = post_backlinks(app)
    limit = app.config.writing_related_posts
    for docname in index.position:
        older, newer = index.section_neighbours(docname)
        others = [_mentioned(shown(app, r)) for r in (
            *index.related(docname, limit), older, newer) if r is not None]
        others += [_mentioned(shown(app, index.shown[d].record)) for d in incoming.get(docname, ())]
        digests[docname] = _digest((digests.get(docname, ""), others,
                                    _listed(shown(app, index.shown[docname].record)),
                                    older and older.docname, newer and newer.docname))
    return digests


def reference_digests(app: Sphinx) -> dict[str, str]:
    """For each page with references, a digest of what they show: the titles of the
    documents and sections they point to."""
    env = app.env
    std = env.get_domain("std")
    titles = env.titles
    found = {}
    for docname, refs in state(env).refs.items():
        shown = []
        for kind, target in sorted(refs):
            if kind == "doc":
                shown.append(titles[target].astext() if target in titles else None)
            else:
                shown.append(std.labels.get(target) or std.anonlabels.get(target)
                             or label_to_doc(app, target))
        found[docname] = _digest(shown)
    return found


def inputs_digest(app: Sphinx) -> str:
    """Everything page and reference digests are made from: the posts' records and counts,
    what this build publishes, every document as read (its titles, labels, references),
    and the settings."""
    env = app.env
    return _digest((posts_digest(app), sorted(env.all_docs.items()),
                    sorted(state(env).listing_docs), uses_ablog_sidebars(app)))


def outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose shown data changed since they were written."""
    if app.builder.format != "html":
        return []
    rt = runtime(app)
    previous = (rt.cache.load(CACHE_FILE) if rt.cache else None) or {}
    inputs = inputs_digest(app)
    if previous.get("inputs") == inputs and previous.get("site") == site_digest(app):
        rt.memo["shown_now"] = previous  # nothing any page shows can have changed
        return []
    current = {"inputs": inputs, "site": site_digest(app), "pages": page_digests(app),
               "refs": reference_digests(app)}
    rt.memo["shown_now"] = current
    if previous.get("site") != current["site"]:  # or nothing recorded: every page
        return sorted(env.found_docs)
    changed = set()
    for part in ("pages", "refs"):
        old = previous.get(part, {})
        changed.update(doc for doc, digest in current[part].items() if old.get(doc) != digest)
    return sorted(changed & set(env.all_docs))


def record_shown(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the pages now show what was digested for this build."""
    rt = runtime(app)
    current = rt.memo.get("shown_now")
    if exception is None and current is not None and rt.cache is not None:
        rt.cache.save(CACHE_FILE, current)
