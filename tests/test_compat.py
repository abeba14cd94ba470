"""Upstream internals: used only in ``_compat.py``, each checked against its tested versions."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from writing import _compat

PACKAGE = Path(_compat.__file__).parent
# Names that are not documented API of ABlog, Sphinx or sphinx-sitemap.
PRIVATE = re.compile(
    r"Blog\._dict|\._posts\b|events\.listeners|\.listeners\b|_title_mapping|\._mapping\b"
    r"|ablog_posts|sitemap_links|\bTOMORROW\b|add_html_link|record_builder_type"
    r"|generate_archive_pages|generate_atom_feeds"
    r"|\b(?:app|env|builder|config|indexer|events|blog)\._[a-z]\w*")


def test_no_private_upstream_name_outside_compat():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "_compat.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = re.sub(r"_compat\.\w+", "", line.split("#", 1)[0])
            if PRIVATE.search(code):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert offenders == []


def test_the_check_catches_a_private_name(tmp_path):
    assert PRIVATE.search("    Blog._dict.clear()")
    assert PRIVATE.search("app.events.listeners.get('x')")
    assert PRIVATE.search("mapping = indexer._mapping")
    assert not PRIVATE.search("app.config.writing_tags")


@pytest.mark.parametrize("package, version, expected", [
    ("sphinx", "9.0.4", True), ("sphinx", "8.2.3", True), ("sphinx", "9.1.1", True),
    ("sphinx", "8.1.3", False), ("sphinx", "10.0.0", False),
    ("ablog", "0.11.13", True), ("ablog", "0.12.0", False), ("ablog", "0.10.33", False),
    ("sphinx-sitemap", "2.9.0", True), ("sphinx-sitemap", "3.0.0", False),
    ("sphinx", "garbage", False),
])
def test_tested_ranges(package, version, expected):
    assert _compat.supported(package, version) is expected


def test_installed_versions_are_tested():
    for package in _compat.TESTED:
        assert _compat.supported(package), f"{package} {_compat.version_of(package)}"


@pytest.fixture
def publishing(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publishing", src)
    return src


def test_an_untested_version_turns_the_feature_off_with_a_typed_warning(publishing,
                                                                        monkeypatch):
    real = _compat.version_of
    monkeypatch.setattr(_compat, "version_of",
                        lambda name: "0.99.0" if name == "ablog" else real(name))
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=publishing, warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    text = warnings.getvalue()
    assert re.search(r"ablog 0\.99\.0 is outside the versions this extension is tested with "
                     r"\(0\.11 to 0\.11\).*\[writing\.compat\]", text)
    assert text.count("ablog 0.99.0 is outside") == 1  # once per build, not per use
    assert "Traceback" not in text


def test_ablog_pages_and_feeds_are_replaced(publishing):
    from ablog.post import generate_archive_pages, generate_atom_feeds

    app = SphinxTestApp("html", srcdir=publishing, warning=StringIO())
    try:
        app.build()
        handlers = {_compat._unwrapped(listener.handler) for listener
                    in app.events.listeners["html-collect-pages"]}
        assert generate_archive_pages not in handlers and generate_atom_feeds not in handlers
    finally:
        app.cleanup()


def test_ablog_state_is_reset_between_builds(publishing, tmp_path):
    from ablog.blog import Blog

    first = SphinxTestApp("html", srcdir=publishing, warning=StringIO())
    try:
        first.build()
        assert Blog._dict  # ABlog's process-wide state was used
    finally:
        first.cleanup()
    other = tmp_path / "other"
    shutil.copytree(publishing, other)
    (other / "posts" / "updated.md").unlink()
    (other / "posts" / "published.md").write_text(
        (other / "posts" / "published.md").read_text(encoding="utf-8").replace(
            "a link to {doc}`/posts/updated`", "no link"), encoding="utf-8")
    second = SphinxTestApp("html", srcdir=other, warning=StringIO())
    try:
        second.build()
        assert Blog(second).app is second
        assert "posts/updated" not in {p.docname for p in Blog(second).posts}
    finally:
        second.cleanup()


def test_slimmed_ablog_records_keep_what_ablog_shows(publishing):
    app = SphinxTestApp("html", srcdir=publishing, warning=StringIO())
    try:
        app.build()
        infos = _compat.ablog_post_infos(app.env, "posts/published")
        assert infos and infos[0]["title"] == "Published post"
        assert infos[0]["doctree"].children == []  # the body copy ABlog's feeds needed
        for excerpt in infos[0]["excerpt"]:
            assert all(node.document is None for node in excerpt.findall())
    finally:
        app.cleanup()


def test_serial_reading_warning_is_typed(publishing):
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=publishing, warning=warnings, parallel=2,
                        confoverrides={"suppress_warnings": []})
    try:
        app.build()
    finally:
        app.cleanup()
    text = warnings.getvalue()
    assert "not safe for parallel reading" in text and "[writing.serial_read]" in text
    quiet = StringIO()
    app = SphinxTestApp("html", srcdir=publishing, warning=quiet, parallel=2,
                        confoverrides={"suppress_warnings": ["writing.serial_read"]})
    try:
        app.build()
    finally:
        app.cleanup()
    assert "parallel reading" not in quiet.getvalue()


def test_the_package_installs_over_the_tested_range():
    """``pip install .`` asks for the versions the extension is tested with, not this
    site's pins, so a site on another tested Sphinx can install it."""
    import tomllib

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {Requirement(r).name: Requirement(r).specifier
              for r in pyproject["project"]["dependencies"]}
    for package, (low, high) in _compat.TESTED.items():
        if package not in wanted:  # optional (sphinx-sitemap): the site installs it
            continue
        assert wanted[package].contains(f"{low[0]}.{low[1]}.0"), package
        assert wanted[package].contains(f"{high[0]}.{high[1]}.9"), package
        assert not wanted[package].contains(f"{high[0]}.{high[1] + 1}.0"), package
    assert not any("==" in str(spec) for spec in wanted.values())


def test_the_wheel_carries_templates_and_static_files(tmp_path):
    """What ``pip install .`` installs: the package with every template and static file
    it registers (the site's own copies are not there to fall back on)."""
    import subprocess
    import sys
    import zipfile

    root = PACKAGE.parents[1]
    source = tmp_path / "source"  # a copy: building writes into the source folder
    shutil.copytree(root / "ext", source / "ext", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                           "-w", str(tmp_path / "dist"), str(source)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Warning" not in done.stderr, done.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped <= names, sorted(shipped - names)
