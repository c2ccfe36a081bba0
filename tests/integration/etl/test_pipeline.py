"""A whole ETL run on a real PostgreSQL server (the production database).

One release is built once per module into a pair of PostgreSQL databases, and once
into SQLite from the same extracts; the tests read them. The second-run test works
on copies of the PostgreSQL pair (CREATE DATABASE ... TEMPLATE).
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from etl import extract, pipeline
from tests.support.db import query

pytestmark = pytest.mark.postgres

AS_OF = dt.date(2026, 11, 22)


def table_names(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


def _plain(value):
    """SQLite returns booleans as 0/1, PostgreSQL as bool: compare them as ints."""
    return int(value) if isinstance(value, bool) else value


def table_contents(url: str, table: str) -> list[tuple]:
    """Every row of a table, ordered by its primary key (all columns when it has none)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            columns = [c["name"] for c in insp.get_columns(table)]
            key = insp.get_pk_constraint(table)["constrained_columns"] or columns
            if table == "releases":  # when it ran and was published, and how long the audit took, differ by nature
                # (and the digest of the protected tables: each database orders the rows by its own rules)
                for column in ("created_at", "publish_at", "published_at", "content_digest"):
                    columns.remove(column)
            rows = conn.execute(sa.text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(key)}"))
            out = []
            for row in rows:
                record = dict(zip(columns, (_plain(v) for v in row)))
                if table == "releases":
                    detail = json.loads(record["audit_detail"])
                    detail.pop("seconds")
                    record["audit_detail"] = detail
                out.append(tuple(record.items()))
            return out
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def pg_release(pg_server, release_extracts, tmp_path_factory):
    """Release 1 built from `release_extracts` into a fresh PostgreSQL pair (internal, public)."""
    names = [pg_server.create_database("vru_internal"), pg_server.create_database("vru_public")]
    urls = [pg_server.url(n) for n in names]
    try:
        with pytest.MonkeyPatch.context() as mp:  # the release lock lives in VRU_DATA_DIR
            mp.setenv("VRU_DATA_DIR", str(tmp_path_factory.mktemp("pg-lock")))
            report = pipeline.run(release_extracts, demo=True, internal_url=urls[0], public_url=urls[1], as_of=AS_OF)
        yield SimpleNamespace(internal=urls[0], public=urls[1], names=names, report=report)
    finally:
        for n in names:
            pg_server.drop_database(n)


@pytest.fixture(scope="module")
def sqlite_release(release_extracts, tmp_path_factory):
    """The same release built into SQLite (the ETL's default databases)."""
    d = tmp_path_factory.mktemp("sqlite-release")
    urls = (f"sqlite:///{d / 'internal.db'}", f"sqlite:///{d / 'public.db'}")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(d))
        report = pipeline.run(release_extracts, demo=True, internal_url=urls[0], public_url=urls[1], as_of=AS_OF)
    return SimpleNamespace(internal=urls[0], public=urls[1], report=report)


def test_public_counts_are_protected(pg_release):
    """Given release 1 loaded into PostgreSQL
    When the public published_counts are read
    Then no count is 1 to 9, every count shown is a multiple of 5, and every
    suppressed cell has value NULL and status 'c' (and only those)."""
    url = pg_release.public
    (total,) = query(url, "SELECT COUNT(*) FROM published_counts WHERE release_id = 1")[0]
    assert total > 0
    assert query(url, "SELECT COUNT(*) FROM published_counts WHERE value BETWEEN 1 AND 9") == [(0,)]
    assert query(url, "SELECT COUNT(*) FROM published_counts WHERE value IS NOT NULL AND value % 5 <> 0") == [(0,)]
    assert query(url, "SELECT COUNT(*) FROM published_counts WHERE (value IS NULL) <> (status = 'c')") == [(0,)]
    assert query(url, "SELECT DISTINCT status FROM published_counts ORDER BY status") == [("",), ("c",)]
    (suppressed,) = query(url, "SELECT COUNT(*) FROM published_counts WHERE status = 'c'")[0]
    assert suppressed == pg_release.report.release["cells_suppressed"] > 0


