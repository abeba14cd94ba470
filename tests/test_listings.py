"""The essays' listings run: every Go package under source/_listings (one per essay) is
vetted and tested with the race detector, against a real redis-server (standalone and a
three-primary cluster), PostgreSQL and etcd started for the session (``tests/servers.py``).
The Lua scripts and SQL files the essays show are loaded by those packages (``go:embed``)
and run on the servers by their tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import need_tool
from tests.servers import (  # noqa: F401  (session fixtures)
    etcd_server,
    listing_env,
    postgres_server,
    redis_cluster,
    redis_server,
)
from tests.setup_tools import find_go, required_go

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT / "source" / "_listings"
# A Go test that needs a server says so when it skips (internal/test* helpers).
SKIPPED_FOR_A_SERVER = re.compile(r"LISTINGS_\w+ not set")

pytestmark = pytest.mark.listings


@pytest.fixture(scope="module")
def go() -> str:
    need_tool("gcc", "gcc")  # the race detector needs cgo
    found = find_go()
    if found:
        return found
    version = ".".join(map(str, required_go()))
    reason = (f"no go command at least as new as go {version} (source/_listings/go.mod); "
              "`make test` downloads the official toolchain")
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def run_go(go: str, *args: str, env: dict[str, str] | None = None,
           timeout: int = 900) -> subprocess.CompletedProcess:
    # GOTOOLCHAIN=local: use exactly this toolchain, never switch to another one on the fly.
    base = {k: v for k, v in os.environ.items() if not k.startswith("LISTINGS_")}
    return subprocess.run([go, *args], cwd=LISTINGS, capture_output=True, text=True,
                          timeout=timeout,
                          env={**base, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=readonly",
                               **(env or {})})


def packages_with_tests() -> set[str]:
    return {p.parent.relative_to(LISTINGS).as_posix() for p in LISTINGS.rglob("*_test.go")}


def test_go_vet(go):
    # -race: vet type-checks against the same race-instrumented build of the dependencies
    # that go test -race then reuses from the build cache, instead of compiling them twice
    # (on two cores, a minute or more from a cold cache). The checks are go vet's own.
    result = run_go(go, "vet", "-race", "./...")
    assert result.returncode == 0, f"go vet -race ./...:\n{result.stdout}{result.stderr}"


def test_go_test_race_against_real_servers(go, listing_env):
    result = run_go(go, "test", "-race", "-count=1", "-timeout=5m", "-json", "./...",
                    env=listing_env)
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    output: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event in events:
        if event.get("Action") == "output":
            output[event["Package"], event.get("Test", "")].append(event["Output"])
    failed = [(e["Package"], e.get("Test", "")) for e in events if e.get("Action") == "fail"]
    details = "".join(line for key in failed for line in output[key])
    assert result.returncode == 0 and not failed, \
        f"go test -race ./... failed: {failed}\n{details}{result.stderr[-4000:]}"

    module = "writing.example/listings/"
    passed = defaultdict(int)
    for event in events:
        if event.get("Action") == "pass" and event.get("Test"):
            passed[event["Package"].removeprefix(module)] += 1
        if event.get("Action") == "skip" and event.get("Test"):
            said = "".join(output[event["Package"], event["Test"]])
            assert not SKIPPED_FOR_A_SERVER.search(said), \
                f"{event['Package']} {event['Test']} skipped although the servers run:\n{said}"
    for package, count in sorted(passed.items()):
        print(f"{package}: {count} tests passed")
    idle = sorted(p for p in packages_with_tests() if passed[p] == 0)
    assert idle == [], f"packages whose tests did not run: {idle}"


def embedded_files(package: Path) -> set[str]:
    names = set()
    for source in package.glob("*.go"):
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("//go:embed "):
                names.update(line.split()[1:])
    return names


def test_every_script_and_query_is_loaded_by_its_package():
    """A Lua script or SQL file an essay shows is run by the tests only if its package
    embeds it; one that nothing loads would be shown untested."""
    scripts = sorted(p for ext in ("*.lua", "*.sql") for p in LISTINGS.rglob(ext))
    assert scripts, "no Lua or SQL listings found"
    for script in scripts:
        assert script.name in embedded_files(script.parent), \
            f"{script.relative_to(ROOT)} is not embedded by a Go file beside it"
        assert list(script.parent.glob("*_test.go")), f"{script.parent.name} has no tests"


def test_pinned_toolchain_satisfies_go_mod():
    from tests.setup_tools import GO_TOOLCHAIN, parse_version

    assert parse_version(GO_TOOLCHAIN) >= required_go()
