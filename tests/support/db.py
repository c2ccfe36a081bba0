"""Reading the databases the tests make, with no connection left open."""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa


def column_names(conn, table: str) -> set[str]:
    """The names of `table`'s columns, on an open connection."""
    return {c["name"] for c in sa.inspect(conn).get_columns(table)}


def sqlite_rows(path, sql: str, *args) -> list[tuple]:
    """The rows of one query on the SQLite database at `path`, with its parameters."""
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, args).fetchall()


def query(url: str, sql: str, **params) -> list[tuple]:
    """Rows of one query; no connection is left open (so the database can be copied or dropped)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()
