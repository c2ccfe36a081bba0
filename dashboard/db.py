"""Read-only database access: one engine per process, a short connection per query.

SQLite is opened read-only by construction (a `mode=ro` URI plus `PRAGMA query_only`);
PostgreSQL sessions are read-only by default (and, in production, the public role can
only SELECT the public schema: see sql/).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa


class DatabaseUnavailable(Exception):
    """The database cannot be opened or has no live release."""


def _sqlite_path(url: str) -> str | None:
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    return None


def read_only_engine(url: str) -> sa.Engine:
    path = _sqlite_path(url)
    if path is not None:
        file = Path(path).resolve()
        if not file.exists():
            raise DatabaseUnavailable(f"no database at {file}: run the ETL first (make run)")

        def connect():
            conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("PRAGMA query_only = ON")
            return conn

        return sa.create_engine("sqlite://", creator=connect, pool_pre_ping=False)
    return sa.create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"options": "-c default_transaction_read_only=on"},
    )
