"""Reading-time estimates from a docutils doctree: pure functions, no Sphinx needed."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from docutils import nodes

# CJK ideographs, kana and hangul are read per character, not per word.
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]"
)
_WORD = re.compile(r"\w+(?:['’.\-]\w+)*")

# Nodes whose text a reader never sees as prose.
_SKIPPED = (nodes.comment, nodes.raw, nodes.substitution_definition, nodes.system_message,
            nodes.docinfo, nodes.target)
_CODE = (nodes.literal_block, nodes.doctest_block)


@dataclass(frozen=True)
class TextCounts:
    """What a reader has to get through on one page."""

    prose_words: int = 0
    code_words: int = 0
    cjk_chars: int = 0
    images: int = 0


@dataclass(frozen=True)
class Rates:
    """Reading speeds; the defaults are the extension's documented defaults."""

    prose_wpm: int = 230
    code_wpm: int = 100
    cjk_cpm: int = 500
    image_seconds: int = 12


def count_text(text: str) -> tuple[int, int]:
    """Return (words, CJK characters) in a run of text."""
    cjk = len(_CJK.findall(text))
    rest = _CJK.sub(" ", text) if cjk else text
    return len(_WORD.findall(rest)), cjk


def count_doctree(doctree: nodes.Node) -> TextCounts:
    """Count prose, code, CJK characters and images in a doctree."""
    prose = code = cjk = images = 0

    def visit(node: nodes.Node, in_code: bool) -> None:
        nonlocal prose, code, cjk, images
        if isinstance(node, _SKIPPED):
            return
        if isinstance(node, nodes.image) or (
            isinstance(node, nodes.Element) and node.get("writing_image")
        ):
            images += 1
        if isinstance(node, nodes.Text):
            words, chars = count_text(node.astext())
            if in_code:
                code += words
            else:
                prose += words
            cjk += chars
            return
        child_in_code = in_code or isinstance(node, _CODE)
        for child in node.children:
            visit(child, child_in_code)

    visit(doctree, False)
    return TextCounts(prose, code, cjk, images)


def reading_seconds(counts: TextCounts, rates: Rates = Rates()) -> float:
    """Seconds a reader needs for the counted material."""
    return (
        counts.prose_words * 60 / rates.prose_wpm
        + counts.code_words * 60 / rates.code_wpm
        + counts.cjk_chars * 60 / rates.cjk_cpm
        + counts.images * rates.image_seconds
    )


def reading_minutes(counts: TextCounts, rates: Rates = Rates()) -> int:
    """Whole minutes, rounded half up, never less than one."""
    return max(1, math.floor(reading_seconds(counts, rates) / 60 + 0.5))
