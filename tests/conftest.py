"""Fixtures shared by every test folder."""

from __future__ import annotations

import ipaddress
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

#: ../shared beside the repository (or $NEWSFUSE_SHARED): the corpus and the eval data.
SHARED = Path(
    os.environ.get("NEWSFUSE_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder, or a skip with the reason when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not found: put the shared data beside the repository")
    return SHARED


# -- a throwaway PostgreSQL server ------------------------------------------------------


@dataclass(frozen=True)
class PostgresServer:
    """A PostgreSQL cluster the test session started: trust auth on 127.0.0.1 only."""

    port: int
    user: str = "newsfuse"

    def url(self, dbname: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"


def _postgres_bin() -> Path | None:
    """The folder with initdb and pg_ctl: on PATH, else Debian's newest under /usr/lib."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def _as_server_user() -> list[str]:
    """The prefix that runs a command as a user PostgreSQL accepts: never root."""
    if os.geteuid() != 0:
        return []
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"]
    pytest.skip("running as root with neither a postgres nor a nobody user to run PostgreSQL")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Starts a PostgreSQL cluster in a temporary folder for the session, then removes it.

    Skips only when no PostgreSQL server programs are installed (CI installs
    Debian's ``postgresql``). Durability is off: the cluster lives as long as
    the session.
    """
    bindir = _postgres_bin()
    if bindir is None:
        pytest.skip("no PostgreSQL server (initdb) on PATH or under /usr/lib/postgresql")
    prefix = _as_server_user()
    # Not under pytest's tmp folders: as root those are closed to the server's user.
    home = Path(tempfile.mkdtemp(prefix="newsfuse-pg-"))
    if prefix:
        shutil.chown(home, user=prefix[2])
    data, log = home / "data", home / "server.log"
    server = PostgresServer(port=_free_port())

    def run(*args: str | Path) -> None:
        done = subprocess.run(
            [*prefix, *map(str, args)], capture_output=True, text=True, timeout=120, check=False
        )
        if done.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {done.stderr}{done.stdout}\n{tail}")

    run(bindir / "initdb", "-D", data, "-U", server.user, "--auth=trust", "-E", "UTF8", "-N")
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={server.port} -c unix_socket_directories={home}"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    run(bindir / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start")
    try:
        yield server
    finally:
        run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def new_postgres_database(postgres_server: PostgresServer) -> Callable[[], str]:
    """Creates an empty database on the session's server and answers its URL."""
    import psycopg

    def create() -> str:
        name = f"test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(postgres_server.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return postgres_server.url(name)

    return create


@pytest.fixture
def postgres_url(new_postgres_database: Callable[[], str]) -> Iterator[str]:
    """The URL of a new, empty database on the session's server, dropped after the test."""
    import psycopg

    url = new_postgres_database()
    try:
        yield url
    finally:
        admin_url, _, name = url.rpartition("/")
        with psycopg.connect(f"{admin_url}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


# -- No network at run time ---------------------------------------------------------------------
# newsfuse must never fetch anything while it runs (models and data come installed). Every
# test runs with sockets confined to this machine: connecting to any other address, or
# looking up any name but localhost, raises NetworkBlocked, so a test (or a library under
# it) that reaches for the network fails loudly. Only this process is guarded: servers and
# CLIs that tests start as subprocesses, and C libraries with sockets of their own (libpq),
# are not.


class NetworkBlocked(RuntimeError):
    """A test tried to reach beyond this machine. Not an OSError: code that handles
    network errors (retries, fallbacks) must not swallow it."""


_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_local(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower().rstrip(".") in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _is_ip(host: object) -> bool:
    try:
        ipaddress.ip_address(host.decode() if isinstance(host, bytes) else str(host))
    except ValueError:
        return False
    return True


def _check_address(sock: socket.socket, address: object) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0] if isinstance(address, tuple) else address
        if not _is_local(host):
            raise NetworkBlocked(f"tests may not connect to {address!r}: only loopback")


@pytest.fixture(scope="session", autouse=True)
def _no_network() -> Iterator[None]:
    """Confine every socket of the test process to loopback for the whole session."""
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        _check_address(self, address)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        _check_address(self, address)
        return connect_ex(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        # An address needs no lookup (connect checks it); any other name would ask DNS.
        if not (_is_local(host) or _is_ip(host)):
            raise NetworkBlocked(f"tests may not look up {host!r}: only localhost")
        return getaddrinfo(host, *args, **kwargs)

    def guarded_by_name(lookup: Callable[[str], Any]) -> Callable[[str], Any]:
        def guarded(host: str) -> Any:
            if not (_is_local(host) or _is_ip(host)):
                raise NetworkBlocked(f"tests may not look up {host!r}: only localhost")
            return lookup(host)

        return guarded

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", guarded_connect)
        patch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
        patch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
        patch.setattr(socket, "gethostbyname", guarded_by_name(socket.gethostbyname))
        patch.setattr(socket, "gethostbyname_ex", guarded_by_name(socket.gethostbyname_ex))
        yield
