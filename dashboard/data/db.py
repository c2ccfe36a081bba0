"""Read-only database access: one engine per process, a short connection per query.

SQLite is opened read-only by construction (a `mode=ro` URI plus `PRAGMA query_only`);
PostgreSQL sessions are read-only by default (and, in production, the public role can
only SELECT the public schema: see sql/).

A PostgreSQL engine never connects when it is made, so the app starts while the database
is down; requests then fail fast and are answered 503 (dashboard/ui/errors.py) until it is
back, when pooled connections that died with the old server are replaced on checkout.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlalchemy as sa


class DatabaseUnavailable(Exception):
    """The database cannot be opened or has no live release."""


READ_ONLY_OPTION = "-c default_transaction_read_only=on"
# libpq settings for the app's PostgreSQL connections, unless the URL sets them: a request to
# a database that is down fails within seconds instead of holding a
# worker until the OS gives up (minutes), which gunicorn would answer with a killed worker.
POSTGRES_CONNECT_ARGS = {
    "connect_timeout": 3,  # seconds to open a connection (libpq waits for ever by default)
    # Data sent and not acknowledged for this long (ms) means the connection is dead: the
    # pool's pre-ping on a connection to a host that vanished fails in seconds too.
    "tcp_user_timeout": 10_000,
}


SQLITE_POOL_SIZE = 10  # at least a gthread worker's threads (8 in the Procfile), so none waits for a connection


def _sqlite_path(url: str) -> str | None:
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    return None


def _postgres_engine(url: str) -> sa.Engine:
    parsed = sa.engine.make_url(url)
    # connect_args replace the URL's own query parameters: keep its options (e.g. a search_path).
    options = " ".join(o for o in (parsed.query.get("options"), READ_ONLY_OPTION) if o)
    connect_args = {k: v for k, v in POSTGRES_CONNECT_ARGS.items() if k not in parsed.query} | {"options": options}
    # pool_pre_ping: a pooled connection is tested before use and, if the server closed it
    # (a restart), it and every older one are replaced: no request fails on a stale connection.
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


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

        # A queue of connections, each used by one thread at a time. Not "sqlite://"'s default
        # SingletonThreadPool: it keeps one connection per thread for at most 5 threads and closes
        # the oldest when a sixth comes, under the thread still using it, so gthread workers of 8
        # threads got "Cannot operate on a closed database" and segfaults.
        return sa.create_engine(
            "sqlite://",
            creator=connect,
            pool_pre_ping=False,
            poolclass=sa.pool.QueuePool,
            pool_size=SQLITE_POOL_SIZE,
            max_overflow=SQLITE_POOL_SIZE,
        )
    return _postgres_engine(url)
