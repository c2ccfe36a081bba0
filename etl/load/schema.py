"""The schema a load applies first: the database's engine as the ETL opens it, the tables' definitions (sql/), the
columns added or renamed since a database was made, and the tables reshaped (reshape.py), all inside the load's
transaction, so that an earlier database gains this version's shape with its releases' rows.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from etl import settings
from etl.load import reshape

SCHEMA_FILES = ("schema.sql",)
INTERNAL_SCHEMA_FILES = ("schema.sql", "internal.sql")
# Release control: the calendar in both databases (the public one holds the copy publication makes), and
# approvals, previews and reviews in the internal one only.
PUBLIC_CONTROL_FILES = ("calendar.sql",)
INTERNAL_CONTROL_FILES = ("calendar.sql", "release_control.sql")
# What the internal dashboard's PostgreSQL role may write (a DO block, applied as one statement).
POSTGRES_GRANTS_FILE = "postgres_grants.sql"
# A release's states, in order. The public database holds the last three only.
DRAFT, APPROVED, PUBLISHED, SUPERSEDED, WITHDRAWN = "draft", "approved", "published", "superseded", "withdrawn"


def engine_for(url: str) -> sa.Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        _transactional_ddl(engine)
    return engine


def _transactional_ddl(engine: sa.Engine) -> None:
    """Begin SQLite's transactions ourselves, so that the schema's changes (a table reshaped, a column added) are part
    of the load's transaction: Python's sqlite3 otherwise begins one only at the first INSERT or UPDATE, and commits
    each CREATE, ALTER or DROP before it on its own. SQLAlchemy's documented recipe for the sqlite3 driver."""

    @sa.event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")


def _statements(sql: str) -> list[str]:
    """Split a schema file into statements; comments (-- to end of line) are dropped first."""
    lines = [line.split("--", 1)[0] for line in sql.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


# Columns added to existing tables since the first release, so that databases made by
# an earlier version keep loading: (table, column, type).
ADDED_COLUMNS = (
    ("releases", "note", "TEXT"),
    *(
        ("releases", column, "TEXT")
        for column in (
            "state",
            "publish_at",
            "published_at",
            "withdrawn_at",
            "withdrawal_reason",
            "pre_release_access",
            "content_digest",
        )
    ),
    *(
        ("services", column, kind)
        for column, kind in (
            ("min_age", "INTEGER"),
            ("max_age", "INTEGER"),
            ("eligibility", "TEXT"),
            ("referral_routes", "TEXT"),
            ("contact_phone", "TEXT"),
            ("contact_email", "TEXT"),
            ("contact_url", "TEXT"),
            ("status", "TEXT"),
            ("owning_team", "TEXT"),
            ("next_review_date", "TEXT"),
        )
    ),
    ("data_quality_findings", "service_id", "TEXT"),
    ("providers", "organisation_id", "TEXT"),
    ("services", "award_type", "TEXT"),
    ("provider_summary", "leavers", "INTEGER"),
)


# Columns renamed so that one thing has one name everywhere: (table, old name, new name).
# Renamed before the schema is applied, so that an index on a new name finds its column, and only
# while the old name is there, so a second run changes nothing. Earlier releases in the database
# keep their rows and are read under the new names.
RENAMED_COLUMNS = (
    ("kpi_progress", "rag", "rag_rating"),
    ("lcpf_summary", "boroughs", "borough_count"),
    ("funding_opportunities", "boroughs", "boroughs_covered"),
)


def rename_columns(conn: sa.Connection) -> None:
    inspector = sa.inspect(conn)
    for table, old, new in RENAMED_COLUMNS:
        if inspector.has_table(table):
            columns = {c["name"] for c in inspector.get_columns(table)}
            if old in columns and new not in columns:
                conn.exec_driver_sql(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")


def apply_schema(conn: sa.Connection, *, files=SCHEMA_FILES) -> None:
    rename_columns(conn)
    moved = reshape.set_aside(conn)
    for name in files:
        for statement in _statements((settings.SQL_DIR / name).read_text()):
            conn.exec_driver_sql(statement)
    inspector = sa.inspect(conn)
    for table, column, kind in ADDED_COLUMNS:
        if inspector.has_table(table) and column not in {c["name"] for c in inspector.get_columns(table)}:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    reshape.copy_back(conn, moved)
    if inspector.has_table("releases") and {"state", "is_live"} <= {
        c["name"] for c in inspector.get_columns("releases")
    }:
        # Releases loaded before publication had states were all made live at once: published, then superseded.
        conn.execute(
            sa.text("UPDATE releases SET state = CASE WHEN is_live THEN :live ELSE :earlier END WHERE state IS NULL"),
            {"live": PUBLISHED, "earlier": SUPERSEDED},
        )


def apply_control_schema(conn: sa.Connection, *, internal: bool) -> None:
    """The release-control tables (the calendar; in the internal database also approvals and previews), and on a
    PostgreSQL internal database the internal site's right to write them."""
    for name in INTERNAL_CONTROL_FILES if internal else PUBLIC_CONTROL_FILES:
        for statement in _statements((settings.SQL_DIR / name).read_text()):
            conn.exec_driver_sql(statement)
    if internal and conn.dialect.name == "postgresql":
        conn.exec_driver_sql((settings.SQL_DIR / POSTGRES_GRANTS_FILE).read_text())
