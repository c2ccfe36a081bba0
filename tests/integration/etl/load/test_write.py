"""Loading a release (etl/load/) when things go wrong: a run killed while loading, a second run while one holds
the lock (on this host, or on another host sharing the PostgreSQL database), a load the database refuses, and a load
into a database made before some columns were renamed or some tables reshaped. On SQLite and on a real PostgreSQL
server.

No mocks: the ETL runs for real, as a subprocess (`python -m etl.cli run`) where it is killed or must fail, and
in-process to build release 1 and the run after a fault. Release 1 is built once per module (SQLite) or per session
(PostgreSQL, tests/conftest.py's `pg_release1`); each test gets its own copy (SQLite: the database files; PostgreSQL:
CREATE DATABASE ... TEMPLATE)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard.data import tables
from dashboard.internal import data as internal_data
from etl import pipeline
from etl.errors import ReleaseInProgress
from etl.load.lock import ADVISORY_LOCK_KEY, release_lock
from etl.load.schema import INTERNAL_SCHEMA_FILES, RENAMED_COLUMNS, SCHEMA_FILES, apply_schema, engine_for
from tests.support.db import column_names, query
from tests.support.earlier_schema import make_earlier_lcpf

READ = {**tables.TABLES, **internal_data.TABLES}  # the tables as the public and internal dashboards select them

AS_OF = dt.date(2026, 11, 22)
# Longest a test waits for the subprocess to reach its load (the run takes ~10 s).
REACH_LOAD_TIMEOUT = 60
POLL_SECONDS = 0.002


# ---------------------------------------------------------------------------- helpers
def releases(url: str) -> list[tuple]:
    return [
        (rid, bool(live)) for rid, live in query(url, "SELECT release_id, is_live FROM releases ORDER BY release_id")
    ]


def rows_by_release(url: str) -> dict[str, dict[int, int]]:
    """For every table with a release_id: {table: {release_id: rows}}."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            out = {}
            for table in insp.get_table_names():
                if "release_id" in {c["name"] for c in insp.get_columns(table)}:
                    out[table] = dict(
                        conn.execute(sa.text(f"SELECT release_id, COUNT(*) FROM {table} GROUP BY release_id")).all()
                    )
            return out
    finally:
        engine.dispose()


def cli_run(input_dir: Path) -> list[str]:
    return [sys.executable, "-m", "etl.cli", "run", "--input", str(input_dir), "--demo", "--as-of", AS_OF.isoformat()]


class Backend:
    """A pair of databases holding release 1, and how the CLI subprocess reaches them."""

    name: str
    internal_url: str
    public_url: str

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VRU_")}
        env["VRU_DATA_DIR"] = str(self.data_dir)
        return env

    def run_in_process(self, input_dir: Path) -> pipeline.RunReport:
        return pipeline.run(
            input_dir, demo=True, internal_url=self.internal_url, public_url=self.public_url, as_of=AS_OF
        )

    def loading(self, which: str):
        """Evidence that the run is inside its load transaction on `which` database, or None."""
        raise NotImplementedError

    def confirm_killed_mid_load(self, which: str, evidence) -> None:
        """After the kill: assert the transaction seen by `loading` never committed."""
        raise NotImplementedError

    def refuse_new_releases(self, table: str) -> None:
        """Make the public database refuse rows of any new release in `table` (release 1 untouched)."""
        raise NotImplementedError


