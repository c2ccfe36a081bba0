"""Server-side sessions of the internal dashboard, so that ending a session ends it everywhere at once.

The cookie carries only a random session id; the record (user, created, last seen, absolute
and idle expiry) is a row of the auth database's `sessions` table, keyed by the id's SHA-256.
A session is whatever that row says: deleting the row (sign-out, `remove-user`, a password
change, `vru-dashboard sessions --revoke`) ends it in every worker at once, and a replayed
cookie finds nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import time

import sqlalchemy as sa

sessions = sa.table(
    "sessions",
    sa.column("session_hash"),
    sa.column("username"),
    sa.column("created_at"),
    sa.column("last_seen_at"),
    sa.column("expires_at"),
    sa.column("idle_expires_at"),
)
_users = sa.table("users", sa.column("username"))

ID_BYTES = 32  # 256 random bits: not guessable, and no two sessions share one
# Dash sends many requests per page: the last use is written at most this often per session,
# which makes the idle expiry exact to within a minute.
TOUCH_SECONDS = 60


@dataclasses.dataclass(frozen=True)
class Session:
    username: str
    created_at: float
    last_seen_at: float
    expires_at: float
    idle_expires_at: float


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def purge_expired(conn: sa.Connection, *, now: float) -> None:
    conn.execute(sessions.delete().where(sa.or_(sessions.c.expires_at <= now, sessions.c.idle_expires_at <= now)))


def start(
    eng: sa.Engine, *, username: str, lifetime_seconds: float, idle_seconds: float, now: float | None = None
) -> str:
    """A new session for a user who has just signed in; returns the id for the cookie."""
    now = _now(now)
    session_id = secrets.token_urlsafe(ID_BYTES)
    expires = now + lifetime_seconds
    with eng.begin() as conn:
        purge_expired(conn, now=now)
        conn.execute(
            sessions.insert().values(
                session_hash=_hash(session_id),
                username=username,
                created_at=now,
                last_seen_at=now,
                expires_at=expires,
                idle_expires_at=min(now + idle_seconds, expires),
            )
        )
    return session_id


def user_of(eng: sa.Engine, *, session_id: str, idle_seconds: float, now: float | None = None) -> str | None:
    """The user of a live session, and the session's last use moved on; None for an unknown, ended or expired one."""
    now = _now(now)
    key = _hash(session_id)
    with eng.connect() as conn:
        # Joined with users: a session outlives no user, however the user was removed.
        row = conn.execute(
            sa.select(sessions)
            .select_from(sessions.join(_users, _users.c.username == sessions.c.username))
            .where(sessions.c.session_hash == key)
        ).first()
    if row is None:
        return None
    if now >= row.expires_at or now >= row.idle_expires_at:
        end(eng, session_id=session_id)
        return None
    if now - row.last_seen_at >= TOUCH_SECONDS:
        with eng.begin() as conn:
            conn.execute(
                sessions.update()
                .where(sessions.c.session_hash == key)
                .values(last_seen_at=now, idle_expires_at=min(now + idle_seconds, row.expires_at))
            )
    return row.username


def end(eng: sa.Engine, *, session_id: str) -> None:
    with eng.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.session_hash == _hash(session_id)))


def end_all_of(conn: sa.Connection, *, username: str) -> int:
    """Ends every session of a user, inside the caller's transaction (user removal, password change); returns how
    many."""
    return conn.execute(sessions.delete().where(sessions.c.username == username)).rowcount


def revoke(eng: sa.Engine, *, username: str) -> int:
    with eng.begin() as conn:
        return end_all_of(conn, username=username)


def live(eng: sa.Engine, *, now: float | None = None) -> list[Session]:
    """Every live session, by user and oldest first (expired records are purged first)."""
    now = _now(now)
    with eng.begin() as conn:
        purge_expired(conn, now=now)
        rows = conn.execute(sa.select(sessions).order_by(sessions.c.username, sessions.c.created_at)).all()
    return [
        Session(
            username=r.username,
            created_at=r.created_at,
            last_seen_at=r.last_seen_at,
            expires_at=r.expires_at,
            idle_expires_at=r.idle_expires_at,
        )
        for r in rows
    ]
