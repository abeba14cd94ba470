"""Helpers for tests that build copies of the site: copy the project, build it, diff outputs."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_project(dest: Path) -> Path:
    """Copy ``source/`` and ``ext/`` side by side (conf.py finds ``../ext``); the new source."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "source", dest / "source", ignore=ignore)
    shutil.copytree(ROOT / "ext", dest / "ext", ignore=ignore)
    return dest / "source"


def start_build(srcdir: Path, outdir: Path, env: dict | None = None) -> subprocess.Popen:
    """Start a strict build of ``srcdir`` into ``outdir/html`` (doctrees in ``outdir/doctrees``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q",
         "-d", str(outdir / "doctrees"), str(srcdir), str(outdir / "html")],
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
