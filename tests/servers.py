"""Real servers for the essays' listings: redis-server (one standalone node and a cluster of
three primaries), PostgreSQL and etcd, from Debian's packages.

Each fixture starts its server once per session on 127.0.0.1, on free ports, with a private
data folder in a temporary directory, and stops it and removes the folder when the session
ends. A missing program skips the tests that need it with the reason, or fails them under
CI=true (``need_tool``); ``make test`` installs the packages when it runs as root.

PostgreSQL refuses to run as root: as root, initdb and the server run as an unprivileged
user (``postgres`` when Debian's package created it, otherwise ``nobody``).

``listing_env`` gives the addresses to the Go tests in environment variables:
LISTINGS_REDIS_ADDR, LISTINGS_REDIS_CLUSTER, LISTINGS_POSTGRES_URL, LISTINGS_ETCD_ENDPOINTS.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import need_tool
from tests.setup_tools import tool_path

STARTUP_SECONDS = 60
_ports: set[int] = set()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on, never the same one twice."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _ports and port + 10000 not in _ports:
            _ports.add(port)
            return port


def need(command: str, package: str) -> str:
    """Like ``need_tool``, but also finds PostgreSQL's programs off PATH."""
    return tool_path(command) or need_tool(command, package)


class Server:
    """One server process, its log in its folder; stopped gently, then killed."""

    def __init__(self, name: str, argv: list[str], folder: Path, stop_signal=signal.SIGTERM,
                 **popen):
        self.name, self.folder, self.stop_signal = name, folder, stop_signal
        self.log_path = folder / f"{name}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, **popen)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def wait_until(self, ready, what: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode} "
                                   f"before {what}:\n{self.log_tail()}")
            if ready():
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name}: no {what} after {STARTUP_SECONDS} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(self.stop_signal)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def private_folder(prefix: str, owner: pwd.struct_passwd | None = None) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"listings-{prefix}-"))
    if owner is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    return folder


# --- Redis ------------------------------------------------------------------------------

