"""PostgreSQL fixtures: a real, throwaway PostgreSQL server for the session.

Loaded as a pytest plugin by tests/conftest.py. The server is started from the
Debian `postgresql` package's binaries (/usr/lib/postgresql/<version>/bin), which
`make test` installs (scripts/test-system-deps.sh). Without them the fixtures
FAIL, they do not skip: a suite that silently skipped its database tests would
pass without testing the production database.

Fixtures
- `pg_server` (session): the running server; `.url(db)`, `.create_database()`,
  `.drop_database()`, `.connect()`, `.restart()`, `.stop()`, `.start()`, `.running()`,
  and `with pg_server.stopped(): ...` (an outage; started again afterwards, even on failure).
- `pg_urls` (function): two fresh, empty databases (internal, public) as
  SQLAlchemy URLs, dropped afterwards.
- `release_extracts` (session): synthetic extracts big enough for a run to pass
  the disclosure audit quickly and for a load to take a moment (kill tests).

Tests using `pg_server` or `pg_urls` are marked `postgres` automatically too.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from etl.demo.generate import generate

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"
# Participants in `release_extracts`. The ETL's audit is slow and fails on sparse
# data (the 4,000-participant `small_extracts` fail it); at this size a run passes
# in under 10 s, and its load takes a few tenths of a second.
RELEASE_PARTICIPANTS = 150_000
RELEASE_SEED = 7
AS_OF_TEXT = "2026-11-22"


def find_pg_bindir() -> Path:
    """The newest PostgreSQL server binaries installed, or a test failure saying how to get them."""
    candidates = [
        Path(d) for d in glob.glob(PG_BIN_GLOB) if (Path(d) / "initdb").exists() and (Path(d) / "pg_ctl").exists()
    ]
    if not candidates:
        pytest.fail(
            f"PostgreSQL server binaries not found ({PG_BIN_GLOB}/initdb and pg_ctl). "
            "The PostgreSQL tests need a real server: run `make test` (it runs scripts/test-system-deps.sh, "
            "which installs Debian's `postgresql` package), or `apt-get install postgresql` as root.",
            pytrace=False,
        )

    def version(d: Path):
        name = d.parent.name
        return tuple(int(p) for p in name.split(".") if p.isdigit()) or (0,)

    return max(candidates, key=version)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One throwaway cluster in a temporary folder, run as the `postgres` OS user when we are root."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="vru-pg-"))
        self.datadir = self.root / "pgdata"
        self.sockdir = self.root / "sock"
        self.logfile = self.root / "server.log"
        self.sockdir.mkdir()
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:  # initdb refuses to run as root; the cluster belongs to `postgres`
            shutil.chown(self.root, user=SUPERUSER)
            shutil.chown(self.sockdir, user=SUPERUSER)

    # ---------------------------------------------------------------- process control
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.as_root:
            cmd = ["runuser", "-u", SUPERUSER, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=self.root)

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def initdb(self) -> None:
        done = self._run(
            self.bindir / "initdb", "-D", self.datadir, "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8"
        )
        if done.returncode != 0:
            pytest.fail(f"initdb failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}", pytrace=False)

    def start(self) -> None:
        # fsync off: a throwaway cluster; the tests kill clients, never the machine.
        options = f"-k {self.sockdir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        done = self._run(
            self.bindir / "pg_ctl", "-D", self.datadir, "-l", self.logfile, "-o", options, "-w", "-t", "60", "start"
        )
        if done.returncode != 0:
            pytest.fail(
                f"PostgreSQL did not start (exit {done.returncode}):\n{done.stdout}\n{done.stderr}\n--- server log "
                f"---\n{self._log_tail()}",
                pytrace=False,
            )

    def stop(self, mode: str = "immediate") -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.datadir, "-m", mode, "-w", "stop")

    def restart(self, mode: str = "immediate") -> None:
        """Stop the server (immediate: like a crash, no checkpoint) and start it again on the same port."""
        self.stop(mode)
        self.start()

    def running(self) -> bool:
        return self._run(self.bindir / "pg_ctl", "-D", self.datadir, "status").returncode == 0

    @contextlib.contextmanager
    def stopped(self, mode: str = "fast") -> Iterator[None]:
        """A database outage: the server is stopped (fast: sessions are ended, as in a
        maintenance restart) for the block, which may start() it again; if it has not,
        it is started on the way out, even on failure, for the session's later tests."""
        self.stop(mode)
        if self.running():
            pytest.fail(f"PostgreSQL did not stop:\n{self._log_tail()}", pytrace=False)
        try:
            yield
        finally:
            if not self.running():
                self.start()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # ---------------------------------------------------------------- databases
    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        """A plain psycopg connection in autocommit mode (close it when done)."""
        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=dbname, autocommit=True)

    def create_database(self, prefix: str = "vru", *, template: str | None = None) -> str:
        """A new database with a unique name (a copy of `template` if given: nobody may be connected to it)."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole session, stopped (and its files removed) at the end."""
    server = PostgresServer(find_pg_bindir())
    try:
        server.initdb()
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def pg_urls(pg_server: PostgresServer) -> Iterator[tuple[str, str]]:
    """(internal_url, public_url): two fresh, empty databases, dropped after the test."""
    names = [pg_server.create_database("vru_internal"), pg_server.create_database("vru_public")]
    try:
        yield pg_server.url(names[0]), pg_server.url(names[1])
    finally:
        for name in names:
            pg_server.drop_database(name)


@pytest.fixture(scope="session")
def release_extracts(tmp_path_factory) -> Path:
    """Synthetic extracts for whole runs (generated once per session; do not edit them)."""
    import datetime as dt

    out = tmp_path_factory.mktemp("release-extracts")
    generate(out, participants=RELEASE_PARTICIPANTS, seed=RELEASE_SEED, as_of=dt.date.fromisoformat(AS_OF_TEXT))
    return out


def pytest_collection_modifyitems(items):
    for item in items:
        if {"pg_server", "pg_urls"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)
