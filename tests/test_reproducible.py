"""Two clean builds of the same sources are byte-identical, whatever the machine's TZ.

The builds differ in everything that should not matter: time zone (UTC against
Pacific/Auckland, 13 hours ahead, so calendar dates fall on different days), hash seed
(set and dict ordering) and the folder the sources live in (absolute paths). They share
SOURCE_DATE_EPOCH only so that a build straddling midnight cannot publish a future-dated
post in one and not the other; nothing else in the output depends on the clock.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.buildtools import ROOT, build_pair, copy_project, files, tree_differences


def utc_offset(tz: str) -> int:
    """The offset the C library applies for ``tz`` (an unknown zone silently means UTC)."""
    out = subprocess.run([sys.executable, "-c", "import time; print(time.localtime().tm_gmtoff)"],
                         capture_output=True, text=True, check=True, env={**os.environ, "TZ": tz})
    return int(out.stdout)


def test_clean_builds_are_byte_identical(tmp_path):
    assert utc_offset("Pacific/Auckland") >= 12 * 3600, "no tz database: TZ would change nothing"
    epoch = str(int(time.time()))
    elsewhere = copy_project(tmp_path / "elsewhere")
    build_pair([
        (ROOT / "source", tmp_path / "utc",
         {"TZ": "UTC", "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": epoch}, "build in UTC"),
        (elsewhere, tmp_path / "auckland",
         {"TZ": "Pacific/Auckland", "PYTHONHASHSEED": "4242", "SOURCE_DATE_EPOCH": epoch},
         "build in Pacific/Auckland"),
    ])
    first, second = tmp_path / "utc" / "html", tmp_path / "auckland" / "html"
    compared = files(first)
    assert "searchindex.js" in compared and "blog/atom.xml" in compared
    problems = tree_differences(first, second, names=("UTC", "Pacific/Auckland"))
    assert not problems, "\n".join(problems)
