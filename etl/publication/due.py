"""Publication: an approved release goes live at its announced minute, with no one at a keyboard.

`vru-etl publish --due` (every minute, from cron, a systemd timer or a Procfile `clock:` process, on
one host or several) calls `publish_due`, which under publication's own lock:

1. applies withdrawals an approver made on the internal site (withdrawal.py);
2. publishes every approved release whose time has come, oldest first: its pending tables are copied
   into the public database in one transaction, checked against the digest the approver approved, with
   its `releases` row as published and live and the one before marked superseded; then the internal
   database records the same, and the pending rows go;
3. compares every waiting release again with the live one where another has gone live (review.py);
4. copies the release calendar to the public database when it changed (calendar_sync.py).

Every step is safe to repeat: a run killed halfway leaves each database as it was or as it will be (one
transaction each), and the next run finishes the job; a second host running at the same minute finds
the lock taken and has nothing to do; a public database that does not answer is tried again, and the
release stays approved for the next run. Times are UTC in the databases (ISO 8601).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from etl import settings
from etl.errors import LoadFailed
from etl.load.lock import PUBLISH_LOCK_KEY, release_lock
from etl.load.schema import (
    APPROVED,
    DRAFT,
    INTERNAL_SCHEMA_FILES,
    PUBLISHED,
    SCHEMA_FILES,
    SUPERSEDED,
    apply_control_schema,
    apply_schema,
)
from etl.publication import calendar_sync, pending, review, withdrawal
from etl.publication.databases import (
    WAIT_SECONDS,
    Databases,
    PublicationFailed,
    in_public,
    iso,
    public_live_id,
    record,
)


@dataclass
class Outcome:
    published: list[int] = field(default_factory=list)
    set_aside: list[tuple[int, str]] = field(default_factory=list)  # approved, but older than the live release
    withdrawn: list[int] = field(default_factory=list)
    reviewed: list[int] = field(default_factory=list)
    calendar_synced: bool = False


def now() -> dt.datetime:
    """The clock publication runs by (a test moves it)."""
    return dt.datetime.now(dt.UTC)


def publication_lock(databases: Databases):
    """Publication's lock: one host publishes at a time (ReleaseInProgress for the others)."""
    return release_lock(
        settings.publish_lock_path(), databases=databases.urls(), key=PUBLISH_LOCK_KEY, what="publication"
    )


# ---------------------------------------------------------------------- the minute's work
def publish_due(databases: Databases, *, at: dt.datetime | None = None, wait_seconds: float = WAIT_SECONDS) -> Outcome:
    """Everything due at `at` (default: now). The caller holds publication_lock."""
    at = at or now()
    outcome = Outcome()
    ensure_control_tables(databases, wait_seconds=wait_seconds)
    outcome.withdrawn = withdrawal.apply_withdrawals(databases, at=at)
    for release_id in due(databases.internal, at=at):
        live = public_live_id(databases, wait_seconds=wait_seconds)
        if live is not None and release_id < live:
            reason = (
                f"not published: release {live}, loaded after it, went live first, and an older release would "
                "replace newer figures"
            )
            withdrawal.set_aside(databases, release_id=release_id, reason=reason, at=at)
            outcome.set_aside.append((release_id, reason))
            continue
        publish(databases, release_id=release_id, at=at, wait_seconds=wait_seconds)
        outcome.published.append(release_id)
    outcome.reviewed = refresh_reviews(databases)
    outcome.calendar_synced = calendar_sync.sync(databases, at=at)
    return outcome


def ensure_control_tables(databases: Databases, *, wait_seconds: float = WAIT_SECONDS) -> None:
    """Both databases' tables and columns as this version has them (a database made before publication had states
    gains them here: its releases become published and superseded), so the sites can read them."""
    with databases.internal.begin() as conn:
        apply_schema(conn, files=INTERNAL_SCHEMA_FILES)
        apply_control_schema(conn, internal=True)

    def public(conn: sa.Connection) -> None:
        if sa.inspect(conn).has_table("releases"):
            apply_schema(conn, files=SCHEMA_FILES)
        apply_control_schema(conn, internal=False)

    in_public(databases, public, wait_seconds=wait_seconds)


def due(internal: sa.Engine, *, at: dt.datetime) -> list[int]:
    """Approved releases whose publication time has come, in the order they were due."""
    with internal.connect() as conn:
        return [
            int(r[0])
            for r in conn.execute(
                sa.text(
                    "SELECT release_id FROM releases WHERE state = :approved AND publish_at <= :at "
                    "ORDER BY publish_at, release_id"
                ),
                {"approved": APPROVED, "at": iso(at)},
            )
        ]


# ---------------------------------------------------------------------- one release
def _internal_row(conn: sa.Connection, release_id: int) -> dict:
    row = (
        conn.execute(
            sa.text(
                "SELECT r.*, c.entry_id FROM releases r LEFT JOIN release_control c ON c.release_id = r.release_id "
                "WHERE r.release_id = :r"
            ),
            {"r": release_id},
        )
        .mappings()
        .first()
    )
    if row is None:
        raise PublicationFailed(f"the internal database has no release {release_id}")
    return dict(row)


def pre_release_access(conn: sa.Connection, *, release_id: int, published_at: dt.datetime) -> dict:
    """Who saw the release's figures before publication, as the public may know it: how many people, in which
    roles, and how long before publication the first of them did (the internal table release_previews)."""
    rows = conn.execute(
        sa.text("SELECT role, first_at FROM release_previews WHERE release_id = :r"), {"r": release_id}
    ).all()
    roles: dict[str, int] = {}
    for role, _first in rows:
        roles[role] = roles.get(role, 0) + 1
    first = min((dt.datetime.fromisoformat(f) for _r, f in rows), default=None)
    hours = round((published_at - first).total_seconds() / 3600, 1) if first else None
    return {"people": len(rows), "roles": dict(sorted(roles.items())), "first_access_hours_before": hours}


