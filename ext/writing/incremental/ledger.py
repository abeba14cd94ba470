"""Files the extension writes besides Sphinx's pages, kept when nothing they show changed.

Every build, ABlog's pages (and feeds) would be rendered and written again, even when
nothing they show changed: at 500 posts that was most of a rebuild's time. Each such
output gets a key, a digest of everything it is made from; the ledger records the key
and the written file's size and time. An output whose key and file are as recorded is
not made again. The ledger lives in the build cache (``cache.py``), so a new epoch or a
fresh environment forgets it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from writing.incremental.cache import BuildCache


class Ledger:
    """Keys of written outputs, by name, with each file's stamp."""

    def __init__(self, cache: BuildCache | None, name: str) -> None:
        self.cache = cache
        self.name = name
        stored = cache.load(name) if cache is not None else None
        stored = stored if isinstance(stored, dict) else {}
        self.previous: dict[str, list] = stored.get("outputs", {})
        self.previous_whole: str | None = stored.get("whole")
        self.current: dict[str, list] = {}

    @staticmethod
    def _stamp(path: Path) -> list[int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def fresh(self, name: str, key: str, path: Path) -> bool:
        """Whether ``path`` is the file written for exactly this key (then it is kept)."""
        entry = self.previous.get(name)
        if entry is None or entry[0] != key or entry[1:] != self._stamp(path):
            return False
        self.current[name] = entry
        return True

    def all_fresh(self, whole: str, path_of) -> bool:
        """Whether the last build was made from ``whole`` (a digest of every input) and
        left every output as it was; then every output is kept as it is."""
        if whole != self.previous_whole or not self.previous:
            return False
        if any(entry[1:] != self._stamp(path_of(name)) for name, entry in self.previous.items()):
            return False
        self.current = dict(self.previous)
        return True

    def written(self, name: str, key: str, path: Path) -> None:
        stamp = self._stamp(path)
        if stamp is not None:
            self.current[name] = [key, *stamp]

    def save(self, whole: str | None) -> None:
        if self.cache is not None and (self.current != self.previous
                                       or whole != self.previous_whole):
            self.cache.save(self.name, {"whole": whole, "outputs": self.current})
