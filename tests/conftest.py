"""Shared fixtures: Sphinx's test fixtures for tiny roots, one real build of the site, and
that build served over HTTP to one Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ext"))

# Sphinx colours what it prints when CI=true; the tests read its warnings as plain text.
os.environ["NO_COLOR"] = "1"

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


def need_file(path: Path, how: str) -> Path:
    """A file a gate needs (e.g. a validator from node_modules); skips, or fails under CI=true."""
    if path.is_file():
        return path
    reason = f"{path.relative_to(ROOT)} is missing ({how})"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site; a missing path gets 404.html with status 404, as on a host."""

    def log_message(self, format, *args):  # keep pytest's output clean
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(site) -> str:
    """The built site over HTTP on 127.0.0.1 (search needs HTTP): its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SiteHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser), one per session."""
    chromium = need_tool("chromium", "chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        stop_forked_helpers()


def stop_forked_helpers() -> None:
    """End the processes this session forked through ``multiprocessing`` and left running.

    Parallel Sphinx builds start a manager process (sphinx-sitemap's link queue) that lives
    as long as its app, until the garbage collector finds the app. Forked while the browser
    ran, it holds the Playwright driver's input open, and Playwright waits for the driver to
    exit when the session ends: the run would hang."""
    import gc
    import multiprocessing

    gc.collect()  # managers of apps nobody holds shut down when collected
    for child in multiprocessing.active_children():
        child.terminate()
        child.join(timeout=5)