def test_internal_database_has_true_counts_and_findings(pg_release):
    """Given release 1 loaded into PostgreSQL
    When the internal and public databases are compared
    Then the internal one holds the true counts (some of 1 to 9, none suppressed)
    and the data-quality findings, and the public one has no findings table at all."""
    internal, public = pg_release.internal, pg_release.public
    (small,) = query(internal, "SELECT COUNT(*) FROM published_counts WHERE value BETWEEN 1 AND 9")[0]
    assert small > 0
    assert query(internal, "SELECT COUNT(*) FROM published_counts WHERE value IS NULL OR status <> ''") == [(0,)]
    (findings,) = query(internal, "SELECT COUNT(*) FROM data_quality_findings WHERE release_id = 1")[0]
    assert findings == len(pg_release.report.warnings) > 0
    assert "data_quality_findings" in table_names(internal)
    assert "data_quality_findings" not in table_names(public)
    # Same cells in both: the public one differs only in the figures.
    assert query(internal, "SELECT COUNT(*) FROM published_counts") == query(
        public, "SELECT COUNT(*) FROM published_counts"
    )


def test_releases_row_records_the_run(pg_release, release_extracts):
    """Given release 1 loaded into PostgreSQL
    When its releases row is read in each database
    Then it is live, records the digest of the input, a passed audit and the
    number of suppressed cells, and matches the rows loaded."""
    digest = extract.digest_inputs(release_extracts)
    for url in (pg_release.internal, pg_release.public):
        rows = query(
            url,
            "SELECT release_id, input_digest, audit_passed, cells_suppressed, cells_published, is_live, synthetic_data "
            "FROM releases",
        )
        assert len(rows) == 1
        release_id, input_digest, audit_passed, suppressed, published, is_live, synthetic = rows[0]
        assert (release_id, input_digest, audit_passed, is_live, synthetic) == (1, digest, True, True, True)
        assert suppressed > 0
        assert query(url, "SELECT COUNT(*) FROM published_counts WHERE release_id = 1") == [(published,)]


def test_release_is_identical_on_postgresql_and_sqlite(pg_release, sqlite_release):
    """Given the same extracts run into PostgreSQL and into SQLite
    When every public table is read, ordered by its key
    Then both databases hold exactly the same release (bar when it was made)."""
    tables = table_names(pg_release.public)
    assert tables == table_names(sqlite_release.public)
    assert {"releases", "published_counts"} <= tables
    for table in sorted(tables):
        pg_rows = table_contents(pg_release.public, table)
        sqlite_rows = table_contents(sqlite_release.public, table)
        assert len(pg_rows) == len(sqlite_rows), table
        assert pg_rows == sqlite_rows, f"{table} differs between PostgreSQL and SQLite"


def test_second_run_goes_live_and_keeps_release_1(pg_server, pg_release, release_extracts, tmp_path, monkeypatch):
    """Given a copy of the PostgreSQL databases holding release 1
    When the ETL runs again
    Then release 2 is the one live release in both databases, and release 1's rows
    are still there, readable and unchanged (earlier releases stay "as published")."""
    copies = [pg_server.create_database("vru_copy", template=name) for name in pg_release.names]
    try:
        internal, public = (pg_server.url(n) for n in copies)
        before = {
            url: query(
                url,
                "SELECT * FROM published_counts WHERE release_id = 1 ORDER BY measure, programme, period, borough, "
                "age_band, gender, ethnicity",
            )
            for url in (internal, public)
        }
        monkeypatch.setenv("VRU_DATA_DIR", str(tmp_path / "data"))
        report = pipeline.run(release_extracts, demo=True, internal_url=internal, public_url=public, as_of=AS_OF)
        assert report.release_id == 2
        for url in (internal, public):
            assert query(url, "SELECT release_id, is_live FROM releases ORDER BY release_id") == [(1, False), (2, True)]
            after = query(
                url,
                "SELECT * FROM published_counts WHERE release_id = 1 ORDER BY measure, programme, period, borough, "
                "age_band, gender, ethnicity",
            )
            assert after == before[url]
            (n2,) = query(url, "SELECT COUNT(*) FROM published_counts WHERE release_id = 2")[0]
            assert n2 == len(after)
    finally:
        for n in copies:
            pg_server.drop_database(n)
