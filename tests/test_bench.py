"""The benchmark's smoke test: valid posts, strict builds, a checked comparison, a report.

Behaviour only; no timing is asserted.
"""

from __future__ import annotations

import re

import pytest

from bench.measure import PHASES, measure_n
from bench.posts import generate
from bench.projects import site_vocabulary
from bench.report import markdown, verdicts


@pytest.fixture(scope="module")
def vocabulary():
    return site_vocabulary()


def test_generated_posts_are_realistic_and_repeatable(vocabulary):
    posts = generate(40, vocabulary.sections, vocabulary.tags, seed=3)
    assert posts == generate(40, vocabulary.sections, vocabulary.tags, seed=3)
    assert len({p.slug for p in posts}) == len({p.title for p in posts}) == 40
    assert [p.day for p in posts] == sorted(p.day for p in posts)
    assert len({p.day.year for p in posts}) >= 5  # spread dates
    assert {p.section for p in posts} == set(vocabulary.sections)
    for post in posts:
        assert set(post.tags) <= set(vocabulary.tags) and 2 <= len(post.tags) <= 4
        front, body = post.text.split("\n---\n", 1)
        for key in ("date:", "category:", "tags:", "summary:"):
            assert f"\n{key}" in front
        assert body.count("\n# ") == 1 and body.count("\n## ") == 4
        assert 500 < len(body.split()) < 2500
    texts = "\n".join(p.text for p in posts)
    assert "```" in texts and "{doc}`" in texts and "\n- " in texts


def test_small_comparison_builds_strictly_and_reports(tmp_path):
    # run_build raises BuildFailed on any warning, so every build below was clean under -W -n.
    lines = []
    result = measure_n(6, tmp_path, repeats=1, seed=5, check=True, say=lines.append)
    for variant in ("baseline", "site"):
        for phase in PHASES:
            (build,) = result.builds[variant][phase]
            assert build.wall > 0 and build.maxrss_kb > 0
    assert result.builds["site"]["clean"][0].probe["seconds"]["writing"] > 0
    # six new posts: their preview images are drawn by the painter process, whose CPU
    # time is reported beside the in-process share
    assert result.builds["site"]["clean"][0].probe["children_cpu"] > 0
    comparison = result.comparison
    assert comparison.listings_ok and comparison.listing_pages > 10
    assert comparison.other_differ == []
    assert result.page_weight["site"]["gzip"] > result.page_weight["site"]["html_gzip"] > 0

    at, found = verdicts({6: result})
    assert at == 6 and len(found) == 5  # one N: no cost-per-post comparison
    text = markdown({6: result}, command="make bench", repeats=1, when="today", cores=2,
                    load="0")
    assert "| Target | Measured | Goal | Result |" in text
    assert "not counted: the preview-image painter process beside the build" in text
    assert re.search(r"\| 6 \| no-change rebuild \| [\d.]+ \| [\d.]+ \| [\d.]+× \|", text)
    assert "time-vs-n.svg" in text
    assert any("incremental vs clean" in line for line in lines)
