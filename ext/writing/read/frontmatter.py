"""A source file's metadata as MyST and docutils will read it: pure functions.

The draft decision is made before Sphinx reads anything, so it must read a post's
metadata exactly as the parsers will: MyST's front matter (the block its front-matter
rule finds, loaded with ``yaml.safe_load``, each value turned into the text MyST puts in
the document), reStructuredText's leading field list, and the argument of ABlog's ``post``
directive in either syntax. Keys are compared without regard to case, as docutils does for
its bibliographic fields (``Date:`` is the date).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

# What MyST catches around yaml.safe_load (myst_parser.parsers.directives.YAML_LOAD_ERRORS).
_YAML_ERRORS: tuple[type[BaseException], ...] = (ValueError, RecursionError)


@dataclass(frozen=True)
class Metadata:
    """What a file declares about itself, as the parsers will see it.

    ``fields`` maps lower-cased keys to the text the parser puts in the document (for a
    MyST list, its JSON); ``lines`` maps them to their 1-based line. ``post_date`` is the
    argument of the first ``post`` directive, when there is one.
    """

    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    keys: frozenset[str] = frozenset()  # as written, for ABlog's case-sensitive ``blogpost``
    all_values: dict[str, tuple[str, ...]] = field(default_factory=dict)  # every spelling
    post_directive: bool = False
    post_date: str | None = None
    post_line: int = 0
    problem: str | None = None  # why the front matter could not be read
    problem_line: int = 0

    def get(self, key: str) -> str | None:
        """The value of the first key spelled ``key`` in any case."""
        return self.fields.get(key.lower())

    def values(self, key: str) -> tuple[str, ...]:
        """The values of every key spelled ``key`` in any case (``draft`` and ``Draft``)."""
        return self.all_values.get(key.lower(), ())

    def line(self, key: str) -> int:
        return self.lines.get(key.lower(), 1)


def front_matter_block(text: str) -> tuple[str, int, int] | None:
    """MyST's front matter: (content, first content line, closing line), lines 0-based.

    The rule of ``mdit_py_plugins.front_matter``: the first line starts with three or
    more ``-``; the block ends at a line of ``...`` (spaces after it allowed) or at a line
    of at least as many ``-`` as the opening, indented by fewer than four spaces, with only
    spaces after them; without an end there is no front matter.
    """
    if not text.startswith("-"):
        return None
    lines = text.split("\n")
    opening = len(lines[0]) - len(lines[0].lstrip("-"))
    if opening < 3:
        return None
    for number in range(1, len(lines)):
        line = lines[number]
        if line.startswith("...") and not line[3:].strip(" \t"):
            return "\n".join(lines[1:number]), 1, number
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if indent >= 4 or not stripped.startswith("-"):
            continue
        dashes = len(stripped) - len(stripped.lstrip("-"))
        if dashes >= opening and not stripped[dashes:].strip(" \t"):
            return "\n".join(lines[1:number]), 1, number
    return None


def myst_text(value: object) -> str:
    """The text MyST puts in the document for a front-matter value."""
    if isinstance(value, (str, int, float, date, datetime)):
        return str(value)
    try:
        return json.dumps(value, default=_json_default)
    except (ValueError, TypeError, RecursionError):
        return str(value)


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=lambda item: json.dumps(item, default=_json_default))
    return str(value)


_NEWLINES = re.compile(r"\r\n?")
_KEY_LINE = re.compile(r"^([^\s#:][^:]*?)\s*:(?:\s|$)")


def _key_lines(block: str, first: int) -> dict[str, int]:
    """The 1-based line of each top-level key in a YAML block starting at line ``first``."""
    found: dict[str, int] = {}
    for offset, line in enumerate(block.split("\n")):
        if match := _KEY_LINE.match(line):
            found.setdefault(match.group(1).strip("'\"").lower(), first + offset + 1)
    return found


def load_yaml(content: str):
    """``yaml.safe_load``, as MyST loads front matter; with libyaml's parser when PyYAML has
    it (same loader rules, several times faster), and the pure-Python one otherwise and
    whenever libyaml refuses the text, so that errors are exactly MyST's."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            return yaml.load(content, Loader=loader)  # noqa: S506 (a safe loader)
        except (yaml.YAMLError, *_YAML_ERRORS):
            pass
    return yaml.safe_load(content)


