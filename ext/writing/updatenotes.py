"""ABlog's update notes titled with the site's date format, whatever the machine's locale."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ablog.post import UpdateNode
from docutils import nodes

from writing.dates import DateProblem, format_display_date, parse_post_date

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def retitle_update_notes(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after ABlog): "Updated on June 2, 2024", not strftime's locale."""
    for note in doctree.findall(UpdateNode):
        parsed = parse_post_date(note.get("date", ""))
        if isinstance(parsed, DateProblem) or not note.children:
            continue
        if isinstance(note[0], nodes.title):
            text = f"Updated on {format_display_date(parsed)}"
            note[0].replace_self(nodes.title(text, text))
