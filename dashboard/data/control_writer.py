"""The one engine that writes to the internal database from the internal site, and what every release-control
write shares: a read-write transaction, times as stored, notes and reasons cleaned, each action logged.

The internal site otherwise reads through read-only engines (dashboard/data/db.py). This one is read-write
on SQLite; on PostgreSQL it asks for a read-write transaction, which the internal role's grants
(sql/postgres_grants.sql) confine to the release-control tables and the state columns of `releases`.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from dashboard.data import db, state

WRITER = "vru.release_control_engine"  # Flask config key
SQLITE_BUSY_SECONDS = 5  # an ETL run holding the internal file's write lock: wait this long, then say so
MAX_NOTE = 2000  # a note or a reason longer than this is refused: it is read on a page, not stored as a document
_making = threading.Lock()


class Refused(Exception):
    """The action cannot be taken, and why, in words for the person who tried (a 409 or 400 on the form)."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.status = status


def writer() -> sa.Engine:
    """The engine of the internal site's writes (made on the first one, then kept)."""
    config = current_app.config
    if WRITER not in config:
        with _making:
            if WRITER not in config:
                config[WRITER] = _engine(state.settings().database_url)
    return config[WRITER]


def _engine(url: str) -> sa.Engine:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or not Path(parsed.database).exists():
            raise db.DatabaseUnavailable("no internal database: run the ETL first")
        return sa.create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_SECONDS})
    connect_args = {k: v for k, v in db.POSTGRES_CONNECT_ARGS.items() if k not in parsed.query}
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def begin_writing(conn: sa.Connection) -> None:
    """The internal role's sessions are read-only by default (sql/postgres_roles.sql): this one writes."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET TRANSACTION READ WRITE")


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def text(value, *, what: str, required: bool) -> str:
    """A note or a reason from a form: trimmed, without control characters, not too long."""
    cleaned = "".join(ch for ch in str(value or "") if ch in "\n\t" or (ord(ch) >= 0x20 and ord(ch) != 0x7F)).strip()
    if required and not cleaned:
        raise Refused(f"give {what}", status=400)
    if len(cleaned) > MAX_NOTE:
        raise Refused(f"{what} is longer than {MAX_NOTE:,} characters", status=400)
    return cleaned


def log_action(conn, *, action, username, role, at, release_id=None, entry_id=None, publish_at=None, note=None) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO release_actions (acted_at, release_id, entry_id, action, username, role, publish_at, note) "
            "VALUES (:t, :r, :e, :a, :u, :role, :p, :n)"
        ),
        {
            "t": iso(at),
            "r": release_id,
            "e": entry_id,
            "a": action,
            "u": username,
            "role": role,
            "p": publish_at,
            "n": note,
        },
    )


def now() -> dt.datetime:
    """The clock the release actions run by (a test may move it)."""
    return dt.datetime.now(dt.UTC)
