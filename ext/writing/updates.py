"""Incremental builds: which listing and post pages must be rewritten after a read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from writing.collector import listing_digest, record_digest
from writing.postindex import PostIndex, post_index
from writing.records import PostRecord
from writing.relations import backlinks, visible

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()


def listing_state(records: Mapping[str, PostRecord], listing_docs: Iterable[str],
                  show_drafts: bool, card_of: Callable[[PostRecord], str]) -> dict[str, str]:
    """The digest every listing page gets: all it shows of the posts (cards, minutes).

    ``card_of`` gives a digest of what a post's card shows (``collector.record_digest``).
    """
    shown = visible(records.values(), show_drafts)
    listing = _digest(sorted((r.docname, card_of(r)) for r in shown))
    return {doc: listing for doc in listing_docs}


def page_state(
    records: Mapping[str, PostRecord],
    listing_docs: Iterable[str],
    incoming: Mapping[str, list[str]],
    show_drafts: bool,
    index: PostIndex,
    shown_as: Callable[[PostRecord], str],
    card_of: Callable[[PostRecord], str],
) -> dict[str, str]:
    """A digest, per page, of everything it shows about *other* posts.

    ``index`` must be the index of exactly these records' visible posts. ``shown_as``
    gives a digest of what a page shows of another post (``collector.listing_digest``),
    ``card_of`` one of its card on listing pages.
    """
    state = listing_state(records, listing_docs, show_drafts, card_of)
    # Furo's previous/next links (site.py) name the neighbours across the whole site.
    timeline = [r.docname for r in index.timeline]
    position = index.position
    for post in records.values():
        older, newer = index.section_neighbours(post)
        i = position.get(post.docname)
        site_neighbours = [] if i is None else [
            shown_as(records[d]) for d in timeline[max(0, i - 1):i + 2] if d != post.docname]
        state[post.docname] = _digest((
            [shown_as(r) for r in index.related(post)],
            older and shown_as(older),
            newer and shown_as(newer),
            [shown_as(records[d]) for d in incoming.get(post.docname, ())],
            site_neighbours,
        ))
    return state


def outdated_listings(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: refresh backlinks, return pages whose shown data changed."""
    labels = env.domains["std"].data
    def label_to_doc(label: str) -> str | None:
        hit = labels["labels"].get(label) or labels["anonlabels"].get(label)
        return hit[0] if hit else None

    env.writing_backlinks = backlinks(env.writing_posts, label_to_doc)
    previous = getattr(env, "writing_page_state", {})
    show_drafts = app.config.writing_show_drafts
    # page_state is a function of these alone: when they are unchanged, so is every digest.
    # Post pages do not show reading times, so a body edit leaves their digests alone.
    # The records' digests were made when each post was read (collector.py).
    posts_inputs = _digest((sorted(env.writing_listing_digests.items()),
                            sorted(env.writing_backlinks.items()), show_drafts))
    inputs = _digest((posts_inputs, sorted(env.writing_record_digests.items()),
                      sorted(env.writing_listing_docs)))
    if previous and getattr(env, "writing_page_inputs", None) == inputs:
        return []
    cards, listings = env.writing_record_digests, env.writing_listing_digests

    def card_of(record: PostRecord) -> str:
        return cards.get(record.docname) or record_digest(record)

    def shown_as(record: PostRecord) -> str:
        return listings.get(record.docname) or listing_digest(record)

    if previous and getattr(env, "writing_posts_inputs", None) == posts_inputs:
        state = listing_state(env.writing_posts, env.writing_listing_docs, show_drafts, card_of)
        state.update((doc, previous[doc]) for doc in env.writing_posts if doc in previous)
    else:
        state = page_state(env.writing_posts, env.writing_listing_docs, env.writing_backlinks,
                           show_drafts, post_index(app),  # the index is shared with pages
                           shown_as, card_of)
    env.writing_page_inputs = inputs
    env.writing_posts_inputs = posts_inputs
    env.writing_page_state = state
    return sorted(doc for doc, digest in state.items()
                  if previous.get(doc) != digest and doc in env.all_docs)