class SqliteBackend(Backend):
    name = "sqlite"

    def __init__(self, data_dir: Path, template: Path):
        super().__init__(data_dir)
        data_dir.mkdir(parents=True, exist_ok=True)
        for db in ("internal.db", "public.db"):
            shutil.copy(template / db, data_dir / db)
        # The CLI subprocess gets no URL: these are its default databases under VRU_DATA_DIR.
        self.internal_url = f"sqlite:///{data_dir / 'internal.db'}"
        self.public_url = f"sqlite:///{data_dir / 'public.db'}"
        self.sizes = {db: (data_dir / db).stat().st_size for db in ("internal.db", "public.db")}

    def _journals(self, which: str) -> list[Path]:
        # The ETL uses SQLite's default rollback journal. (In WAL mode the -wal file
        # outlives commits, so neither check below would hold: this test would fail
        # to see the load rather than pass without seeing it.)
        return [self.data_dir / f"{which}.db-journal"]

    def loading(self, which: str):
        # SQLite keeps a rollback journal next to the database from the transaction's
        # first write (the UPDATE of releases) until its commit, which deletes it.
        # Waiting also for the database file to grow past its size before the run
        # means rows of the new release are being written, not just the first UPDATE.
        found = [p for p in self._journals(which) if p.exists()]
        if found and (self.data_dir / f"{which}.db").stat().st_size > self.sizes[f"{which}.db"]:
            return found
        return None

    def confirm_killed_mid_load(self, which: str, evidence) -> None:
        # A journal left behind by a dead process is "hot": the transaction never
        # committed, and the next connection rolls it back.
        left = [p for p in evidence if p.exists() and p.stat().st_size > 0]
        assert left, f"{which}.db's journal vanished before the kill: the transaction had committed"

    def refuse_new_releases(self, table: str) -> None:
        engine = sa.create_engine(self.public_url, poolclass=sa.pool.NullPool)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                f"CREATE TRIGGER refuse_new_releases BEFORE INSERT ON {table} WHEN NEW.release_id > 1 "
                "BEGIN SELECT RAISE(ABORT, 'this table is frozen'); END"
            )
        engine.dispose()


class PostgresBackend(Backend):
    name = "postgres"

    def __init__(self, data_dir: Path, server, template_names: tuple[str, str]):
        super().__init__(data_dir)
        self.server = server
        self.names = [server.create_database("vru_fault", template=t) for t in template_names]
        self.internal_url, self.public_url = (server.url(n) for n in self.names)
        self.admin = server.connect()

    def env(self) -> dict[str, str]:
        env = super().env()
        env["VRU_INTERNAL_DATABASE_URL"] = self.internal_url
        env["VRU_PUBLIC_DATABASE_URL"] = self.public_url
        return env

    def _dbname(self, which: str) -> str:
        return self.names[0] if which == "internal" else self.names[1]

    def loading(self, which: str):
        # A backend of the run, in a transaction that has written (it has an xid),
        # executing or just done an INSERT: the load is under way.
        return self.admin.execute(
            "SELECT pid, state, backend_xid::text, left(query, 60) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL "
            "AND state IN ('active', 'idle in transaction') AND query ILIKE 'INSERT%%'",
            (self._dbname(which),),
        ).fetchone()

    def wait_disconnected(self, timeout: float = 15) -> None:
        """Until the killed client's server processes have gone (they roll back on the way out)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            (n,) = self.admin.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ANY(%s) AND pid <> pg_backend_pid()",
                (self.names,),
            ).fetchone()
            if n == 0:
                return
            time.sleep(0.05)
        raise AssertionError("the killed run's database sessions are still there")

    def confirm_killed_mid_load(self, which: str, evidence) -> None:
        self.wait_disconnected()
        _pid, _state, xid, _query = evidence
        # A fresh cluster is in xid epoch 0, so the 32-bit xid is the full xid8.
        (status,) = self.admin.execute("SELECT pg_xact_status(%s::xid8)", (xid,)).fetchone()
        assert status == "aborted", f"the load transaction {xid} seen at kill time is {status}"

    def refuse_new_releases(self, table: str) -> None:
        # A column the ETL does not know about, required on new rows: the INSERT
        # fails with a NOT NULL violation. Release 1's rows get a value.
        with self.server.connect(self.names[1]) as conn:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN reviewed_by TEXT")
            conn.execute(f"UPDATE {table} SET reviewed_by = 'records team'")
            conn.execute(f"ALTER TABLE {table} ALTER COLUMN reviewed_by SET NOT NULL")

    def close(self) -> None:
        self.admin.close()
        for n in self.names:
            self.server.drop_database(n)


# ---------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def sqlite_release1(release_extracts, tmp_path_factory) -> Path:
    """A folder holding internal.db and public.db with release 1 (copied by each test)."""
    d = tmp_path_factory.mktemp("sqlite-release1")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(d))
        report = pipeline.run(
            release_extracts,
            demo=True,
            internal_url=f"sqlite:///{d / 'internal.db'}",
            public_url=f"sqlite:///{d / 'public.db'}",
            as_of=AS_OF,
        )
    assert report.release_id == 1
    return d


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request, data_dir):
    """Release 1 in a fresh copy of the databases of one kind; VRU_DATA_DIR set for the lock."""
    if request.param == "sqlite":
        yield SqliteBackend(data_dir, request.getfixturevalue("sqlite_release1"))
        return
    b = PostgresBackend(data_dir, request.getfixturevalue("pg_server"), request.getfixturevalue("pg_release1"))
    try:
        yield b
    finally:
        b.close()


def assert_only_release_1(url: str) -> None:
    assert releases(url) == [(1, True)]
    counts = rows_by_release(url)
    assert counts["published_counts"].get(1, 0) > 0  # release 1 still readable
    leftovers = {t: {r: n for r, n in by.items() if r != 1} for t, by in counts.items()}
    assert not any(leftovers.values()), f"rows of another release left behind: {leftovers}"


# ---------------------------------------------------------------------------- a. killed load
def kill_mid_load(backend: Backend, input_dir: Path, which: str):
    """Start `vru-etl run` and SIGKILL it once it is writing rows in `which` database's load."""
    log = backend.data_dir.parent / "killed-run.log"
    started = time.monotonic()
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would stall the run
        proc = subprocess.Popen(cli_run(input_dir), env=backend.env(), stdout=out, stderr=subprocess.STDOUT)
    evidence = None
    try:
        while proc.poll() is None and time.monotonic() - started < REACH_LOAD_TIMEOUT:
            evidence = backend.loading(which)
            if evidence:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(POLL_SECONDS)
    finally:
        if proc.poll() is None and not evidence:
            proc.kill()
        proc.wait()
    output = log.read_text(errors="replace")
    assert evidence, f"never saw the run inside its {which} load (exit {proc.returncode}):\n{output[-3000:]}"
    assert proc.returncode == -signal.SIGKILL, (
        f"the run was not killed by us (exit {proc.returncode}):\n{output[-3000:]}"
    )
    backend.confirm_killed_mid_load(which, evidence)
    return output


