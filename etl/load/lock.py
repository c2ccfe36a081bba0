"""The release lock: one ETL run (or one publication, with its own key) at a time, on one host by a lock file and
across hosts by a PostgreSQL advisory lock on each database written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
from pathlib import Path

import sqlalchemy as sa

from etl import settings
from etl.errors import LoadFailed, ReleaseInProgress

# all runs agree on it; the bytes spell "vru-etl!" (pg_locks shows it as classid/objid).
ADVISORY_LOCK_KEY = int.from_bytes(b"vru-etl!", "big")
# ... and the one publication takes (etl/publication/due.py): a run loading a draft does not hold up the
# publication of an approved release at its minute, and two hosts never publish at once.
PUBLISH_LOCK_KEY = int.from_bytes(b"vru-pub!", "big")
# Seconds to wait for a connection for the lock: a database that is down is reported, not waited for.
LOCK_CONNECT_TIMEOUT = 10


@contextlib.contextmanager
def release_lock(
    path: Path | None = None, *, databases: dict[str, str] | None = None, key: int = ADVISORY_LOCK_KEY, what="ETL run"
):
    """Refuse a second ETL run while one is loading, released if the process dies.

    A lock file refuses a second run on this machine; where a database is PostgreSQL, an
    advisory lock held by a session for the whole run refuses one on any other host too.
    `databases` ({"internal": url, "public": url}) defaults to the URLs in the environment;
    `key` and `what` name another lock (publication's: PUBLISH_LOCK_KEY)."""
    if databases is None:
        databases = {"internal": settings.internal_database_url(), "public": settings.public_database_url()}
    with _file_lock(path or settings.lock_path(), what=what), contextlib.ExitStack() as held:
        for which, url in _postgres_databases(databases).items():
            held.enter_context(_advisory_lock(url, which=which, key=key, what=what))
        yield


@contextlib.contextmanager
def _file_lock(path: Path, *, what: str = "ETL run"):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise _in_progress(holder, what=what) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def _in_progress(holder: str, *, what: str = "ETL run") -> ReleaseInProgress:
    return ReleaseInProgress(f"another {what} is in progress ({holder}); wait for it to finish, then run again")


def _postgres_databases(databases: dict[str, str]) -> dict[str, str]:
    """One URL per distinct PostgreSQL database, named by which database(s) it is ("internal
    and public" when both URLs reach one database with different schemas, as in production:
    a session-level advisory lock taken twice from two sessions would refuse the run itself)."""
    found: dict[tuple, tuple[list[str], str]] = {}
    for which, url in databases.items():
        parsed = sa.engine.make_url(url)
        if parsed.get_backend_name() != "postgresql":
            continue
        where = (parsed.host or parsed.query.get("host"), parsed.port or 5432, parsed.database)
        found.setdefault(where, ([], url))[0].append(which)
    return {" and ".join(names): url for names, url in found.values()}


@contextlib.contextmanager
def _advisory_lock(url: str, *, which: str, key: int = ADVISORY_LOCK_KEY, what: str = "ETL run"):
    """Hold PostgreSQL's advisory lock `key` in `url`'s database until the block ends.

    The lock belongs to the session: it goes when the connection closes, or when the
    server sees the process die. The session autocommits, so it is never left idle in a
    transaction for the whole run. Its application_name names this run to a refused one."""
    me = f"vru-etl on {socket.gethostname()}, pid {os.getpid()}"[:63]  # PostgreSQL keeps 63 bytes
    engine = sa.create_engine(
        url,
        poolclass=sa.pool.NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args={"application_name": me, "connect_timeout": LOCK_CONNECT_TIMEOUT},
    )
    try:
        try:
            conn = engine.connect()
        except sa.exc.SQLAlchemyError as err:
            raise LoadFailed(
                f"cannot reach the {which} database ({engine.url.render_as_string(hide_password=True)}): "
                f"{str(err).splitlines()[0]}"
            ) from err
        with conn:
            if not conn.execute(sa.text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar_one():
                raise _in_progress(_advisory_holder(conn, which=which, key=key), what=what)
            yield
    finally:
        engine.dispose()


def _advisory_holder(conn: sa.Connection, *, which: str, key: int = ADVISORY_LOCK_KEY) -> str:
    """Who holds the advisory lock: its application_name (the run and its host) where this role may see it."""
    high, low = divmod(key, 2**32)
    holder = conn.execute(
        sa.text(
            "SELECT a.application_name, host(a.client_addr), l.pid FROM pg_locks l LEFT JOIN pg_stat_activity a ON "
            "a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = "
            "current_database()) "
            "AND l.classid = CAST(:high AS oid) AND l.objid = CAST(:low AS oid) AND l.objsubid = 1"
        ),
        {"high": high, "low": low},
    ).first()
    if holder is None:  # released in the meantime: say so rather than guess
        return f"it held the release lock in the {which} database a moment ago"
    name, address, pid = holder
    return (
        f"{name or 'a session'}{f' from {address}' if address else ''}, holding the release lock in the {which} "
        f"database (server pid {pid})"
    )
