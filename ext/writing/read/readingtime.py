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
_RUN = re.compile(r"\w")

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


# Typographic punctuation that smart quotes and dashes put into prose: never in a word.
_TYPOGRAPHIC = ("\u00a0\u00ab\u00b7\u00bb\u00d7\u2009\u2011\u2013\u2014"
                "\u2018\u2019\u201c\u201d\u2022\u2026\u202f\u2192")
# ASCII bytes mapped to b"a" when they are word characters and to b" " when not.
_ASCII_CLASSES = bytes(ord("a") if _RUN.match(chr(i)) else ord(" ") for i in range(256))
# A connector with a word character on each side joins two runs into one word.
_JOINT = re.compile(r"['’.\-](?<=\w['’.\-])(?=\w)")


def count_text(text: str) -> tuple[int, int]:
    """Return (words, CJK characters) in a run of text."""
    plain = text
    for mark in _TYPOGRAPHIC:
        if mark in plain:
            plain = plain.replace(mark, " ")
    if plain.isascii():  # the usual case, about four times faster than the regex below
        classes = plain.encode("ascii").translate(_ASCII_CLASSES)
        runs = classes.count(b" a") + classes.startswith(b"a")
        return runs - len(_JOINT.findall(text)), 0
    cjk = len(_CJK.findall(text))
    rest = _CJK.sub(" ", text) if cjk else text
    return len(_WORD.findall(rest)), cjk


# What the walk does with a node, by its class: worked out once per class.
_TEXT, _SKIP, _CODE_BLOCK, _IMAGE, _OTHER = 1, 2, 3, 4, 5
_KINDS: dict[type, int] = {}


def _kind(cls: type) -> int:
    if issubclass(cls, nodes.Text):
        kind = _TEXT
    elif issubclass(cls, _SKIPPED):
        kind = _SKIP
    elif issubclass(cls, _CODE):
        kind = _CODE_BLOCK
    elif issubclass(cls, nodes.image):
        kind = _IMAGE
    else:
        kind = _OTHER
    _KINDS[cls] = kind
    return kind


def count_doctree(doctree: nodes.Node) -> TextCounts:
    """Count prose, code, CJK characters and images in a doctree."""
    return scan_doctree(doctree).counts


@dataclass(frozen=True)
class Scanned:
    """A doctree's counts, the elements asked for, and all its text (prose, then code)."""

    counts: TextCounts
    found: list
    text: str


def scan_doctree(doctree: nodes.Node, collect: tuple[type, ...] = ()) -> Scanned:
    """:func:`count_doctree`, also finding every element of the ``collect`` types.

    The text is gathered first and counted in one pass per kind: counting every text
    node on its own cost about twice as much. Joined with a newline, no word spans two
    nodes, so the counts are the same. Elements are found anywhere, counted or not, so
    that a caller needing them does not walk the tree again.
    """
    prose: list[nodes.Text] = []
    code: list[nodes.Text] = []
    found: list[nodes.Element] = []
    images = 0
    kinds = _KINDS
    wanted: dict[type, bool] = {}
    stack: list[nodes.Node] = [doctree]
    while stack:
        node = stack.pop()
        cls = type(node)
        kind = kinds.get(cls) or _kind(cls)
        if kind == _TEXT:
            prose.append(node)
            continue
        if collect:
            hit = wanted.get(cls)
            if hit is None:
                hit = wanted[cls] = issubclass(cls, collect)
            if hit:
                found.append(node)
        if kind == _SKIP or kind == _CODE_BLOCK:
            if kind == _CODE_BLOCK:
                code.extend(node.findall(nodes.Text))
            if collect:
                found.extend(node.findall(lambda n: isinstance(n, collect), include_self=False))
            continue
        if kind == _IMAGE or "writing_image" in node.attributes and node["writing_image"]:
            images += 1
        stack.extend(node.children)
    prose_text, code_text = _joined(prose), _joined(code)
    prose_words, prose_cjk = count_text(prose_text)
    code_words, code_cjk = count_text(code_text)
    return Scanned(TextCounts(prose_words, code_words, prose_cjk + code_cjk, images), found,
                   prose_text + "\n" + code_text)


def _joined(texts: list[nodes.Text]) -> str:
    raw = "\n".join(texts)
    if "\x00" in raw:  # docutils' escape marks: astext() removes them, node by node
        raw = "\n".join(text.astext() for text in texts)
    return raw


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
