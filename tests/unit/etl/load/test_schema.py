"""The schema a load applies first (etl/load/schema.py), on small SQLite databases: columns renamed so that one thing
has one name everywhere are renamed in a database made before, once, with their values; columns added later are
added; tables whose shape changed are rebuilt with their rows, inside the load's transaction (etl/load/reshape.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from etl.load.schema import INTERNAL_SCHEMA_FILES, RENAMED_COLUMNS, SCHEMA_FILES, apply_schema, engine_for
from tests.support.db import column_names
from tests.support.earlier_schema import make_earlier_lcpf


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
    from etl.load.schema import apply_schema

    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE releases (release_id INTEGER PRIMARY KEY, created_at TEXT NOT NULL)")
        apply_schema(conn)
        assert "note" in {c["name"] for c in sa.inspect(conn).get_columns("releases")}


def test_a_database_made_before_the_register_fields_gains_them(tmp_path):
    """Given databases whose services and data_quality_findings tables predate the register's fields, applying the
    schema adds the new columns (so the next release loads), and a public database without findings is left alone."""
    import sqlalchemy as sa

    from etl.load.schema import INTERNAL_SCHEMA_FILES, SCHEMA_FILES, apply_schema

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


# ---------------------------------------------------------------------------- tables reshaped (etl/load/reshape.py)
def _nullable(conn, table: str, column: str) -> bool:
    return next(c["nullable"] for c in sa.inspect(conn).get_columns(table) if c["name"] == column)


def test_funding_tables_of_the_earlier_shape_are_rebuilt_with_their_rows_once(tmp_path):
    """Given a database whose LCPF tables have the earlier shape (need NOT NULL, per 1,000 residents, no indicator in
    the summary), when the schema is applied (as a load does first), then the tables take the new shape, need may be
    NULL, and the earlier release's rows are kept: need per 10,000 is ten times the per-1,000 figure, the allocation
    per unit of need is the allocation over the count, and the summary names the earlier indicator. Applying the
    schema again changes nothing."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'earlier.db'}")
    with engine.begin() as conn:
        apply_schema(conn)
        make_earlier_lcpf(conn)
    for _ in range(2):
        with engine.begin() as conn:
            apply_schema(conn)
            assert _nullable(conn, "lcpf_funding", "need_value")
            assert {"need_per_1000", "lcpf_funding_earlier_shape"}.isdisjoint(
                column_names(conn, "lcpf_funding") | set(sa.inspect(conn).get_table_names())
            )
            croydon, city = conn.exec_driver_sql(
                "SELECT need_value, need_status, need_per_10k, allocation_per_need_gbp FROM lcpf_funding "
                "ORDER BY borough_code DESC"
            ).all()
            assert tuple(croydon) == (3_300, "", 84.4, 165.0)  # £544,500 / 3,300 offences
            assert tuple(city) == (390, "", 453.5, None)  # no allocation, so no allocation per offence
            summary = conn.exec_driver_sql(
                "SELECT need_indicator, area, need_per_10k, allocation_per_need_gbp FROM lcpf_summary"
            ).all()
            assert [tuple(r) for r in summary] == [("violence_with_injury", "London", 79.6, 185.71)]


def test_a_load_that_fails_after_reshaping_leaves_the_earlier_tables_as_they_were(tmp_path):
    """Given an earlier-shaped database opened as the ETL opens it (schema.engine_for), when the schema is applied
    in a transaction that then fails, then the rollback undoes the reshaping too: SQLite's CREATE and DROP are part
    of the load's transaction, not committed one by one."""
    url = f"sqlite:///{tmp_path / 'earlier.db'}"
    engine = engine_for(url)
    with engine.begin() as conn:
        apply_schema(conn)
        make_earlier_lcpf(conn)

    class LoadFailed(Exception):
        pass

    def load_that_fails():
        with engine.begin() as conn:
            apply_schema(conn)
            assert "need_status" in column_names(conn, "lcpf_funding")
            raise LoadFailed

    with pytest.raises(LoadFailed):
        load_that_fails()
    with engine.connect() as conn:
        assert "need_per_1000" in column_names(conn, "lcpf_funding")
        assert not _nullable(conn, "lcpf_funding", "need_value")
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM lcpf_funding").scalar_one() == 2
        assert "lcpf_funding_earlier_shape" not in sa.inspect(conn).get_table_names()
