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
