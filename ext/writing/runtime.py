"""What one build knows besides the environment: made at start-up, dropped at the end.

Kept by the application's configuration object (transforms and directives see the
configuration, not the application). Parallel writers get a copy when they are forked and
only read it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from writing.incremental.cache import BuildCache
    from writing.read.scan import Scan

_RUNTIMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass
class Runtime:
    """The build's cache folder, what was found before reading, and values worked out once."""

    cutoff: date
    code_epoch: str = ""
    cache: BuildCache | None = None
    scan: Scan | None = None
    reread_all: bool = False
    memo: dict[str, Any] = field(default_factory=dict)  # see ``once``

    def once(self, key: str, make):
        """``make()``, computed once per build phase (``forget`` drops it)."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def forget(self) -> None:
        """Posts are about to change (a new read): values derived from them are stale."""
        self.memo.clear()


def runtime(app: Sphinx) -> Runtime:
    return runtime_of(app.config)


_LAST: list = [None, None]  # the configuration last asked about, and its runtime


def runtime_of(config) -> Runtime:
    if _LAST[0] is config:  # asked thousands of times a build, nearly always for one build
        return _LAST[1]
    found = _RUNTIMES.get(config)
    if found is None:
        from writing.read.publication import publication_cutoff

        found = _RUNTIMES[config] = Runtime(cutoff=publication_cutoff())
    _LAST[:] = [config, found]
    return found


def start(app: Sphinx) -> Runtime:
    """A new build of ``app`` (tests may build one application twice)."""
    _RUNTIMES.pop(app.config, None)
    _LAST[:] = [None, None]
    return runtime(app)
