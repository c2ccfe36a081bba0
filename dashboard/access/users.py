"""Users of the internal dashboard: argon2id password hashes.

The store is its own database (Settings.auth_database_url: VRU_AUTH_DATABASE_URL, default
data/auth.db), read and written only by the internal app and the `vru-dashboard` user commands; it also holds the
sessions (dashboard/access/sessions.py) and the sign-in throttle (dashboard/access/throttle.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard.access import sessions

# What a user may be (dashboard/access/roles.py says what each may do).
ANALYST, APPROVER = "analyst", "approver"
ROLES = (ANALYST, APPROVER)
DEFAULT_ROLE = ANALYST  # users made before roles existed keep what they could do, and gain nothing

SCHEMA = Path(__file__).resolve().parents[2] / "sql" / "auth.sql"
# NCSC guidance favours long passwords over complexity rules.
MIN_PASSWORD_LENGTH = 12
MAX_USERNAME_LENGTH = 64
USERNAME = re.compile(rf"^[a-z0-9][a-z0-9._-]{{1,{MAX_USERNAME_LENGTH - 1}}}$")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verifying against this when the user does not exist keeps the time the same, so
# response times do not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password-used-for-timing-only")


class UserError(Exception):
    """A user command cannot be carried out (bad name, short password, unknown user)."""


def engine(url: str) -> sa.Engine:
    """An engine on the auth database at `url`, its tables (sql/auth.sql) created if they are missing."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    eng = sa.create_engine(url)
    with eng.begin() as conn:
        for statement in [
            s.strip()
            for s in "\n".join(line.split("--", 1)[0] for line in SCHEMA.read_text().splitlines()).split(";")
            if s.strip()
        ]:
            conn.exec_driver_sql(statement)
        if "role" not in {c["name"] for c in sa.inspect(conn).get_columns("users")}:
            conn.exec_driver_sql(f"ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT '{DEFAULT_ROLE}'")
    return eng


users = sa.table("users", sa.column("username"), sa.column("password_hash"), sa.column("created_at"), sa.column("role"))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"the role must be one of {', '.join(ROLES)}, not {role!r}")


def _check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")


def add_user(eng: sa.Engine, *, username: str, password: str, role: str = DEFAULT_ROLE) -> None:
    if not USERNAME.match(username):
        raise UserError("usernames are 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'")
    _check_role(role)
    _check_password_rules(password)
    with eng.begin() as conn:
        if conn.execute(sa.select(users.c.username).where(users.c.username == username)).first():
            raise UserError(
                f"user {username!r} exists already; `vru-dashboard set-password {username}` changes the password"
            )
        conn.execute(
            users.insert().values(
                username=username,
                password_hash=_hasher.hash(password),
                created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                role=role,
            )
        )


def remove_user(eng: sa.Engine, *, username: str) -> None:
    """Removes the user and ends every session of theirs, in one transaction."""
    with eng.begin() as conn:
        if conn.execute(users.delete().where(users.c.username == username)).rowcount == 0:
            raise UserError(f"no user {username!r}")
        sessions.end_all_of(conn, username=username)


def set_password(eng: sa.Engine, *, username: str, password: str) -> None:
    """A new password; every session signed in with the old one ends (it may have been the one stolen)."""
    _check_password_rules(password)
    with eng.begin() as conn:
        if (
            conn.execute(
                users.update().where(users.c.username == username).values(password_hash=_hasher.hash(password))
            ).rowcount
            == 0
        ):
            raise UserError(f"no user {username!r}")
        sessions.end_all_of(conn, username=username)


def set_role(eng: sa.Engine, *, username: str, role: str) -> None:
    """A user's new role, from their next request on (roles are read on every request, never kept in a session)."""
    _check_role(role)
    with eng.begin() as conn:
        if conn.execute(users.update().where(users.c.username == username).values(role=role)).rowcount == 0:
            raise UserError(f"no user {username!r}")


def role_of(eng: sa.Engine, *, username: str) -> str | None:
    with eng.connect() as conn:
        return conn.execute(sa.select(users.c.role).where(users.c.username == username)).scalar()


def list_users(eng: sa.Engine) -> list[tuple[str, str, str]]:
    """(username, created_at, role) of every user."""
    with eng.connect() as conn:
        return [(r.username, r.created_at, r.role) for r in conn.execute(sa.select(users).order_by(users.c.username))]


def verify_password(eng: sa.Engine, *, username: str, password: str) -> bool:
    """Whether the password is the user's. Callers reserve the check with dashboard.access.throttle first."""
    with eng.connect() as conn:
        row = conn.execute(sa.select(users.c.password_hash).where(users.c.username == username)).first()
    try:
        return _hasher.verify(row.password_hash if row else _DUMMY_HASH, password) and row is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
