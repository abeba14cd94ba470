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
    """A post has no ``date``."""
    DATE_INVALID = "date_invalid"
    """A post's or an update note's date is not a calendar date."""
    DATE_TIMEZONE = "date_timezone"
    """A post's ``date`` carries a timezone; post dates are calendar dates."""
    DATE_NO_YEAR = "date_no_year"
    """A post's ``date`` has no year."""
    DRAFT_VALUE = "draft_value"
    """A post's ``draft`` value is neither true nor false; the post is kept as a draft."""
    DRAFT_READ = "draft_read"
    """A post read as a draft or future post was not recognised before reading."""
    FRONT_MATTER = "front_matter"
    """A post's front matter cannot be read (not YAML, not a mapping)."""
    ENCODING = "encoding"
    """A source file is not UTF-8; it is left out of the build."""
    CONTROL_CHARS = "control_chars"
    """A post contains characters XML cannot carry; they are dropped from feeds and metadata."""
    SECTION_UNKNOWN = "section_unknown"
    """A post's ``category`` names no declared section, or is missing."""
    SUMMARY_MISSING = "summary_missing"
    """A post has no ``summary`` (only when ``writing_require_summary`` is on)."""
    TITLE_MISSING = "title_missing"
    """A post has no top-level heading."""
    TAG_UNKNOWN = "tag_unknown"
    """A post uses a tag outside ``writing_tags``."""
    SLUG_DUPLICATE = "slug_duplicate"
    """Two posts or two tags would share one page: their names collide."""
    PAGE_NOT_BUILT = "page_not_built"
    """A reference to an ABlog page this build does not make (the drafts page when drafts
    are not shown); it is plain text."""
    MULTI_POST = "multi_post"
    """A document holds more than one ``post``; only its first is listed (and one not
    directly under a heading is read as plain content: ABlog would loop on it)."""
    FIGURE = "figure"
    """A figure's source module is missing or does not render."""
    CONFIG = "config"
    """A configuration value is malformed, or an ABlog setting is not supported."""
    SERIAL_READ = "serial_read"
    """Sphinx reads serially because ABlog is not safe for parallel reading (``-j``)."""
    COMPAT = "compat"
    """An upstream package is outside the versions this extension was tested with."""


def warn(
    subtype: WritingWarning,
    message: str,
    location: object = None,
    log: SphinxLoggerAdapter = logger,
) -> None:
    """Emit a warning that ``-W`` fails on and ``suppress_warnings`` can silence."""
    log.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)
