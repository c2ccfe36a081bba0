"""The schema a load applies first (etl/load.py), on small SQLite databases: columns renamed so that one thing has
one name everywhere are renamed in a database made before, once, with their values; columns added later are added."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from etl.load import INTERNAL_SCHEMA_FILES, RENAMED_COLUMNS, SCHEMA_FILES, apply_schema
from tests.support.db import column_names


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
            assert old in column_names(conn, table)
            conn.exec_driver_sql(f"DROP TABLE {table}")  # a narrow copy, so one row needs no other columns
            conn.exec_driver_sql(f"CREATE TABLE {table} (release_id INTEGER, {old} TEXT)")
            conn.exec_driver_sql(f"INSERT INTO {table} (release_id, {old}) VALUES (1, 'kept {old}')")
    for _ in range(2):
        with engine.begin() as conn:
            apply_schema(conn, files=files)
            for table, old, new in renamed:
                assert new in column_names(conn, table) and old not in column_names(conn, table)
                assert conn.exec_driver_sql(f"SELECT {new} FROM {table}").scalar_one() == f"kept {old}"


def test_a_database_from_before_release_notes_gains_the_column():
    """Given a releases table made before `note` existed, when the schema is applied, then the column is added."""
    from etl.load import apply_schema

    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE releases (release_id INTEGER PRIMARY KEY, created_at TEXT NOT NULL)")
        apply_schema(conn)
        assert "note" in {c["name"] for c in sa.inspect(conn).get_columns("releases")}


def test_a_database_made_before_the_register_fields_gains_them(tmp_path):
    """Given databases whose services and data_quality_findings tables predate the register's fields, applying the
    schema adds the new columns (so the next release loads), and a public database without findings is left alone."""
    import sqlalchemy as sa

    from etl.load import INTERNAL_SCHEMA_FILES, SCHEMA_FILES, apply_schema

    for name, files in (("internal.db", INTERNAL_SCHEMA_FILES), ("public.db", SCHEMA_FILES)):
        engine = sa.create_engine(f"sqlite:///{tmp_path / name}")
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE services (release_id INTEGER, service_id TEXT, name TEXT)")
            if name == "internal.db":
                conn.exec_driver_sql(
                    "CREATE TABLE data_quality_findings (release_id INTEGER, file TEXT, rule TEXT, provider_id TEXT)"
                )
            apply_schema(conn, files=files)
            inspector = sa.inspect(conn)
            columns = {c["name"] for c in inspector.get_columns("services")}
            assert {"min_age", "referral_routes", "contact_url", "status", "owning_team", "next_review_date"} <= columns
            assert (
                ("service_id" in {c["name"] for c in inspector.get_columns("data_quality_findings")})
                if name == "internal.db"
                else not inspector.has_table("data_quality_findings")
            )
