"""Helpers for tests that build copies of the site: copy the project, build it, diff outputs."""

from __future__ import annotations

import difflib
import functools
import io
import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_project(dest: Path) -> Path:
    """Copy ``source/`` and ``ext/`` side by side (conf.py finds ``../ext``); the new source."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "source", dest / "source", ignore=ignore)
    shutil.copytree(ROOT / "ext", dest / "ext", ignore=ignore)
    return dest / "source"


def strict_args(srcdir: Path, outdir: Path) -> list[str]:
    """``sphinx-build`` arguments for a strict build into ``outdir/html`` (doctrees in
    ``outdir/doctrees``), as ``make html`` runs it."""
    return ["-b", "html", "-W", "--keep-going", "-n", "-q", "-d", str(outdir / "doctrees"),
            str(srcdir), str(outdir / "html")]


def start_build(srcdir: Path, outdir: Path, env: dict | None = None) -> subprocess.Popen:
    """Start a strict build of ``srcdir`` into ``outdir/html`` (doctrees in ``outdir/doctrees``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "sphinx", *strict_args(srcdir, outdir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TZ": "UTC", **(env or {})},
    )


def finish(process: subprocess.Popen, what: str) -> None:
    """Wait for a build and fail with its output if it was not clean."""
    out, err = process.communicate()
    assert process.returncode == 0, f"{what} failed:\n{err}{out}"
    assert err.strip() == "", f"{what} printed warnings:\n{err}"


def build(srcdir: Path, outdir: Path, env: dict | None = None, what: str = "build") -> Path:
    finish(start_build(srcdir, outdir, env), what)
    return outdir / "html"


def build_pair(jobs: list[tuple[Path, Path, dict | None, str]]) -> None:
    """Run several builds at once (the machine has two cores) and check each."""
    running = [(start_build(src, out, env), what) for src, out, env, what in jobs]
    for process, what in running:
        finish(process, what)


# Builds in fresh processes forked from one that has already imported Sphinx, the theme and
# the extensions: a tiny project builds in about a third of a cold start's time. Nothing
# is carried from one build to the next (one process per build), as from the command line.
# The extension is the one in ext/ (not a copied project's): for the test roots.
WARM_MODULES = ("sphinx.cmd.build", "sphinx.application", "sphinx.builders.html",
                "docutils.parsers.rst", "myst_parser.parsers.sphinx_", "ablog.post", "furo",
                "sphinx_sitemap", "sphinxext.opengraph", "feedgen.feed", "yaml", "writing")


def sphinx_main(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``sphinx-build args`` in this process: its exit code and what it printed."""
    from sphinx.cmd.build import build_main

    os.environ.update(env)
    time.tzset()
    printed = io.StringIO()
    with redirect_stdout(printed), redirect_stderr(printed):
        code = build_main(args)
    return code, printed.getvalue()


@functools.cache
def warm_builders() -> ProcessPoolExecutor:
    """Two build processes (the machine has two cores), each used for one build."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(WARM_MODULES))
    return ProcessPoolExecutor(2, mp_context=context, max_tasks_per_child=1)


def warm_builds(jobs: list[tuple[list[str], dict | None]]) -> list[tuple[int, str]]:
    """Run ``sphinx-build`` with each job's arguments and environment, two at a time, in
    warm processes: each build's exit code and output (warnings, tracebacks)."""
    running = [warm_builders().submit(sphinx_main, args, {"TZ": "UTC", **(env or {})})
               for args, env in jobs]
    return [future.result() for future in running]


def build_pair_warm(jobs: list[tuple[Path, Path, dict | None, str]]) -> None:
    """``build_pair`` in warm processes: strict builds, each checked."""
    results = warm_builds([(strict_args(src, out), env) for src, out, env, _ in jobs])
    for (code, printed), (*_, what) in zip(results, jobs):
        assert code == 0, f"{what} failed:\n{printed}"
        assert printed.strip() == "", f"{what} printed warnings:\n{printed}"


def files(tree: Path) -> dict[str, Path]:
    return {p.relative_to(tree).as_posix(): p for p in sorted(tree.rglob("*")) if p.is_file()}


def tree_differences(left: Path, right: Path, names=("left", "right"),
                     ignore: set[str] = frozenset(), context: int = 2,
                     limit: int = 12) -> list[str]:
    """Human-readable differences between two output trees; empty when byte-identical."""
    a, b = files(left), files(right)
    problems = []
    for rel in sorted(set(a) - set(b) - ignore):
        problems.append(f"only in {names[0]}: {rel}")
    for rel in sorted(set(b) - set(a) - ignore):
        problems.append(f"only in {names[1]}: {rel}")
    for rel in sorted((set(a) & set(b)) - ignore):
        x, y = a[rel].read_bytes(), b[rel].read_bytes()
        if x == y:
            continue
        try:
            xl = x.decode("utf-8").splitlines()
            yl = y.decode("utf-8").splitlines()
        except UnicodeDecodeError:
            problems.append(f"differs (binary): {rel}")
            continue
        diff = list(difflib.unified_diff(xl, yl, names[0], names[1], n=context, lineterm=""))
        shown = [line[:300] for line in diff[:40]]
        if max(len(line) for line in xl + yl) > 300:  # minified output: show where it differs
            at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            shown = [f"first difference at byte {at}:",
                     f"{names[0]}: ...{x[max(0, at - 150):at + 150].decode(errors='replace')}...",
                     f"{names[1]}: ...{y[max(0, at - 150):at + 150].decode(errors='replace')}..."]
        problems.append(f"differs: {rel}\n    " + "\n    ".join(shown))
        if len(problems) >= limit:
            problems.append("... (more differences not shown)")
            break
    return problems
