"""ABlog's update notes titled with the site's date format, whatever the machine's locale."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ablog.post import UpdateNode
from docutils import nodes

from writing.dates import DateProblem, format_display_date, parse_post_date
from writing.validation import is_post

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def retitle_update_notes(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (after ABlog): "Updated on June 2, 2024", not strftime's locale.

    The site's posts are done by the post collector, in its own walk of the tree.
    """
    if is_post(app.config, app.env.docname):
        return
    retitle(doctree.findall(UpdateNode))


def retitle(notes) -> None:
    """Give each update note ABlog has titled the site's date format."""
    for note in notes:
        parsed = parse_post_date(note.get("date", ""))
        if isinstance(parsed, DateProblem) or not note.children:
            continue
        if isinstance(note[0], nodes.title):
            text = f"Updated on {format_display_date(parsed)}"
            note[0].replace_self(nodes.title(text, text))