def read_myst(text: str) -> Metadata:
    """A Markdown file's metadata, as MyST reads it."""
    import yaml

    text = _NEWLINES.sub("\n", text)
    directive = _find_post_directive(text, _MYST_POST)
    block = front_matter_block(text)
    if block is None:
        return Metadata(**directive)
    content, first, _ = block
    lines = _key_lines(content, first)
    try:
        data = load_yaml(content)
    except (yaml.YAMLError, *_YAML_ERRORS) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + 1 + mark.line if mark else _failing_line(content, first)
        return Metadata(lines=lines, problem=f"it is not valid YAML ({_yaml_reason(exc)})",
                        problem_line=line, **directive)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return Metadata(lines=lines, problem=f"it is a {type(data).__name__}, not a mapping",
                        problem_line=first + 1, **directive)
    return _metadata([(str(key), myst_text(value)) for key, value in data.items()], lines,
                     directive)


def _metadata(pairs: list[tuple[str, str]], lines: dict[str, int], directive: dict) -> Metadata:
    fields: dict[str, str] = {}
    every: dict[str, list[str]] = {}
    for key, value in pairs:
        fields.setdefault(key.lower(), value)  # the first spelling, as docutils takes the first date
        every.setdefault(key.lower(), []).append(value)
    return Metadata(fields=fields, lines=lines, keys=frozenset(key for key, _ in pairs),
                    all_values={k: tuple(v) for k, v in every.items()}, **directive)


def _failing_line(block: str, first: int) -> int:
    """The 1-based line of the first top-level entry YAML cannot load on its own (a value
    such as ``2024-13-45`` fails while being built, with no position)."""
    import yaml

    for offset, line in enumerate(block.split("\n")):
        if _KEY_LINE.match(line):
            try:
                yaml.safe_load(line)
            except (yaml.YAMLError, *_YAML_ERRORS):
                return first + offset + 1
    return first + 1


def _yaml_reason(exc: BaseException) -> str:
    problem = getattr(exc, "problem", None)
    return str(problem or exc).splitlines()[0][:120]


_RST_FIELD = re.compile(r"^:([^:\s][^:]*):(?:\s+(.*))?$")


def read_rst(text: str) -> Metadata:
    """A reStructuredText file's metadata: the field list it starts with, and its post."""
    text = _NEWLINES.sub("\n", text)
    directive = _find_post_directive(text, _RST_POST)
    pairs: list[list[str]] = []
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not pairs and not line.strip():
            continue
        match = _RST_FIELD.match(line)
        if match:
            pairs.append([match.group(1).strip(), (match.group(2) or "").strip()])
            lines.setdefault(pairs[-1][0].lower(), number)
        elif pairs and line[:1] in (" ", "\t") and line.strip():
            pairs[-1][1] = (pairs[-1][1] + " " + line.strip()).strip()
        else:
            break
    return _metadata([(key, value) for key, value in pairs], lines, directive)


_MYST_POST = re.compile(r"^[ ]{0,3}(?:`{3,}|~{3,}|:{3,})[ \t]*\{post\}[ \t]*(.*?)[ \t]*$", re.M)
_RST_POST = re.compile(r"^[ \t]*\.\.[ \t]+post::[ \t]*(.*?)[ \t]*$", re.M)


def _find_post_directive(text: str, pattern: re.Pattern) -> dict:
    match = pattern.search(text)
    if match is None:
        return {}
    return {"post_directive": True, "post_date": match.group(1) or None,
            "post_line": text.count("\n", 0, match.start()) + 1}


def read_metadata(text: str, suffix: str) -> Metadata:
    """A source file's metadata, by the parser its suffix selects."""
    return read_rst(text) if suffix == ".rst" else read_myst(text)


def split_list(raw: str | None) -> tuple[str, ...]:
    """A list-valued field as the parsers hand it on: ``a, b``, or MyST's JSON ``["a", "b"]``.

    Order is kept, blanks and repeats dropped; JSON is decoded (``caf\\u00e9`` is ``café``).
    """
    if raw is None:
        return ()
    text = str(raw).strip()
    items: list[str]
    if text.startswith("["):
        try:
            decoded = json.loads(text)
        except ValueError:
            decoded = None
        if isinstance(decoded, list):
            items = [myst_text(item) for item in decoded]
        else:
            items = text.strip("[]").split(",")
    else:
        items = text.split(",")
    found: list[str] = []
    for item in items:
        value = item.strip().strip("'\"").strip()
        if value and value not in found:
            found.append(value)
    return tuple(found)
