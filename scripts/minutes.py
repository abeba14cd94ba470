"""Print each post's reading time as the site computes it: ``make minutes``.

Builds the site into a temporary folder (warnings are shown, not fatal) and reads the
counts the extension stored, with the reading speeds set in ``source/conf.py``, so an
author can size a draft against a target length.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ext"))

from sphinx.cmd.build import build_main  # noqa: E402

from writing.read.readingtime import reading_minutes, reading_seconds  # noqa: E402
from writing.render.cards import rates  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        code = build_main(["-q", "-b", "html", "-d", f"{tmp}/doctrees", str(ROOT / "source"),
                           f"{tmp}/html"])
        if code:
            return code
        with open(f"{tmp}/doctrees/environment.pickle", "rb") as fh:
            env = pickle.load(fh)
    speeds = rates(env.config)
    kept = env.writing_state
    print(f"{'post':<48} {'min':>4} {'secs':>6} {'prose':>6} {'code':>5} {'cjk':>4} {'img':>3}")
    for docname in sorted(kept.posts):
        c = kept.counts[docname]
        print(f"{docname:<48} {reading_minutes(c, speeds):>4} {reading_seconds(c, speeds):>6.0f} "
              f"{c.prose_words:>6} {c.code_words:>5} {c.cjk_chars:>4} {c.images:>3}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