def live(url: str) -> list[int]:
    return [rid for rid, is_live in releases(url) if is_live]


def test_killed_internal_load_leaves_previous_release_live(backend, release_extracts):
    """Given release 1 is live in both databases
    When a second run is killed (SIGKILL) while writing rows in its internal database load
    Then release 1 is still the only live release in both databases, no row of
    release 2 exists anywhere, and the next run succeeds and becomes release 2."""
    kill_mid_load(backend, release_extracts, "internal")

    for url in (backend.internal_url, backend.public_url):
        assert_only_release_1(url)

    report = backend.run_in_process(release_extracts)
    assert report.release_id == 2
    for url in (backend.internal_url, backend.public_url):
        assert releases(url) == [(1, False), (2, True)]


# What this adds to the test above is about the two databases, not the engine: SQLite
# only, to keep the file fast (the PostgreSQL rollback is covered above and below).
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_killed_public_load_leaves_public_release_live(backend, release_extracts):
    """Given release 1 is live in both databases
    When a second run is killed (SIGKILL) while writing rows in its public database
    load (the internal load, which comes first, has committed)
    Then the public database still has release 1 as its only live release and no
    row of release 2, each database has exactly one live release, and the next
    run succeeds and is the live release in both."""
    kill_mid_load(backend, release_extracts, "public")

    assert_only_release_1(backend.public_url)
    assert len(live(backend.internal_url)) == 1

    report = backend.run_in_process(release_extracts)
    for url in (backend.internal_url, backend.public_url):
        assert live(url) == [report.release_id]


