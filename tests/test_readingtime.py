"""Reading time: pure counting, the stand-alone extension, and parallel = serial."""

from __future__ import annotations

import pickle

import pytest
from docutils.core import publish_doctree

from writing.read.readingtime import Rates, TextCounts, count_doctree, count_text, reading_minutes


def doctree(rst: str):
    return publish_doctree(rst, settings_overrides={"report_level": 5})


def test_prose_words_count_contractions_and_hyphens_as_one():
    assert count_text("Don't over-engineer the e.g. case, 10 times.") == (7, 0)


def test_fast_count_agrees_with_the_word_pattern():
    """ASCII text (and typographic punctuation) takes a fast path; it must count the same."""
    import random
    import re

    word = re.compile(r"\w+(?:['’.\-]\w+)*")  # the definition of a word
    alphabet = "ab_1 .'-’—“”…\n\t,;:()!?é\u00a0\x00"
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(25)))
        assert count_text(text) == (len(word.findall(text)), 0), text


def test_words_never_join_across_text_nodes():
    counts = count_doctree(doctree(r"*emph*\ asis and ``it's``-ok." "\n"))
    assert counts.prose_words == 5  # emph, asis, and, it's, ok


def test_code_is_counted_apart_from_prose():
    counts = count_doctree(doctree("Two words.\n\n::\n\n    a = b + c\n    return a\n"))
    assert (counts.prose_words, counts.code_words) == (2, 5)  # operators are not words


def test_code_block_words_are_code():
    counts = count_doctree(doctree("Intro.\n\n::\n\n    alpha beta gamma delta\n"))
    assert (counts.prose_words, counts.code_words) == (1, 4)


def test_cjk_is_counted_per_character():
    assert count_text("读书 and 写字") == (1, 4)
    counts = count_doctree(doctree("日本語の文章です。\n"))
    assert counts.cjk_chars == 8 and counts.prose_words == 0


def test_images_add_seconds():
    counts = count_doctree(doctree(".. image:: a.png\n\n.. figure:: b.png\n\n   Caption.\n"))
    assert counts.images == 2
    assert reading_minutes(TextCounts(images=5), Rates(image_seconds=12)) == 1
    assert reading_minutes(TextCounts(prose_words=230, images=10)) == 3  # 60 s + 120 s


def test_empty_document_reads_in_one_minute():
    counts = count_doctree(doctree(""))
    assert counts == TextCounts()
    assert reading_minutes(counts) == 1


def test_minutes_round_half_up_at_each_rate():
    assert reading_minutes(TextCounts(prose_words=345)) == 2  # 1.5 min rounds up
    assert reading_minutes(TextCounts(prose_words=344)) == 1
    assert reading_minutes(TextCounts(code_words=250)) == 3  # 2.5 min at 100 wpm
    assert reading_minutes(TextCounts(cjk_chars=1250)) == 3  # 2.5 min at 500 cpm
    assert reading_minutes(TextCounts(prose_words=460), Rates(prose_wpm=115)) == 4


def _counts(app) -> dict[str, TextCounts]:
    return app.env.writing_state.counts


def _minutes_by_page(app) -> dict[str, int]:
    from writing.render.cards import rates

    return {doc: reading_minutes(c, rates(app.config)) for doc, c in _counts(app).items()}


@pytest.mark.sphinx("html", testroot="readingtime", freshenv=True)
def test_extension_counts_each_document(app, warning):
    app.build()
    assert warning.getvalue() == ""
    counts = _counts(app)
    assert counts["prose"].prose_words == 689 and counts["prose"].code_words == 0
    assert counts["code"].code_words == 200 and counts["code"].prose_words == 1
    assert counts["cjk"].cjk_chars == 1000
    assert counts["image"].images == 2
    assert _minutes_by_page(app) | {} == {
        "index": 1, "prose": 3, "code": 2, "cjk": 2, "image": 1, "empty": 1}


@pytest.mark.sphinx("html", testroot="readingtime", freshenv=True,
                    confoverrides={"writing_words_per_minute": 115})
def test_words_per_minute_is_configurable(app):
    app.build()
    assert _minutes_by_page(app)["prose"] == 6


def test_parallel_build_equals_serial(make_app, rootdir, tmp_path):
    results = {}
    for parallel in (0, 2):
        srcdir = tmp_path / f"src{parallel}"
        import shutil

        shutil.copytree(rootdir / "test-readingtime", srcdir)
        app = make_app("html", srcdir=srcdir, parallel=parallel, freshenv=True)
        app.build()
        # Sphinx would warn here if any loaded extension were not parallel-read safe.
        assert "parallel" not in app._warning.getvalue()
        results[parallel] = (dict(_counts(app)), pickle.dumps(sorted(_counts(app).items())))
    assert results[0][0] == results[2][0]
    assert len(results[2][0]) == 6


def test_scan_finds_wanted_elements_anywhere_and_counts_the_same():
    from docutils import nodes

    from writing.read.readingtime import scan_doctree

    tree = doctree("Some *text* here.\n\n.. comment with text\n\n::\n\n    code words\n")
    hidden = nodes.emphasis("", "inside a comment")
    next(iter(tree.findall(nodes.comment))).append(hidden)
    scanned = scan_doctree(tree, (nodes.emphasis, nodes.literal_block))
    found = scanned.found
    assert scanned.counts == count_doctree(tree)
    assert {type(n) for n in found} == {nodes.emphasis, nodes.literal_block}
    assert len(found) == 3 and hidden in found  # counted or not