def redis_cli(port: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([need("redis-cli", "redis-tools"), "-h", "127.0.0.1", "-p", str(port),
                           *args], capture_output=True, text=True, timeout=30)


def _responds(port: int) -> bool:
    try:
        return redis_cli(port, "PING").stdout.strip() == "PONG"
    except subprocess.TimeoutExpired:
        return False


def start_redis(folder: Path, name: str, *extra: str) -> tuple[Server, int]:
    port = free_port()
    server = Server(name, [need("redis-server", "redis-server"), "--bind", "127.0.0.1",
                           "--port", str(port), "--dir", str(folder), "--save", "",
                           "--appendonly", "no", "--daemonize", "no", "--logfile", "",
                           *extra], folder)
    server.wait_until(lambda: _responds(port), "answer to PING")
    return server, port


@pytest.fixture(scope="session")
def redis_server():
    """One standalone redis-server: its ``host:port``."""
    need("redis-server", "redis-server")
    need("redis-cli", "redis-tools")
    folder = private_folder("redis")
    server = None
    try:
        server, port = start_redis(folder, "redis")
        yield f"127.0.0.1:{port}"
    finally:
        if server:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def cluster_info(port: int) -> dict[str, str]:
    text = redis_cli(port, "CLUSTER", "INFO").stdout
    return dict(line.split(":", 1) for line in text.split() if ":" in line)


@pytest.fixture(scope="session")
def redis_cluster():
    """A Redis Cluster of three primaries, slots assigned by ``redis-cli --cluster create``
    (the standard even split: 0-5460, 5461-10922, 10923-16383): its ``host:port`` list."""
    need("redis-server", "redis-server")
    need("redis-cli", "redis-tools")
    folder = private_folder("redis-cluster")
    servers: list[Server] = []
    try:
        ports = []
        for i in range(3):
            node = folder / f"node{i}"
            node.mkdir()
            bus = free_port()
            server, port = start_redis(node, f"redis-node{i}", "--cluster-enabled", "yes",
                                       "--cluster-config-file", "nodes.conf",
                                       "--cluster-port", str(bus),
                                       "--cluster-node-timeout", "5000")
            servers.append(server)
            ports.append(port)
        created = subprocess.run(
            [need("redis-cli", "redis-tools"), "--cluster", "create",
             *(f"127.0.0.1:{p}" for p in ports), "--cluster-replicas", "0", "--cluster-yes"],
            capture_output=True, text=True, timeout=120)
        if created.returncode != 0:
            raise RuntimeError(f"redis-cli --cluster create failed:\n{created.stdout}"
                               f"{created.stderr}")
        for server, port in zip(servers, ports):
            server.wait_until(lambda port=port: (lambda info: info.get("cluster_state") == "ok"
                                                 and info.get("cluster_known_nodes") == "3")(
                                  cluster_info(port)), "cluster_state:ok")
        yield [f"127.0.0.1:{p}" for p in ports]
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


# --- PostgreSQL -------------------------------------------------------------------------

def unprivileged_user() -> pwd.struct_passwd | None:
    """The user to run PostgreSQL as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    pytest.fail("running as root, and neither a postgres nor a nobody user exists to run "
                "PostgreSQL as (it refuses to run as root)")


def _pg_ready(data: Path) -> bool:
    # The postmaster writes its state on line 8 of postmaster.pid; "ready" once it accepts
    # connections.
    try:
        lines = (data / "postmaster.pid").read_text().splitlines()
    except OSError:
        return False
    return len(lines) >= 8 and lines[7].strip() == "ready"


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server with trust authentication on 127.0.0.1: its connection URL."""
    initdb = need("initdb", "postgresql")
    postgres = need("postgres", "postgresql")
    user = unprivileged_user()
    as_user = {} if user is None else {"user": user.pw_uid, "group": user.pw_gid,
                                       "extra_groups": []}
    folder = private_folder("postgres", user)
    data = folder / "data"
    server = None
    try:
        made = subprocess.run([initdb, "-D", str(data), "-U", "listings", "--auth=trust",
                               "--no-sync", "-E", "UTF8", "--locale=C"],
                              capture_output=True, text=True, cwd=folder, timeout=120,
                              **as_user)
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{made.stdout}{made.stderr}")
        port = free_port()
        server = Server("postgres", [
            postgres, "-D", str(data), "-c", f"port={port}", "-c", "listen_addresses=127.0.0.1",
            "-c", f"unix_socket_directories={folder}", "-c", "fsync=off",
            "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        ], folder, stop_signal=signal.SIGINT, cwd=folder, **as_user)  # SIGINT: fast shutdown
        server.wait_until(lambda: _pg_ready(data), "ready state in postmaster.pid")
        yield f"postgres://listings@127.0.0.1:{port}/postgres?sslmode=disable"
    finally:
        if server:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


# --- etcd -------------------------------------------------------------------------------

def _etcd_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return json.load(response).get("health") == "true"
    except (OSError, ValueError):
        return False


@pytest.fixture(scope="session")
def etcd_server():
    """A one-member etcd cluster: its client URL."""
    etcd = need("etcd", "etcd-server")
    folder = private_folder("etcd")
    client, peer = (f"http://127.0.0.1:{free_port()}" for _ in range(2))
    server = None
    try:
        server = Server("etcd", [
            etcd, "--name", "listings", "--data-dir", str(folder / "data"),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", f"listings={peer}", "--logger", "zap", "--log-outputs", "stderr",
        ], folder)
        server.wait_until(lambda: _etcd_healthy(client), "healthy /health")
        yield client
    finally:
        if server:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def listing_env(redis_server, redis_cluster, postgres_server, etcd_server) -> dict[str, str]:
    """The environment variables the listings' Go tests read their servers from."""
    return {
        "LISTINGS_REDIS_ADDR": redis_server,
        "LISTINGS_REDIS_CLUSTER": ",".join(redis_cluster),
        "LISTINGS_POSTGRES_URL": postgres_server,
        "LISTINGS_ETCD_ENDPOINTS": etcd_server,
    }
