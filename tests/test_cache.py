"""The one cache folder and its epoch: nothing kept between builds outlives what made it."""

from __future__ import annotations

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from writing.incremental import epoch
from writing.incremental.cache import FOLDER, BuildCache

PACKAGE = epoch.PACKAGE_DIR


def _build(src: Path, **kwargs) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=src, warning=StringIO(), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture
def project(rootdir, tmp_path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-publishing", src)
    return src


def test_every_file_of_the_extension_is_in_the_code_epoch(tmp_path):
    copy = tmp_path / "writing"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    original = epoch.code_digest(copy)
    assert original == epoch.code_digest(PACKAGE)
    files = [p for p in sorted(copy.rglob("*")) if p.is_file()]
    assert len(files) > 30 and any(p.suffix == ".html" for p in files)
    for path in files:
        data = path.read_bytes()
        path.write_bytes(data + b"\n")
        assert epoch.code_digest(copy) != original, f"{path.relative_to(copy)} is not keyed"
        path.write_bytes(data)
    assert epoch.code_digest(copy) == original


def test_library_versions_and_settings_change_the_epochs(project, monkeypatch):
    app = SphinxTestApp("html", srcdir=project, warning=StringIO())
    try:
        code, cache = epoch.code_epoch(app), epoch.cache_epoch(app)
        with monkeypatch.context() as patch:
            patch.setattr(epoch, "_version",
                          lambda name: "9.9.9" if name.startswith("feedgen") else "1.0")
            assert epoch.code_epoch(app) != code
        app.config.writing_words_per_minute = 100
        assert epoch.code_epoch(app) == code  # a setting: the stored data stays good...
        assert epoch.cache_epoch(app) != cache  # ...but nothing kept from other settings
    finally:
        app.cleanup()


def test_a_new_epoch_empties_the_folder(tmp_path):
    kept = BuildCache(tmp_path, "one")
    kept.save("pages.json", {"a": 1})
    assert BuildCache(tmp_path, "one").load("pages.json") == {"a": 1}
    again = BuildCache(tmp_path, "two")
    assert again.load("pages.json") is None
    assert sorted(p.name for p in (tmp_path / FOLDER).iterdir()) == ["epoch"]


def test_a_fresh_environment_leaves_nothing_of_the_old_caches(project):
    app = _build(project)
    folder = Path(app.doctreedir) / FOLDER
    before = {p.relative_to(folder) for p in folder.rglob("*") if p.is_file()}
    assert {Path("pages.json"), Path("feeds.json"), Path("sources.json")} <= before
    planted = folder / "left-over.json"
    planted.write_text("{}", encoding="utf-8")
    (folder / "pages.json").write_text('{"whole": "stale", "outputs": {}}', encoding="utf-8")
    app = _build(project, freshenv=True)  # sphinx-build -E
    assert not planted.exists()
    assert "stale" not in (folder / "pages.json").read_text(encoding="utf-8")
    # A deleted doctree folder is a fresh environment too: the cache lives inside it.
    assert folder.parent == Path(app.doctreedir)


def test_state_made_by_other_code_is_read_again(project, monkeypatch):
    _build(project)
    read = []

    def count(app, doctree):
        read.append(app.env.docname)

    app = SphinxTestApp("html", srcdir=project, warning=StringIO())
    try:
        app.connect("doctree-read", count)
        app.build()
        assert read == []  # nothing changed: nothing read
    finally:
        app.cleanup()
    monkeypatch.setattr(epoch, "code_digest", lambda folder=PACKAGE: "other code")
    app = SphinxTestApp("html", srcdir=project, warning=StringIO())
    try:
        app.connect("doctree-read", count)
        app.build()
    finally:
        app.cleanup()
    assert sorted(read) == sorted(app.env.found_docs)


def test_a_reading_rate_change_rewrites_pages_without_reading(project):
    _build(project)
    read = []
    app = SphinxTestApp("html", srcdir=project, warning=StringIO(),
                        confoverrides={"writing_words_per_minute": 5})
    try:
        app.connect("doctree-read", lambda app, doctree: read.append(app.env.docname))
        app.build()
    finally:
        app.cleanup()
    assert read == []
    counts = app.env.writing_state.counts["posts/published"]
    minutes = round(counts.prose_words / 5 + counts.code_words / 100)
    assert minutes > 1
    page = (Path(app.outdir) / "posts" / "published.html").read_text(encoding="utf-8")
    assert f"{minutes} min read" in page


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(project):
    """Jinja's compiled templates live in the cache folder; each is checked against its
    template's text, so an edit that keeps the file's size and time still shows."""
    override = project / "_templates" / "writing" / "post-header.html"
    override.parent.mkdir(parents=True)
    override.write_text('<p class="marker">AAAA {{ post.title|e }}</p>\n', encoding="utf-8")
    settings = {"templates_path": ["_templates"]}
    app = _build(project, confoverrides=settings)
    compiled = list((Path(app.doctreedir) / FOLDER / "templates").glob("__jinja2_*.cache"))
    assert compiled, "no compiled template was kept"
    page = Path(app.outdir) / "posts" / "published.html"
    assert "AAAA" in page.read_text(encoding="utf-8")
    stat = override.stat()
    override.write_text('<p class="marker">BBBB {{ post.title|e }}</p>\n', encoding="utf-8")
    os.utime(override, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert override.stat().st_size == stat.st_size
    _build(project, confoverrides=settings)
    text = page.read_text(encoding="utf-8")
    assert "BBBB" in text and "AAAA" not in text