def publish(
    databases: Databases, *, release_id: int, at: dt.datetime | None = None, wait_seconds: float = WAIT_SECONDS
) -> None:
    """Make an approved release live: public database first (one transaction), then the internal one, then
    the pending rows go. A rerun after a kill between the two finds it public and finishes the rest."""
    at = at or now()
    with databases.internal.connect() as conn:
        row = _internal_row(conn, release_id)
        access = pre_release_access(conn, release_id=release_id, published_at=at)
    if row["state"] not in (APPROVED, PUBLISHED):
        raise PublicationFailed(f"release {release_id} is {row['state']}, not approved; nothing was published")

    def copy_in(conn: sa.Connection) -> None:
        apply_schema(conn, files=SCHEMA_FILES)
        apply_control_schema(conn, internal=False)
        if conn.execute(sa.text("SELECT 1 FROM releases WHERE release_id = :r"), {"r": release_id}).first():
            return  # published by a run that stopped before the internal database heard of it
        with databases.pending.connect() as source:
            waiting = pending.release_row(source, release_id)
            if waiting is None:
                raise PublicationFailed(f"release {release_id} has no pending tables; nothing was published")
            conn.execute(
                sa.text(
                    "UPDATE releases SET is_live = :no, state = CASE WHEN state = :published THEN :superseded "
                    "ELSE state END WHERE is_live OR state = :published"
                ),
                {"no": False, "published": PUBLISHED, "superseded": SUPERSEDED},
            )
            public_row = waiting | {
                "state": PUBLISHED,
                "is_live": True,
                "publish_at": row["publish_at"],
                "published_at": iso(at),
                "pre_release_access": json.dumps(access),
                "content_digest": row["content_digest"],
            }
            conn.execute(sa.table("releases", *[sa.column(c) for c in public_row]).insert(), [public_row])
            copied = pending.copy(source, conn, release_id)
        if copied != row["content_digest"]:
            raise PublicationFailed(
                f"release {release_id}'s pending tables are not what was approved (digest {copied[:12]}, approved "
                f"{str(row['content_digest'])[:12]}); nothing was published: load and approve it again"
            )

    try:
        in_public(databases, copy_in, wait_seconds=wait_seconds, release_id=release_id)
    except sa.exc.SQLAlchemyError as err:
        raise LoadFailed(
            f"the public database refused release {release_id}; nothing was published and the previous release is "
            f"still live. Cause: {err.__class__.__name__}: {str(err).splitlines()[0]}"
        ) from err
    with databases.internal.begin() as conn:
        mark_live(conn, release_id=release_id, at=at)
        if row["state"] == APPROVED:
            record(conn, action="publish", release_id=release_id, entry_id=row.get("entry_id"), at=at)
        if row.get("entry_id"):
            conn.execute(
                sa.text(
                    "UPDATE release_calendar SET status = :published, release_id = :r, updated_at = :t "
                    "WHERE entry_id = :e"
                ),
                {"published": PUBLISHED, "r": release_id, "t": iso(at), "e": row["entry_id"]},
            )
    with databases.pending.begin() as conn:
        pending.delete(conn, release_id)


def mark_live(conn: sa.Connection, *, release_id: int, at: dt.datetime) -> None:
    """In the internal database: the release published and live, the one live before it superseded."""
    conn.execute(
        sa.text(
            "UPDATE releases SET is_live = :no, state = CASE WHEN state = :published THEN :superseded ELSE state END "
            "WHERE release_id <> :r AND (is_live OR state = :published)"
        ),
        {"no": False, "published": PUBLISHED, "superseded": SUPERSEDED, "r": release_id},
    )
    conn.execute(
        sa.text(
            "UPDATE releases SET state = :published, is_live = :yes, published_at = COALESCE(published_at, :t) "
            "WHERE release_id = :r"
        ),
        {"published": PUBLISHED, "yes": True, "t": iso(at), "r": release_id},
    )


def approve_now(databases: Databases, *, release_id: int, by: str, at: dt.datetime | None = None) -> None:
    """Approve a draft for publication now, with no second person: the synthetic demo's releases only."""
    at = at or now()
    with databases.internal.begin() as conn:
        conn.execute(
            sa.text("UPDATE releases SET state = :approved, publish_at = :t WHERE release_id = :r"),
            {"approved": APPROVED, "t": iso(at), "r": release_id},
        )
        record(conn, action="approve", release_id=release_id, at=at, publish_at=iso(at), note=by)


def refresh_reviews(databases: Databases) -> list[int]:
    """Compare again every waiting release whose comparison is not with the live release."""
    live = public_live_id(databases)
    with databases.internal.connect() as conn:
        stale = [
            int(r[0])
            for r in conn.execute(
                sa.text(
                    "SELECT r.release_id FROM releases r LEFT JOIN release_reviews v ON v.release_id = r.release_id "
                    "WHERE r.state IN (:draft, :approved) AND (v.release_id IS NULL OR "
                    "COALESCE(v.compared_with, -1) <> :live)"
                ),
                {"draft": DRAFT, "approved": APPROVED, "live": -1 if live is None else live},
            )
        ]
    if not stale or not pending.exists(databases.pending):
        return []
    with databases.pending.connect() as conn:
        waiting = {int(r[0]) for r in conn.execute(sa.text("SELECT release_id FROM releases"))}
    done = []
    for release_id in stale:
        if release_id in waiting:
            review.refresh(
                internal=databases.internal,
                pending_engine=databases.pending,
                public=databases.public,
                release_id=release_id,
            )
            done.append(release_id)
    return done