# ---------------------------------------------------------------------------- b. lock
def test_second_run_while_one_holds_the_lock_exits_5(small_extracts, data_dir):
    """Given a run holds the release lock (here: this test process)
    When another `vru-etl run` starts with the same VRU_DATA_DIR
    Then it exits with code 5 and says a run is in progress, without touching the databases."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRU_")}
    env["VRU_DATA_DIR"] = str(data_dir)
    with release_lock():
        assert (data_dir / "etl.lock").exists()
        done = subprocess.run(cli_run(small_extracts), env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 5, done.stderr
    assert "in progress" in done.stderr
    assert f"pid {os.getpid()}" in done.stderr  # it names the holder
    assert not (data_dir / "internal.db").exists()
    assert not (data_dir / "public.db").exists()


# ---------------------------------------------------------------------------- c. refused load
def test_refused_public_load_keeps_previous_release_live(backend, release_extracts):
    """Given release 1 is live, and the public database now refuses new rows in
    lcpf_funding (the last table loaded, so earlier tables are already written)
    When the next run loads
    Then it exits non-zero saying the previous release is still live, and the public
    database still has release 1 as its only live release, with no row of release 2."""
    backend.refuse_new_releases("lcpf_funding")
    done = subprocess.run(cli_run(release_extracts), env=backend.env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 6, done.stdout + done.stderr
    assert "public database refused release 2" in done.stderr
    assert "the previous release is still live" in done.stderr
    assert "Traceback" not in done.stderr

    assert_only_release_1(backend.public_url)
    # Whatever happened there, the internal database has exactly one live release.
    assert sum(live for _rid, live in releases(backend.internal_url)) == 1


def test_an_earlier_release_can_be_made_live_again_in_both_databases(small_extracts_master, data_dir, capsys):
    """Given two releases, when `vru-etl live --release 1` runs, then release 1 is live in both databases;
    asking for a release that does not exist changes nothing."""
    import sqlite3

    from etl.cli import main

    for _ in range(2):
        assert main(["run", "--input", str(small_extracts_master), "--demo", "--as-of", "2026-11-22"]) == 0
    assert main(["live", "--release", "1"]) == 0
    for db in ("internal.db", "public.db"):
        with sqlite3.connect(data_dir / db) as conn:
            assert conn.execute("SELECT release_id FROM releases WHERE is_live").fetchall() == [(1,)]
    assert main(["live", "--release", "9"]) == 6
    assert "no release 9" in capsys.readouterr().err
    with sqlite3.connect(data_dir / "public.db") as conn:
        assert conn.execute("SELECT release_id FROM releases WHERE is_live").fetchall() == [(1,)]


# ---------------------------------------------------------------------------- ETL on several hosts
@pytest.fixture
def pg_backend(pg_server, pg_release1, data_dir) -> Iterator[PostgresBackend]:
    """Release 1 in a fresh copy of the PostgreSQL pair; the CLI's environment points at it."""
    backend = PostgresBackend(data_dir, pg_server, pg_release1)
    try:
        yield backend
    finally:
        backend.close()


def advisory_lock_holders(admin) -> list[tuple[str, int]]:
    """(database, pid) of every session holding the ETL's advisory lock (`admin`: a psycopg connection)."""
    high, low = divmod(ADVISORY_LOCK_KEY, 2**32)
    return admin.execute(
        "SELECT d.datname, l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s AND l.objid = %s AND l.objsubid = 1",
        (high, low),
    ).fetchall()


@pytest.mark.parametrize("which", ["internal", "public"])
def test_a_run_while_another_host_holds_the_lock_exits_5(pg_server, pg_backend, release_extracts, which):
    """Given release 1 is live, and a run on another host holds the ETL's advisory lock in the `which`
    PostgreSQL database (its own session; this machine's lock file is free)
    When `vru-etl run` starts here
    Then it exits 5 saying another run is in progress and who holds the lock, and both databases
    still hold release 1 alone, live and unchanged."""
    before = {url: rows_by_release(url) for url in (pg_backend.internal_url, pg_backend.public_url)}
    dbname = pg_backend.names[0] if which == "internal" else pg_backend.names[1]
    with pg_server.connect(dbname) as other_host:
        other_host.execute("SET application_name = 'vru-etl on etl-host-2, pid 4242'")
        assert other_host.execute("SELECT pg_try_advisory_lock(%s)", (ADVISORY_LOCK_KEY,)).fetchone() == (True,)
        done = subprocess.run(
            cli_run(release_extracts), env=pg_backend.env(), capture_output=True, text=True, timeout=120, check=False
        )
    assert done.returncode == 5, done.stdout + done.stderr
    assert "another ETL run is in progress (vru-etl on etl-host-2, pid 4242 from 127.0.0.1, " in done.stderr
    assert f"holding the release lock in the {which} database" in done.stderr
    assert "wait for it to finish, then run again" in done.stderr and "Traceback" not in done.stderr
    for url in (pg_backend.internal_url, pg_backend.public_url):
        assert_only_release_1(url)
        assert rows_by_release(url) == before[url]


