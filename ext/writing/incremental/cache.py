"""The one folder of files kept between builds, and the one rule that keeps it right.

Everything the extension keeps outside the pickled environment lives in
``<doctreedir>/writing-cache/``: the metadata facts of each source (by content), the
ledger of generated pages and feeds, the rendered body of each feed post, and Jinja's
compiled templates (each checked by Jinja against its template's text). The folder
records the epoch it was written under (``epoch.py``); under another epoch, or with a
fresh environment (``-E``, a deleted doctree folder, an incompatible pickle), it is
emptied before anything in it is used.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

FOLDER = "writing-cache"
EPOCH_FILE = "epoch"


class BuildCache:
    """The cache folder of one build."""

    def __init__(self, doctreedir: str | Path, epoch: str) -> None:
        self.root = Path(doctreedir) / FOLDER
        self.epoch = epoch
        try:
            stored = (self.root / EPOCH_FILE).read_text(encoding="utf-8")
        except OSError:
            stored = None
        if stored != epoch:
            self.clear()

    def clear(self) -> None:
        """Forget everything kept, and start the folder under this epoch."""
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / EPOCH_FILE).write_text(self.epoch, encoding="utf-8")

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    def folder(self, name: str) -> Path:
        """A folder of the cache, for a library that keeps its own files."""
        path = self.path(name)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def load(self, name: str) -> Any:
        """A JSON file kept under ``name``; ``None`` when absent or unreadable."""
        try:
            return json.loads(self.path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save(self, name: str, data: Any) -> None:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False),
                             encoding="utf-8")
        temporary.replace(path)
