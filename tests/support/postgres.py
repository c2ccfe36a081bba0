"""A real, throwaway PostgreSQL server (the fixtures that start it are in tests/conftest.py).

The server is started from the Debian `postgresql` package's binaries (/usr/lib/postgresql/<version>/bin), which
`make test` installs (scripts/test-system-deps.sh). Without them the tests that need it FAIL, they do not skip: a
suite that silently skipped its database tests would pass without testing the production database.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.support.servers import free_port

PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "postgres"


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


class PostgresServer:
    """One throwaway cluster in a temporary folder, run as the `postgres` OS user when we are root."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="vru-pg-"))
        self.datadir = self.root / "pgdata"
        self.sockdir = self.root / "sock"
        self.logfile = self.root / "server.log"
        self.sockdir.mkdir()
        self.port = free_port()
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
