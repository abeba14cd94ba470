"""Run one Sphinx build in a subprocess and measure it: wall and CPU time, peak memory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# `make html` minus nothing: strict, nitpicky, one process (ABlog reads serially anyway).
SPHINX_FLAGS = ["-b", "html", "-W", "--keep-going", "-n"]
# Reproducible builds, as in `make html` (TZ) and the reproducibility test (epoch).
BUILD_ENV = {"TZ": "UTC", "SOURCE_DATE_EPOCH": "1735689600", "PYTHONHASHSEED": "0"}


class BuildFailed(RuntimeError):
    """A benchmark build failed or printed a warning: the numbers would mean nothing."""


@dataclass
class Build:
    """What one build cost."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the build process (and its children)
    maxrss_kb: int  # peak resident memory
    probe: dict = field(default_factory=dict)  # seconds per owner, from bench/probe.py

    def as_dict(self) -> dict:
        return {"wall": self.wall, "cpu": self.cpu, "maxrss_kb": self.maxrss_kb,
                "probe": self.probe}


def clean(outdir: Path) -> None:
    shutil.rmtree(outdir, ignore_errors=True)


def run_build(srcdir: Path, outdir: Path, log: Path) -> Build:
    """Build ``srcdir`` into ``outdir/html`` (doctrees in ``outdir/doctrees``)."""
    outdir.mkdir(parents=True, exist_ok=True)
    probe_path = outdir / "probe.json"
    probe_path.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("READTHEDOCS")}
    env.update(BUILD_ENV, WRITING_BENCH_PROBE=str(probe_path))
    env.pop("WRITING_DRAFTS", None)
    cmd = [sys.executable, "-m", "sphinx", *SPHINX_FLAGS, "-d", str(outdir / "doctrees"),
           str(srcdir), str(outdir / "html")]
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out, open(log.with_suffix(".err"), "w+",
                                                        encoding="utf-8") as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        errors = err.read()
    if process.returncode != 0 or errors.strip():
        raise BuildFailed(f"{' '.join(cmd)}\nexit {process.returncode}; stderr:\n{errors}")
    probe = json.loads(probe_path.read_text(encoding="utf-8")) if probe_path.is_file() else {}
    return Build(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_kb=usage.ru_maxrss,
                 probe=probe)
