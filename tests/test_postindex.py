"""PostIndex answers exactly as the pure functions in relations.py, only faster."""

from __future__ import annotations

import random
from datetime import datetime

import pytest

from writing.postindex import PostIndex
from writing.readingtime import TextCounts
from writing.records import PostRecord
from writing.relations import (
    in_section, newest_first, related_posts, section_neighbours, visible,
)

TAGS = ["redis", "etcd", "kafka", "go", "php", "rfc", "locking"]
SECTIONS = ["architecture", "leadership", "ad-tech", None]


def _records(seed: int, n: int) -> list[PostRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        day = None if rng.random() < 0.1 else datetime(2020, rng.randint(1, 3), rng.randint(1, 5))
        records.append(PostRecord(
            docname=f"posts/p{i:03d}",
            title=rng.choice(["Alpha", "beta", "Gamma", "alpha"]),  # ties on date and title
            date=day, summary="", section=rng.choice(SECTIONS),
            tags=tuple(rng.sample(TAGS, rng.randint(0, 3))),
            counts=TextCounts(prose_words=100), draft=rng.random() < 0.15))
    return records


@pytest.mark.parametrize("seed", range(8))
def test_index_matches_relations(seed):
    records = _records(seed, 60)
    shown = visible(records, show_drafts=False)
    index = PostIndex(shown)
    assert index.timeline == newest_first(shown)
    for slug in SECTIONS[:-1]:
        assert index.in_section(slug) == in_section(shown, slug)
    ordered = [r.docname for r in newest_first(shown)]
    for post in records:  # drafts too: they are asked about, though not listed
        assert index.related(post) == related_posts(post, shown)
        assert index.section_neighbours(post) == section_neighbours(post, shown)
        newer, older = index.site_neighbours(post.docname)
        if post.docname in ordered:
            i = ordered.index(post.docname)
            assert (newer and newer.docname) == (ordered[i - 1] if i > 0 else None)
            assert (older and older.docname) == (ordered[i + 1] if i + 1 < len(ordered) else None)
        else:
            assert (newer, older) == (None, None)
