"""Shared fixtures: Sphinx's test fixtures for tiny roots, and one real build of the site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ext"))

pytest_plugins = ["sphinx.testing.fixtures"]
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOT / "tests" / "roots"


def sphinx_build(outdir: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Build the real site strictly, the way ``make html`` and Read the Docs do."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
         "-d", str(outdir / "doctrees"), *extra, str(ROOT / "source"), str(outdir / "html")],
        capture_output=True, text=True, env={**os.environ, "TZ": "UTC", **(env or {})},
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per session with warnings as errors; its html folder."""
    out = tmp_path_factory.mktemp("site")
    result = sphinx_build(out)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    assert result.stderr.strip() == "", f"build printed warnings:\n{result.stderr}"
    return out / "html"


@pytest.fixture(scope="session")
def soup(site):
    """Parse a built page: ``soup("posts/x.html")``."""
    cache: dict[str, BeautifulSoup] = {}

    def load(relpath: str) -> BeautifulSoup:
        if relpath not in cache:
            cache[relpath] = BeautifulSoup((site / relpath).read_text(encoding="utf-8"),
                                           "html.parser")
        return cache[relpath]

    return load


def need_tool(command: str, package: str) -> str:
    """The tool's path; skips with the reason when absent, fails under CI=true."""
    path = shutil.which(command)
    if path:
        return path
    reason = f"{command} is not installed (Debian package {package}; `make test` installs it as root)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)
