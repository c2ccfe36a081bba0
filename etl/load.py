"""Load: write a release into a database in one transaction, as a draft.

The stage that writes a release's tables. Either every table of the release and its
`releases` row are committed, or (on any error, or if the process is killed) nothing
is: the transaction is rolled back by the database. A release loaded here is a draft;
making one live is publication's (etl/publication/due.py), so the live release is
untouched by a load.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import socket
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from etl import reshape, settings
from etl.errors import LoadFailed, ReleaseInProgress

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
# Rows per INSERT batch: bounded memory for large tables, few round trips.
BATCH_ROWS = 20_000


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


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python values: dates as ISO text, missing values as None."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    out = out.astype(object).where(out.notna(), None)
    rows = out.to_dict("records")
    for row in rows:
        for k, v in row.items():
            if isinstance(v, float) and math.isnan(v):
                row[k] = None
            elif hasattr(v, "item"):
                row[k] = v.item()
    return rows


def next_release_id(engines: list[sa.Engine]) -> int:
    """One id for the release in every database: one more than the highest in any of them."""
    highest = 0
    for engine in engines:
        with engine.connect() as conn:
            if sa.inspect(conn).has_table("releases"):
                highest = max(
                    highest, conn.execute(sa.text("SELECT COALESCE(MAX(release_id), 0) FROM releases")).scalar_one()
                )
    return highest + 1


def insert_frame(conn: sa.Connection, name: str, frame: pd.DataFrame, *, release_id: int) -> None:
    frame = frame.assign(release_id=release_id)
    table = sa.table(name, *[sa.column(c) for c in frame.columns])
    for start in range(0, len(frame), BATCH_ROWS):
        rows = _records(frame.iloc[start : start + BATCH_ROWS])
        if rows:
            conn.execute(table.insert(), rows)


def write_release(conn: sa.Connection, *, release: dict, tables: dict[str, pd.DataFrame], files=SCHEMA_FILES) -> None:
    """Write one release (a draft: not live) inside the caller's open transaction (the caller commits)."""
    apply_schema(conn, files=files)
    row = dict(
        release,
        rules=json.dumps(release["rules"]),
        audit_detail=json.dumps(release["audit_detail"]),
        is_live=False,
        state=DRAFT,
    )
    conn.execute(sa.table("releases", *[sa.column(c) for c in row]).insert(), [row])
    for name, frame in tables.items():
        insert_frame(conn, name, frame, release_id=release["release_id"])


def check_reachable(engine: sa.Engine, *, which: str) -> None:
    """Fail before any work if a database cannot be reached. A SQLite file that does not
    exist yet is not created here (a run that stops on bad input leaves no empty file)."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database and not Path(engine.url.database).exists():
        if not os.access(Path(engine.url.database).parent, os.W_OK):
            raise LoadFailed(f"cannot create the {which} database: {Path(engine.url.database).parent} is not writable")
        return
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as err:
        raise LoadFailed(
            f"cannot reach the {which} database ({engine.url.render_as_string(hide_password=True)}): "
            f"{str(err).splitlines()[0]}"
        ) from err


# The key of the PostgreSQL advisory lock every ETL run takes, on any host: fixed, so that
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
