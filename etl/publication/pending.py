"""The pending tables: a release's protected tables while it waits for publication, outside the public database.

`vru-etl run` writes a draft's protected tables here, exactly as they will be published (the public
tables' definitions, sql/schema.sql); publication (etl/publication/due.py) copies them into the public
database in one transaction and then deletes them here. So the public database never holds a release
that is not published, and on PostgreSQL the public role cannot even read the pending ones.

Where they are, named "pending" everywhere:
- PostgreSQL: the schema `vru_pending` of the internal database (the internal URL with its
  search_path replaced), readable by the internal site's role for previews, never by the public one;
- SQLite: a file beside the internal one, `internal.db` -> `internal.pending.db`.
The dashboard finds them the same way (dashboard/data/pending.py; a test keeps the two in step).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from etl import settings
from etl.errors import ConfigurationError

SCHEMA = "vru_pending"
SUFFIX = ".pending"  # internal.db -> internal.pending.db
# A search_path setting in a libpq options string: "-csearch_path=x" or "-c search_path=x".
_SEARCH_PATH = re.compile(r"-c\s*search_path=\S+")
BATCH_ROWS = 20_000  # rows per read and per INSERT while copying: bounded memory


def pending_url(internal_url: str) -> str:
    """The URL of the pending tables, from the internal database's URL."""
    url = sa.engine.make_url(internal_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ConfigurationError("the internal SQLite database must be a file for the pending tables to sit beside")
        path = Path(url.database)
        return url.set(database=str(path.with_name(path.stem + SUFFIX + path.suffix))).render_as_string(
            hide_password=False
        )
    if backend == "postgresql":
        options = url.query.get("options", "")
        options = " ".join(options) if isinstance(options, tuple) else options
        options = " ".join([_SEARCH_PATH.sub("", options).strip(), f"-c search_path={SCHEMA}"]).strip()
        return url.update_query_dict({"options": options}).render_as_string(hide_password=False)
    raise ConfigurationError(f"the pending tables need SQLite or PostgreSQL, not {backend}")


def published_tables() -> list[str]:
    """Every table of sql/schema.sql but `releases`, in a fixed order: what a release publishes."""
    names = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", (settings.SQL_DIR / "schema.sql").read_text())
    return sorted(n for n in names if n != "releases")


def create(conn: sa.Connection) -> None:
    """The pending tables' PostgreSQL schema, where it is missing (its tables are made by the load that writes into
    it: etl/load/write.py applies sql/schema.sql first)."""
    if conn.dialect.name == "postgresql":
        # Looked up first: CREATE SCHEMA IF NOT EXISTS needs the right to create schemas even when it exists,
        # and in production the ETL's role has the schema (sql/postgres_roles.sql) but not that right.
        found = conn.execute(sa.text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": SCHEMA}).first()
        if not found:
            conn.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")


def _columns(conn: sa.Connection, table: str) -> list[str]:
    return sorted(c["name"] for c in sa.inspect(conn).get_columns(table))


def rows(conn: sa.Connection, table: str, release_id: int) -> tuple[list[str], Iterator[list[tuple]]]:
    """The columns of `table` and its rows of the release, in batches, in one fixed order (every column)."""
    columns = _columns(conn, table)
    order = ", ".join(str(i + 1) for i in range(len(columns)))
    result = conn.execute(
        sa.text(f"SELECT {', '.join(columns)} FROM {table} WHERE release_id = :r ORDER BY {order}"), {"r": release_id}
    )
    return columns, (list(map(tuple, batch)) for batch in result.partitions(BATCH_ROWS))


def _plain(value):
    """SQLite gives booleans as 0 and 1, PostgreSQL as bool: one form, so a release has one digest on either."""
    return int(value) if isinstance(value, bool) else value


def _hash_rows(digest, table: str, columns: list[str], batch: list[tuple]) -> None:
    for row in batch:
        digest.update(json.dumps([table, *zip(columns, map(_plain, row))], default=str).encode())


def content_digest(conn: sa.Connection, release_id: int) -> str:
    """SHA-256 of every row of the release's pending tables: what the approver approves and what is published.
    Read in one fixed order on one database, so it changes only when a row does."""
    digest = hashlib.sha256()
    for table in published_tables():
        columns, batches = rows(conn, table, release_id)
        for batch in batches:
            _hash_rows(digest, table, columns, batch)
    return digest.hexdigest()


def copy(source: sa.Connection, target: sa.Connection, release_id: int) -> str:
    """Insert the release's pending rows (`source`) into the public tables (`target`, inside the caller's
    transaction), and return the digest of what was copied, computed as content_digest does."""
    digest = hashlib.sha256()
    for table in published_tables():
        columns, batches = rows(source, table, release_id)
        insert = sa.table(table, *[sa.column(c) for c in columns]).insert()
        for batch in batches:
            _hash_rows(digest, table, columns, batch)
            target.execute(insert, [dict(zip(columns, row)) for row in batch])
    return digest.hexdigest()


def release_row(conn: sa.Connection, release_id: int) -> dict | None:
    """The release's row as it waits in the pending tables."""
    found = conn.execute(sa.text("SELECT * FROM releases WHERE release_id = :r"), {"r": release_id}).mappings().first()
    return dict(found) if found else None


def delete(conn: sa.Connection, release_id: int) -> None:
    """The release's pending rows, once it is published or withdrawn (inside the caller's transaction)."""
    for table in published_tables():
        conn.execute(sa.text(f"DELETE FROM {table} WHERE release_id = :r"), {"r": release_id})
    conn.execute(sa.text("DELETE FROM releases WHERE release_id = :r"), {"r": release_id})


def exists(engine: sa.Engine) -> bool:
    """Whether the pending tables have been made (a SQLite file that is not there is not created here)."""
    if engine.url.get_backend_name() == "sqlite":
        return bool(engine.url.database) and Path(engine.url.database).exists()
    with engine.connect() as conn:
        return sa.inspect(conn).has_table("releases")
