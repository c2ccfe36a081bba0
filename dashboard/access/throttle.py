"""Sign-in throttling for the internal dashboard, against password guessing, built so that it cannot be used
to lock a user out.

Failures are counted per (username, client address) together, so guesses from elsewhere never
lock out a user at their own address; each failure of a pair makes it wait twice as long as the
one before, and after MAX_FAILURES_PER_PAIR it waits for the window to pass. One address may fail
MAX_FAILURES_PER_CLIENT times across usernames (password spraying), and the whole site
MAX_FAILURES_GLOBAL times (an attack spread over many addresses); a user signing in from an
address they signed in from before is exempt from those two, so neither can shut them out.

Counting and reserving are one step in the database, taken before the password hash is verified:
`reserve` locks, counts the recent failures and pending checks, and records a pending check, so
concurrent attempts (in any worker, on any host sharing the auth database) queue for the count
instead of all passing it. `finish` records the outcome.
"""

from __future__ import annotations

import math
import secrets
import time

import sqlalchemy as sa

attempts = sa.table(
    "sign_in_throttle",
    sa.column("attempt_id"),
    sa.column("username"),
    sa.column("client"),
    sa.column("attempted_at"),
    sa.column("outcome"),
)
_lock = sa.table("sign_in_lock", sa.column("name"), sa.column("taken_at"))
LOCK_NAME = "sign-in"
PENDING, FAILED, SUCCEEDED = "pending", "failed", "succeeded"

FAILURE_WINDOW_SECONDS = 15 * 60
# Enough for someone who knows the password and mistypes it; more only helps a guesser. Per address,
# so it can shut out only the address that failed, and only until the window has passed.
MAX_FAILURES_PER_PAIR = 5
# After the nth failure of a pair, the next try waits BACKOFF_SECONDS * 2 ** (n - 1): 1, 2, 4, 8 s,
# which a person retyping does not notice and which slows a script to a crawl.
BACKOFF_SECONDS = 1
MAX_FAILURES_PER_CLIENT = 20  # across usernames from one address: trying one password on every user
# Across the site per window: far above the VRU's own typing errors, far below a distributed attack.
MAX_FAILURES_GLOBAL = 100
# An address a user signed in from within this time is "known" for that user: exempt from the
# per-address and global limits. Successes are kept this long; failures only a day.
KNOWN_CLIENT_SECONDS = 30 * 86_400
FAILURE_RETENTION_SECONDS = 86_400


class SignInThrottled(Exception):
    """Too many recent failures: the attempt is refused without checking the password."""

    def __init__(self, wait_seconds: int):
        super().__init__(f"sign-in refused for {wait_seconds} s")
        self.wait_seconds = wait_seconds


class ThrottleStoreError(Exception):
    """The auth database lacks the row the throttle locks (sql/auth.sql was not applied)."""


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def reserve(eng: sa.Engine, *, username: str, client: str, now: float | None = None) -> str:
    """Reserve one password check for (username, client): returns its attempt id, or raises SignInThrottled."""
    now = _now(now)
    with eng.begin() as conn:
        # The first statement of the transaction is a write: PostgreSQL holds the row lock and SQLite
        # its write lock until commit, so no other reservation counts until this one is recorded.
        if conn.execute(_lock.update().where(_lock.c.name == LOCK_NAME).values(taken_at=now)).rowcount != 1:
            raise ThrottleStoreError("sign_in_lock has no 'sign-in' row: apply sql/auth.sql")
        _purge(conn, now=now)
        wait = _wait_seconds(conn, username=username, client=client, now=now)
        attempt_id = None
        if not wait:
            attempt_id = secrets.token_hex(16)
            conn.execute(
                attempts.insert().values(
                    attempt_id=attempt_id, username=username, client=client, attempted_at=now, outcome=PENDING
                )
            )
    if attempt_id is None:
        raise SignInThrottled(wait)
    return attempt_id


def finish(eng: sa.Engine, *, attempt_id: str, succeeded: bool) -> None:
    with eng.begin() as conn:
        conn.execute(
            attempts.update()
            .where(attempts.c.attempt_id == attempt_id)
            .values(outcome=SUCCEEDED if succeeded else FAILED)
        )


def _purge(conn: sa.Connection, *, now: float) -> None:
    conn.execute(
        attempts.delete().where(
            sa.or_(
                sa.and_(attempts.c.outcome != SUCCEEDED, attempts.c.attempted_at < now - FAILURE_RETENTION_SECONDS),
                attempts.c.attempted_at < now - KNOWN_CLIENT_SECONDS,
            )
        )
    )


def _wait_seconds(conn: sa.Connection, *, username: str, client: str, now: float) -> int:
    """Whole seconds until (username, client) may try again; 0 when it may now."""
    since = now - FAILURE_WINDOW_SECONDS
    pair = (attempts.c.username == username) & (attempts.c.client == client)
    failures: list[float] = []  # the pair's failures and pending checks since its last success
    for row in conn.execute(
        sa.select(attempts.c.attempted_at, attempts.c.outcome)
        .where(pair, attempts.c.attempted_at >= since)
        .order_by(attempts.c.attempted_at)
    ):
        failures = [] if row.outcome == SUCCEEDED else [*failures, row.attempted_at]
    waits = []
    if len(failures) >= MAX_FAILURES_PER_PAIR:
        waits.append(failures[-MAX_FAILURES_PER_PAIR] + FAILURE_WINDOW_SECONDS - now)
    elif failures and BACKOFF_SECONDS:
        waits.append(failures[-1] + BACKOFF_SECONDS * 2 ** (len(failures) - 1) - now)
    known = conn.execute(
        sa.select(attempts.c.attempt_id)
        .where(pair, attempts.c.outcome == SUCCEEDED, attempts.c.attempted_at >= now - KNOWN_CLIENT_SECONDS)
        .limit(1)
    ).first()
    if known is None:
        unsuccessful = (attempts.c.outcome != SUCCEEDED) & (attempts.c.attempted_at >= since)
        for where, limit in ((attempts.c.client == client, MAX_FAILURES_PER_CLIENT), (sa.true(), MAX_FAILURES_GLOBAL)):
            # The limit-th most recent failure: once it leaves the window, one more attempt is allowed.
            nth = conn.execute(
                sa.select(attempts.c.attempted_at)
                .where(where, unsuccessful)
                .order_by(attempts.c.attempted_at.desc())
                .offset(limit - 1)
                .limit(1)
            ).scalar()
            if nth is not None:
                waits.append(nth + FAILURE_WINDOW_SECONDS - now)
    wait = max(waits, default=0)
    return math.ceil(wait) if wait > 0 else 0
