"""Reading post front matter: pure helpers shared by validation, drafts and records."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^---\s*$")


def split_tags(raw: object) -> tuple[str, ...]:
    """``"a, b"``, ``"[a, 'b']"`` or a list -> ``("a", "b")``, order kept, no blanks."""
    if raw is None:
        return ()
    if isinstance(raw, (list, tuple)):
        items = [str(item) for item in raw]
    else:
        items = str(raw).strip().lstrip("[").rstrip("]").split(",")
    tags = []
    for item in items:
        tag = item.strip().strip("'\"").strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def front_matter_block(text: str) -> tuple[list[str], int] | None:
    """The front matter's lines and the line number (1-based) of its first line."""
    lines = text.splitlines()
    if not lines or not _FENCE.match(lines[0]):
        return None
    for end in range(1, len(lines)):
        if _FENCE.match(lines[end]):
            return lines[1:end], 2
    return None


def front_matter_line(text: str, key: str) -> int:
    """1-based line of ``key:`` in the front matter; the first line if it is absent."""
    block = front_matter_block(text)
    if block is None:
        return 1
    lines, first = block
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for offset, line in enumerate(lines):
        if pattern.match(line):
            return first + offset
    return 1


def read_front_matter(text: str) -> dict:
    """The front matter as a dict (empty when absent or not YAML)."""
    import yaml

    block = front_matter_block(text)
    if block is None:
        return {}
    # Every value as a string (BaseLoader): an impossible date such as 2024-13-45 must
    # reach the date check, not crash YAML's timestamp parsing. libyaml's parser when
    # PyYAML has it: ~6 times faster (drafts.py reads every post on every build).
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    try:
        data = yaml.load("\n".join(block[0]), Loader=loader)  # noqa: S506 (builds only str/list/dict)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}
