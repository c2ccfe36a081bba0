"""Columns renamed so that one thing has one name everywhere (issue 15): a database made before the
rename gains the new names when the next release is loaded, and its earlier releases stay readable."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard.data import queries
from dashboard.internal import data as internal_data
from etl import pipeline
from etl.load import INTERNAL_SCHEMA_FILES, RENAMED_COLUMNS, SCHEMA_FILES, apply_schema

READ = {**queries.TABLES, **internal_data.TABLES}  # the tables as the public and internal dashboards select them


def _columns(conn, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(conn).get_columns(table)}


def _old_database(url: str, *, files) -> None:
    """A database as an earlier version made it: today's schema with each renamed column under its old name."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        apply_schema(conn, files=files)
        for table, old, new in RENAMED_COLUMNS:
            if sa.inspect(conn).has_table(table):
                conn.exec_driver_sql(f"ALTER TABLE {table} RENAME COLUMN {new} TO {old}")
    engine.dispose()


@pytest.mark.parametrize("files", [SCHEMA_FILES, INTERNAL_SCHEMA_FILES], ids=["public", "internal"])
def test_applying_the_schema_renames_old_columns_once_and_keeps_their_values(tmp_path, files):
    """Given tables with the old column names and a row in each, applying the schema (as a load does first)
    gives them the new names with the values kept; applying it again changes nothing."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _old_database(url, files=files)
    engine = sa.create_engine(url)
    renamed = [(t, old, new) for t, old, new in RENAMED_COLUMNS if sa.inspect(engine).has_table(t)]
    assert renamed
    with engine.begin() as conn:
        for table, old, _new in renamed:
            assert old in _columns(conn, table)
            conn.exec_driver_sql(f"DROP TABLE {table}")  # a narrow copy, so one row needs no other columns
            conn.exec_driver_sql(f"CREATE TABLE {table} (release_id INTEGER, {old} TEXT)")
            conn.exec_driver_sql(f"INSERT INTO {table} (release_id, {old}) VALUES (1, 'kept {old}')")
    for _ in range(2):
        with engine.begin() as conn:
            apply_schema(conn, files=files)
            for table, old, new in renamed:
                assert new in _columns(conn, table) and old not in _columns(conn, table)
                assert conn.exec_driver_sql(f"SELECT {new} FROM {table}").scalar_one() == f"kept {old}"


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
            assert new in _columns(conn, table)
            now = pd.read_sql(sa.text(f"SELECT * FROM {table} WHERE release_id = 1 ORDER BY 1, 2, 3"), conn)
            pd.testing.assert_frame_equal(now[old_rows.columns], old_rows)
            if table in READ:  # the dashboard reads the old release under the new names
                read = conn.execute(sa.select(READ[table]).where(READ[table].c.release_id == 1)).all()
                assert len(read) == len(old_rows)
