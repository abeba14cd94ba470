"""Which pages an incremental build must write again, although their sources did not change.

Sphinx rewrites a page when its own source changed. A page also shows other documents:

- a page listing posts (the home page, an ABlog ``postlist``, or every page when ABlog's
  sidebars are used) shows every visible post's card;
- a post's page shows its related posts, the posts referring to it and its neighbours (in
  its section, and in the whole blog for ABlog's previous/next links);
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
from writing.render.cards import shown, shown_digest
from writing.runtime import runtime

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

CACHE_FILE = "shown.json"
# What a post's page shows of another post (its end block): title, date, where it is.
_MENTION = ("docname", "title", "date", "iso", "draft", "external_link")


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()




def _mentioned(card_dict: dict) -> tuple:
    """What another post's page shows of a post."""
    return tuple(card_dict[k] for k in _MENTION)


# ABlog's sidebar templates by the names ABlog 0.11 still renders (with a warning) besides
# ``ablog/*.html``.
OLD_ABLOG_SIDEBARS = frozenset({
    "postcard.html", "postcard2.html", "recentposts.html", "archives.html", "categories.html",
    "tagcloud.html", "authors.html", "languages.html", "locations.html"})


def uses_ablog_sidebars(app: Sphinx) -> bool:
    """Whether the theme's sidebars show ABlog's post lists on every page."""
    sidebars = getattr(app.config, "html_sidebars", None) or {}
    return any("ablog/" in str(name) or str(name) in OLD_ABLOG_SIDEBARS
               for names in sidebars.values()
               for name in (names if isinstance(names, (list, tuple)) else [names]))


def listing_digest(app: Sphinx) -> str:
    """What a page listing posts shows: every visible post's card, and the sections."""
    index = post_index(app)
    return _digest((runtime(app).cache.epoch if runtime(app).cache else "",
                    [shown_digest(app, r) for r in index.timeline],
                    [(s.name, s.description) for s in index.sections]))


def listing_pages(app: Sphinx) -> set[str]:
    """The pages that list posts: those with a listing, or every page with ABlog's sidebars."""
    env = app.env
    return set(env.all_docs) if uses_ablog_sidebars(app) else set(state(env).listing_docs)


def mentions_digest(app: Sphinx) -> str:
    """What post pages can show of other posts: each visible post's title, date and place,
    and who refers to whom (a post's reading time is not among them)."""
    index = post_index(app)
    return _digest(([_mentioned(shown(app, r)) + (r.tags, r.categories)
                     for r in index.timeline],
                    sorted(post_backlinks(app).items())))


def post_digests(app: Sphinx) -> dict[str, str]:
    """For each visible post, a digest of what its page shows of other posts."""
    index = post_index(app)
    incoming = post_backlinks(app)
    limit = app.config.writing_related_posts
    digests = {}
    timeline = index.timeline
    for docname, at in index.position.items():
        older, newer = index.section_neighbours(docname)
        # ABlog's own previous/next links (its page template) go through the whole blog
        blog_older = timeline[at + 1] if at + 1 < len(timeline) else None
        blog_newer = timeline[at - 1] if at > 0 else None
        others = [_mentioned(shown(app, r)) for r in (
            *index.related(docname, limit), older, newer, blog_older, blog_newer)
            if r is not None]
        others += [_mentioned(shown(app, index.shown[d].record)) for d in incoming.get(docname, ())]
        own = shown_digest(app, index.shown[docname].record)
        digests[docname] = _digest((own, others, older and older.docname,
                                    newer and newer.docname))
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


def outdated_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose shown data changed since they were written.

    Each part is worked out again only when what it is made from changed: the listing when
    any post did, post pages when a post's title, date, place or references did, the
    references' titles when any document was read again.
    """
    if app.builder.format != "html":
        return []
    rt = runtime(app)
    previous = (rt.cache.load(CACHE_FILE) if rt.cache else None) or {}
    current: dict = {"site": site_digest(app), "posts_in": posts_digest(app),
                     "docs_in": _digest(sorted(env.all_docs.items()))}
    same_posts = previous.get("posts_in") == current["posts_in"]
    current["listing"] = previous.get("listing") if same_posts else listing_digest(app)
    same_docs = previous.get("docs_in") == current["docs_in"]  # (labels, references)
    current["mentions_in"] = previous.get("mentions_in") if same_posts and same_docs \
        else mentions_digest(app)
    same_mentions = previous.get("mentions_in") == current["mentions_in"]
    current["posts"] = previous.get("posts") if same_mentions else post_digests(app)
    current["refs"] = previous.get("refs") if same_docs else reference_digests(app)
    listing_docs = listing_pages(app)
    current["listing_docs"] = sorted(listing_docs)
    rt.memo["shown_now"] = current
    rt.memo["shown_before"] = previous
    if previous.get("site") != current["site"]:  # or nothing recorded: every page
        return sorted(env.found_docs)
    changed = set(previous.get("posts", {}).keys() ^ current["posts"].keys())
    for part in ("posts", "refs"):
        old = previous.get(part, {})
        changed.update(doc for doc, digest in current[part].items() if old.get(doc) != digest)
    if previous.get("listing") != current["listing"]:
        changed.update(listing_docs)
    else:  # a page that lists posts now, and did not when it was written
        changed.update(listing_docs - set(previous.get("listing_docs", ())))
    return sorted(changed & set(env.all_docs))


def record_shown(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the pages now show what was digested for this build."""
    rt = runtime(app)
    current = rt.memo.get("shown_now")
    if exception is None and current is not None and rt.cache is not None \
            and current != rt.memo.get("shown_before"):
        rt.cache.save(CACHE_FILE, current)
