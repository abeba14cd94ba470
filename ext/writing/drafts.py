"""Drafts and future-dated posts: kept out of production builds entirely.

Decided from the front matter before Sphinx reads anything, by adding the files to
``exclude_patterns``: an excluded post has no page, listing, feed, sitemap or search entry.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from glob import glob
from pathlib import Path, PurePath

from writing.dates import DateProblem, parse_post_date
from writing.frontmatter import read_front_matter


def publication_cutoff(config) -> date:
    """Today in UTC, or the day of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(tz=timezone.utc).date()


def is_future(value: datetime, config) -> bool:
    return value.date() > publication_cutoff(config)


def is_draft(front_matter: dict, cutoff: date) -> bool:
    """A post is a draft when it says so or its date lies after ``cutoff``."""
    if str(front_matter.get("draft", "")).strip().lower() in ("true", "yes", "1"):
        return True
    raw = front_matter.get("date")
    if raw is None:
        return False  # a missing date is warned about, never a silent draft
    parsed = parse_post_date(str(raw))
    return not isinstance(parsed, DateProblem) and parsed.date() > cutoff


def find_drafts(srcdir: str | Path, patterns: list[str], cutoff: date) -> list[str]:
    """Source paths (relative, POSIX) of the posts that are drafts."""
    drafts = []
    for pattern in patterns:
        for path in sorted(glob(os.path.join(srcdir, pattern), recursive=True)):
            if not path.endswith(".md"):
                continue
            text = Path(path).read_text(encoding="utf-8", errors="replace")
            if is_draft(read_front_matter(text), cutoff):
                drafts.append(PurePath(path).relative_to(srcdir).as_posix())
    return drafts


def exclude_drafts(app, config) -> None:
    """``config-inited``: hide drafts unless ``writing_show_drafts`` is on."""
    if config.writing_show_drafts:
        return
    patterns = config.blog_post_pattern
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    patterns = [p if p.endswith(".md") else p + ".md" for p in patterns]
    drafts = find_drafts(app.srcdir, patterns, publication_cutoff(config))
    config.exclude_patterns = list(config.exclude_patterns) + drafts
    app.writing_hidden_drafts = drafts
