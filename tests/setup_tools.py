"""Install what the test suite needs beyond Python: run by ``make test`` before pytest.

Debian packages (Chromium, gofmt, luac, Java) come from apt when running as root; the
validators (Nu HTML checker, axe-core) from the npm registry into node_modules. Without
root, missing Debian tools are reported and the tests that need them skip with that
reason -- except under CI=true, where every gate must run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# command on PATH -> Debian package that provides it
DEBIAN_TOOLS = {
    "chromium": "chromium",
    "gofmt": "golang-go",
    "luac5.4": "lua5.4",
    "java": "default-jre-headless",
    "node": "nodejs",
    "npm": "npm",
}


def missing_debian_tools() -> dict[str, str]:
    return {cmd: pkg for cmd, pkg in DEBIAN_TOOLS.items() if shutil.which(cmd) is None}


def install_debian(packages: list[str]) -> None:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"setup_tools: apt-get install {' '.join(packages)}", flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def install_node_modules() -> None:
    stamp = ROOT / "node_modules" / ".package-lock.json"
    lock = ROOT / "package-lock.json"
    if stamp.is_file() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    print("setup_tools: npm ci (validators)", flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=ROOT, check=True)


def main() -> int:
    missing = missing_debian_tools()
    if missing:
        if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
            install_debian(sorted(set(missing.values())))
            missing = missing_debian_tools()
        if missing:
            message = ", ".join(f"{cmd} (Debian package {pkg})" for cmd, pkg in missing.items())
            print(f"setup_tools: not installed: {message}; tests needing them will skip",
                  flush=True)
            if os.environ.get("CI"):
                print("setup_tools: CI=true requires every tool", file=sys.stderr)
                return 1
    if shutil.which("npm"):
        install_node_modules()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
