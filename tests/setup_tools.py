"""Install what the test suite needs beyond Python: run by ``make test`` before pytest.

Debian packages (Chromium, gofmt, luac, Java, and the servers the essays' listings are
tested against: redis-server, PostgreSQL, etcd) come from apt when running as root; the
validators (Nu HTML checker, axe-core) and Lighthouse from the npm registry into
node_modules. Without root, missing Debian tools are reported and the tests that need them
skip with that reason -- except under CI=true, where every gate must run.

The listings need a Go toolchain at least as new as ``source/_listings/go.mod`` asks
(Debian's golang-go is older): the ``go`` on PATH when it is new enough, otherwise the
official toolchain from the Go module proxy, unpacked into a cache folder outside the
repository (``~/.cache/writing/``).
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# command on PATH (PostgreSQL's: in Debian's versioned folder) -> Debian package providing it
DEBIAN_TOOLS = {
    "chromium": "chromium",
    "gofmt": "golang-go",
    "luac5.4": "lua5.4",
    "java": "default-jre-headless",
    "node": "nodejs",
    "npm": "npm",
    "redis-server": "redis-server",
    "redis-cli": "redis-tools",
    "etcd": "etcd-server",
    "gcc": "gcc",  # go test -race needs cgo, so a C compiler
    "initdb": "postgresql",
    "postgres": "postgresql",
}

# Debian keeps PostgreSQL's server programs off PATH, in a folder per major version.
POSTGRES_BIN = Path("/usr/lib/postgresql")


def tool_path(command: str) -> str | None:
    """The command on PATH, or (PostgreSQL's programs) in Debian's newest versioned folder."""
    found = shutil.which(command)
    if found or command not in ("initdb", "postgres", "pg_ctl"):
        return found
    versions = sorted((p for p in POSTGRES_BIN.glob("*/bin") if (p / command).is_file()),
                      key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)])
    return str(versions[-1] / command) if versions else None


def missing_debian_tools() -> dict[str, str]:
    return {cmd: pkg for cmd, pkg in DEBIAN_TOOLS.items() if tool_path(cmd) is None}


# --- Go, for the listings ---------------------------------------------------------------

GO_MOD = ROOT / "source" / "_listings" / "go.mod"
# Downloaded only when the go on PATH is missing or older than go.mod asks; must satisfy it.
GO_TOOLCHAIN = "1.23.12"
# sha256 of the proxy's zip, whose dirhash is the checksum database's
# h1:CQZ55qhuGAYcgv4npnr3DsfZP3i8URMjkpv7TYHRIH4= for golang.org/toolchain v0.0.1-go1.23.12.linux-amd64.
GO_TOOLCHAIN_SHA256 = "7bf9a01c191c452bf1fa9266a547abe0e437ff46d16adc9ec55fcc4fea24c121"
GO_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "writing"
GO_PROXY = "https://proxy.golang.org"


def parse_version(text: str) -> tuple[int, ...]:
    """``go1.23.4`` or ``1.23`` -> (1, 23, 4) / (1, 23, 0); prereleases count as older."""
    match = re.match(r"(?:go)?(\d+)\.(\d+)(?:\.(\d+))?", text.strip())
    if not match:
        raise ValueError(f"not a Go version: {text!r}")
    return tuple(int(g or 0) for g in match.groups())


def required_go() -> tuple[int, ...]:
    """The newest of go.mod's ``go`` and ``toolchain`` lines."""
    found = re.findall(r"^(?:go|toolchain)\s+(?:go)?(\S+)", GO_MOD.read_text(), re.M)
    return max(parse_version(v) for v in found)


def go_version(binary: str) -> tuple[int, ...] | None:
    try:
        result = subprocess.run([binary, "env", "GOVERSION"], capture_output=True, text=True,
                                cwd="/", env={**os.environ, "GOTOOLCHAIN": "local"}, timeout=60)
        return parse_version(result.stdout) if result.returncode == 0 else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def cached_go() -> Path:
    return GO_CACHE / f"go{GO_TOOLCHAIN}" / "bin" / "go"


def find_go() -> str | None:
    """A go command new enough for go.mod: the one on PATH, else the cached download."""
    need = required_go()
    for candidate in (shutil.which("go"), str(cached_go())):
        if candidate and Path(candidate).is_file():
            version = go_version(candidate)
            if version and version >= need:
                return candidate
    return None


def install_go() -> str:
    """Download the pinned official toolchain from the Go module proxy, check it, unpack it."""
    if parse_version(GO_TOOLCHAIN) < required_go():
        raise RuntimeError(f"GO_TOOLCHAIN {GO_TOOLCHAIN} is older than go.mod asks")
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        raise RuntimeError("the pinned toolchain is for linux-amd64; install Go yourself")
    name = f"v0.0.1-go{GO_TOOLCHAIN}.linux-amd64"
    url = f"{GO_PROXY}/golang.org/toolchain/@v/{name}.zip"
    print(f"setup_tools: downloading Go {GO_TOOLCHAIN} ({url})", flush=True)
    GO_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=GO_CACHE) as tmp:
        archive = Path(tmp) / "go.zip"
        with urllib.request.urlopen(url, timeout=300) as response, open(archive, "wb") as out:
            shutil.copyfileobj(response, out)
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != GO_TOOLCHAIN_SHA256:
            raise RuntimeError(f"{url}: sha256 {digest}, expected {GO_TOOLCHAIN_SHA256}")
        prefix = f"golang.org/toolchain@{name}/"
        with zipfile.ZipFile(archive) as zf:
            for entry in zf.infolist():
                if not entry.filename.startswith(prefix) or ".." in entry.filename:
                    raise RuntimeError(f"{url}: unexpected entry {entry.filename}")
            zf.extractall(tmp)
        goroot = Path(tmp) / prefix
        # Module zips keep no file modes: the programs need their execute bit back.
        for program in [*goroot.glob("bin/*"), *goroot.glob("pkg/tool/*/*")]:
            program.chmod(0o755)
        target = cached_go().parents[1]
        shutil.rmtree(target, ignore_errors=True)
        goroot.rename(target)
    return str(cached_go())


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
    print("setup_tools: npm ci (validators, Lighthouse)", flush=True)
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
    if find_go() is None:
        try:
            install_go()
        except (OSError, RuntimeError) as error:
            print(f"setup_tools: no Go toolchain for the listings ({error}); "
                  "their tests will skip", flush=True)
            if os.environ.get("CI"):
                return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