def test_one_database_for_both_takes_one_lock_that_refuses_another_host(pg_urls, tmp_path):
    """Given the production layout: the internal and public URLs reach one database (two schemas)
    When a run holds the release lock, and a run on another host (its own lock file) asks for it
    Then the first run holds it (its two URLs do not refuse each other), the second is refused
    naming the first, and once the first has finished the lock can be taken again."""
    url = pg_urls[0]
    both = {
        "internal": url + "?options=-csearch_path%3Dvru_internal",
        "public": url + "?options=-csearch_path%3Dvru_public",
    }
    refused = r"in progress \(vru-etl on .+ holding the release lock in the internal and public database"
    with (
        release_lock(tmp_path / "host-1.lock", databases=both),
        pytest.raises(ReleaseInProgress, match=refused),
        release_lock(tmp_path / "host-2.lock", databases=both),
    ):
        pass
    with release_lock(tmp_path / "host-2.lock", databases=both):
        pass


class LockedPostgresBackend(PostgresBackend):
    """Sees the run's load only while the run also holds the ETL's advisory lock."""

    def loading(self, which: str):
        evidence = super().loading(which)
        if evidence and {db for db, _pid in advisory_lock_holders(self.admin)} == set(self.names):
            return evidence
        return None


def test_a_killed_run_leaves_release_1_and_no_lock(pg_server, pg_release1, data_dir, release_extracts):
    """Given release 1 is live, and a `vru-etl run` holding the advisory lock in both databases
    When it is killed (SIGKILL) while writing rows in its internal load
    Then release 1 is intact and the only live release, no session holds the lock any more,
    and the next command that takes the lock is not refused."""
    backend = LockedPostgresBackend(data_dir, pg_server, pg_release1)
    try:
        kill_mid_load(backend, release_extracts, "internal")  # waits for the killed run's sessions to end

        for url in (backend.internal_url, backend.public_url):
            assert_only_release_1(url)
        assert advisory_lock_holders(backend.admin) == []

        # The next command that takes the release lock (here the quick one; test_faults.py shows
        # the next run loading release 2) is not refused.
        done = subprocess.run(
            [sys.executable, "-m", "etl.cli", "live", "--release", "1"],
            env=backend.env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        for url in (backend.internal_url, backend.public_url):
            assert releases(url) == [(1, True)]
    finally:
        backend.close()


@pytest.mark.integration  # two ETL runs
def test_the_next_run_on_a_database_made_before_the_rename_keeps_earlier_releases_readable(
    small_extracts_master, tmp_path, monkeypatch
):
    """Given databases holding release 1 under the old column names, when the ETL loads release 2, then both
    releases are read by the dashboard's queries under the new names, with release 1's values unchanged."""
    monkeypatch.setenv("VRU_DATA_DIR", str(tmp_path))
    urls = {
        "internal_url": f"sqlite:///{tmp_path / 'internal.db'}",
        "public_url": f"sqlite:///{tmp_path / 'public.db'}",
    }
    pipeline.run(small_extracts_master, demo=True, as_of=dt.date(2026, 11, 22), **urls)
    engines = {url: sa.create_engine(url) for url in urls.values()}
    before = {}
    for url, engine in engines.items():
        with engine.begin() as conn:
            for table, old, new in RENAMED_COLUMNS:
                if sa.inspect(conn).has_table(table):
                    before[url, table, new] = pd.read_sql(sa.text(f"SELECT * FROM {table} ORDER BY 1, 2, 3"), conn)
                    conn.exec_driver_sql(f"ALTER TABLE {table} RENAME COLUMN {new} TO {old}")
        engine.dispose()
    assert before
    pipeline.run(small_extracts_master, demo=True, as_of=dt.date(2026, 11, 22), **urls)
    for (url, table, new), old_rows in before.items():
        with engines[url].connect() as conn:
            assert new in column_names(conn, table)
            now = pd.read_sql(sa.text(f"SELECT * FROM {table} WHERE release_id = 1 ORDER BY 1, 2, 3"), conn)
            pd.testing.assert_frame_equal(now[old_rows.columns], old_rows)
            if table in READ:  # the dashboard reads the old release under the new names
                read = conn.execute(sa.select(READ[table]).where(READ[table].c.release_id == 1)).all()
                assert len(read) == len(old_rows)


# ---------------------------------------------------------------------------- e. tables of an earlier shape
EARLIER_RELEASE = {
    "release_id": 1,
    "created_at": "2025-06-01T09:00:00+00:00",
    "input_digest": "0" * 64,
    "rules": "{}",
    "cells_published": 0,
    "cells_suppressed": 0,
    "cells_suppressed_primary": 0,
    "cells_suppressed_secondary": 0,
    "audit_passed": True,
    "audit_detail": "{}",
    "warnings": 0,
    "synthetic_data": True,
    "is_live": True,
}


@pytest.mark.integration  # an ETL run
@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_a_run_on_databases_with_earlier_funding_tables_reshapes_them_and_keeps_release_1(
    small_extracts_master, tmp_path, monkeypatch, request, database
):
    """Given databases whose release 1 has the LCPF tables of the earlier shape (need NOT NULL, per 1,000 residents,
    no indicator in the summary's key), when the ETL loads release 2, then need may be NULL and release 2's City of
    London is [x]; release 1's rows are kept in the new shape; and the dashboard's queries read both releases."""
    if database == "sqlite":
        urls = {
            "internal_url": f"sqlite:///{tmp_path / 'internal.db'}",
            "public_url": f"sqlite:///{tmp_path / 'public.db'}",
        }
    else:
        internal, public = request.getfixturevalue("pg_urls")
        urls = {"internal_url": internal, "public_url": public}
    monkeypatch.setenv("VRU_DATA_DIR", str(tmp_path))
    for url, files in ((urls["internal_url"], INTERNAL_SCHEMA_FILES), (urls["public_url"], SCHEMA_FILES)):
        engine = engine_for(url)
        with engine.begin() as conn:
            apply_schema(conn, files=files)
            conn.execute(sa.table("releases", *[sa.column(c) for c in EARLIER_RELEASE]).insert(), [EARLIER_RELEASE])
            make_earlier_lcpf(conn)
        engine.dispose()

    pipeline.run(small_extracts_master, demo=True, as_of=AS_OF, **urls)

    for url in urls.values():
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            need = next(c for c in sa.inspect(conn).get_columns("lcpf_funding") if c["name"] == "need_value")
            assert need["nullable"]
            funding = pd.read_sql(sa.select(READ["lcpf_funding"]), conn)
            summary = pd.read_sql(sa.select(READ["lcpf_summary"]), conn)
        engine.dispose()
        earlier = funding[funding["release_id"] == 1].set_index("borough_code")
        assert earlier.loc["E09000008", ["need_value", "need_per_10k", "need_status"]].tolist() == [3_300, 84.4, ""]
        assert set(summary.loc[summary["release_id"] == 1, "need_indicator"]) == {"violence_with_injury"}
        city = funding[(funding["release_id"] == 2) & (funding["borough_code"] == "E09000001")]
        assert len(city) and city["need_value"].isna().all() and set(city["need_status"]) == {"x"}
        assert set(summary.loc[summary["release_id"] == 2, "need_indicator"]) == {
            "knife_crime_with_injury",
            "knife_injury_victims_1_24_non_domestic",
        }
