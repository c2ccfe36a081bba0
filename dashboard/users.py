"""Users of the internal dashboard: argon2id password hashes and sign-in throttling.

The store is its own database (VRU_AUTH_DATABASE_URL, default data/auth.db), read and
written only by the internal app and the `vru-dashboard` user commands.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

SCHEMA = Path(__file__).resolve().parents[1] / "sql" / "auth.sql"
# NCSC guidance favours long passwords over complexity rules.
MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# Throttling: after this many failures in the window, further attempts are refused
# until the window has passed (per username, and per client address).
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 20
FAILURE_WINDOW_SECONDS = 15 * 60

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verifying against this when the user does not exist keeps the time the same, so
# response times do not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password-used-for-timing-only")


class UserError(Exception):
    """A user command cannot be carried out (bad name, short password, unknown user)."""


def auth_database_url() -> str:
    return os.environ.get("VRU_AUTH_DATABASE_URL") or f"sqlite:///{os.path.join(os.environ.get('VRU_DATA_DIR', 'data'), 'auth.db')}"


def engine(url: str | None = None) -> sa.Engine:
    url = url or auth_database_url()
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    eng = sa.create_engine(url)
    with eng.begin() as conn:
        for statement in [s.strip() for s in "\n".join(line.split("--", 1)[0] for line in SCHEMA.read_text().splitlines()).split(";") if s.strip()]:
            conn.exec_driver_sql(statement)
    return eng


users = sa.table("users", sa.column("username"), sa.column("password_hash"), sa.column("created_at"))
attempts = sa.table("sign_in_attempts", sa.column("username"), sa.column("client"), sa.column("attempted_at"), sa.column("succeeded"))


def add_user(eng: sa.Engine, *, username: str, password: str) -> None:
    if not USERNAME.match(username):
        raise UserError("usernames are 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    with eng.begin() as conn:
        if conn.execute(sa.select(users.c.username).where(users.c.username == username)).first():
            raise UserError(f"user {username!r} exists already; remove it first to reset the password")
        conn.execute(users.insert().values(username=username, password_hash=_hasher.hash(password),
                                           created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))


def remove_user(eng: sa.Engine, *, username: str) -> None:
    with eng.begin() as conn:
        if conn.execute(users.delete().where(users.c.username == username)).rowcount == 0:
            raise UserError(f"no user {username!r}")


def list_users(eng: sa.Engine) -> list[tuple[str, str]]:
    with eng.connect() as conn:
        return [(r.username, r.created_at) for r in conn.execute(sa.select(users).order_by(users.c.username))]


def throttled(eng: sa.Engine, *, username: str, client: str, now: float | None = None) -> int:
    """Seconds until another attempt is allowed (0 when allowed)."""
    now = now or time.time()
    since = now - FAILURE_WINDOW_SECONDS
    with eng.connect() as conn:
        def failures(column, value):
            rows = conn.execute(sa.select(attempts.c.attempted_at).where(
                column == value, attempts.c.attempted_at >= since, attempts.c.succeeded == sa.false()).order_by(attempts.c.attempted_at)).all()
            return [r.attempted_at for r in rows]

        by_user, by_client = failures(attempts.c.username, username), failures(attempts.c.client, client)
    waits = []
    if len(by_user) >= MAX_FAILURES_PER_USER:
        waits.append(by_user[-MAX_FAILURES_PER_USER] + FAILURE_WINDOW_SECONDS - now)
    if len(by_client) >= MAX_FAILURES_PER_CLIENT:
        waits.append(by_client[-MAX_FAILURES_PER_CLIENT] + FAILURE_WINDOW_SECONDS - now)
    return max(0, int(max(waits, default=0)) + (1 if waits else 0))


def check_password(eng: sa.Engine, *, username: str, password: str, client: str) -> bool:
    """Verify a sign-in and record the attempt. Callers check `throttled` first."""
    with eng.connect() as conn:
        row = conn.execute(sa.select(users.c.password_hash).where(users.c.username == username)).first()
    ok = False
    try:
        ok = _hasher.verify(row.password_hash if row else _DUMMY_HASH, password) and row is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    with eng.begin() as conn:
        conn.execute(attempts.insert().values(username=username, client=client, attempted_at=time.time(), succeeded=ok))
        # Keep the table small: attempts older than a day are of no use to throttling.
        conn.execute(attempts.delete().where(attempts.c.attempted_at < time.time() - 86_400))
    return ok
