"""The typed warnings the extension emits: one subtype per problem an author can fix."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.util.logging import SphinxLoggerAdapter

WARNING_TYPE = "writing"
logger = logging.getLogger(__name__)


class WritingWarning(Enum):
    """Subtypes of the ``writing`` warning type; silence one with ``writing.<value>``."""

    DATE_MISSING = "date_missing"
    """A post has no ``date`` in its front matter."""
    DATE_INVALID = "date_invalid"
    """A post's ``date`` is not a calendar date."""
    DATE_TIMEZONE = "date_timezone"
    """A post's ``date`` carries a timezone; post dates are calendar dates."""
    DATE_NO_YEAR = "date_no_year"
    """A post's ``date`` has no year."""
    SECTION_UNKNOWN = "section_unknown"
    """A post's ``category`` names no declared section, or is missing."""
    SUMMARY_MISSING = "summary_missing"
    """A post has no ``summary`` in its front matter."""
    TITLE_MISSING = "title_missing"
    """A post has no top-level heading."""
    TAG_UNKNOWN = "tag_unknown"
    """A post uses a tag outside ``writing_tags``."""
    SLUG_DUPLICATE = "slug_duplicate"
    """Two posts share a file name, so their URLs and labels collide."""
    FIGURE = "figure"
    """A figure's source module is missing or does not render."""
    CONFIG = "config"
    """A ``writing_*`` configuration value is malformed."""


def warn(
    subtype: WritingWarning,
    message: str,
    location: object = None,
    log: SphinxLoggerAdapter = logger,
) -> None:
    """Emit a warning that ``-W`` fails on and ``suppress_warnings`` can silence."""
    log.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)
