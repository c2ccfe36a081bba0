"""The internal site's writes: release control, and nothing else.

Submit a draft, approve it for a time, change a time, withdraw a release, announce a date, and note a
preview: each one transaction on the internal database's release-control tables (sql/release_control.sql,
sql/calendar.sql) and the state columns of `releases`. The dashboard otherwise only reads; these writes
go through an engine of their own (`writer`), read-write on SQLite and, on PostgreSQL, asking for a
read-write transaction that the internal role's grants (sql/postgres_grants.sql) confine to these tables.

Races are settled by the database, not by reading first: every change is a conditional UPDATE on the
state it expects (a draft still submitted by someone else at the time the approver looked, an entry still
announced...), and when no row matches, `Refused` says what happened instead. The public database is never
written here: `vru-etl publish --due` carries these changes to it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import numbers
import uuid

import sqlalchemy as sa

from dashboard.data.control_writer import Refused, begin_writing, iso, log_action, text, writer
from dashboard.data.release_context import APPROVED, DRAFT, WITHDRAWN


def review_token(release: dict) -> str:
    """What the approver looked at: the release's digest, its submission, and the live release it was compared
    with. Approval is refused if any of them changed since the page was drawn."""
    parts = [_plain(release.get(k)) for k in ("content_digest", "submitted_at", "submission_note", "compared_with")]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _plain(value) -> str | None:
    """One text per value, whichever way it was read (SQLAlchemy's int, pandas' int64 or float, NaN for NULL)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer()):
        return str(int(value))
    return str(value)


def _release(conn: sa.Connection, release_id: int) -> dict:
    row = (
        conn.execute(
            sa.text(
                "SELECT r.release_id, r.state, r.publish_at, r.content_digest, c.submitted_by, c.submitted_at, "
                "c.submission_note, c.approved_by, c.entry_id, v.compared_with FROM releases r "
                "LEFT JOIN release_control c ON c.release_id = r.release_id "
                "LEFT JOIN release_reviews v ON v.release_id = r.release_id WHERE r.release_id = :r"
            ),
            {"r": release_id},
        )
        .mappings()
        .first()
    )
    if row is None:
        raise Refused(f"there is no release {release_id}", status=404)
    return dict(row)


# ---------------------------------------------------------------------- the actions
def submit(*, release_id: int, username: str, role: str, note: str, at: dt.datetime) -> None:
    """A draft put forward for approval (again, with a new note, if it was already)."""
    note = text(note, what="a note for the approver (what changed, what to look at)", required=True)
    with writer().connect() as conn, conn.begin():
        begin_writing(conn)
        found = conn.execute(
            sa.text(
                "UPDATE release_control SET submitted_by = :u, submitted_at = :t, submission_note = :n "
                "WHERE release_id = :r AND EXISTS (SELECT 1 FROM releases WHERE release_id = :r AND state = :draft)"
            ),
            {"u": username, "t": iso(at), "n": note, "r": release_id, "draft": DRAFT},
        ).rowcount
        if not found:
            raise Refused(f"release {release_id} is {_release(conn, release_id)['state']}: only a draft is submitted")
        log_action(conn, action="submit", username=username, role=role, at=at, release_id=release_id, note=note)


def approve(
    *,
    release_id: int,
    username: str,
    role: str,
    publish_at: dt.datetime,
    token: str,
    reason: str,
    live_release_id: int,
    at: dt.datetime,
    entry_id: str | None = None,
) -> str:
    """Approve a submitted draft for `publish_at`, by someone who did not submit it, if it is still what the approver
    saw (`token`). Its calendar entry (the one it was announced for, or `entry_id`, a date announced with no release
    yet) moves to that time (a change needs `reason`), or a new entry announces it. Returns the entry's id."""
    reason = text(reason, what="the reason for the change of date", required=False)
    with writer().connect() as conn, conn.begin():
        begin_writing(conn)
        seen = _release(conn, release_id)
        if seen["state"] != DRAFT:
            by = f" by {seen['approved_by']}" if seen.get("approved_by") else ""
            raise Refused(f"release {release_id} is {seen['state']}{by} already: nothing was changed")
        if not seen["submitted_by"]:
            raise Refused(f"release {release_id} has not been submitted for approval yet")
        if seen["submitted_by"] == username:
            raise Refused(f"you submitted release {release_id}: a second person must approve it", status=403)
        if release_id < live_release_id:
            raise Refused(f"release {release_id} is older than the live release {live_release_id}: load a new one")
        if review_token(seen) != token:
            raise Refused(
                f"release {release_id} changed since you looked at it (its submission, its figures or the live "
                "release it is compared with): read it again before approving"
            )
        entry = _entry_for(conn, seen.get("entry_id") or entry_id)
        if entry is not None and not seen.get("entry_id") and _entry_taken(conn, entry["entry_id"]):
            raise Refused("another approved release is announced for that date: choose another", status=409)
        if entry is not None and entry["publish_at"] != iso(publish_at) and not reason:
            raise Refused("the time differs from the announced one: give the reason for the change", status=400)
        approved = conn.execute(
            sa.text(
                "UPDATE releases SET state = :approved, publish_at = :p WHERE release_id = :r AND state = :draft "
                "AND EXISTS (SELECT 1 FROM release_control c WHERE c.release_id = :r AND c.submitted_at = :s "
                "AND c.submitted_by <> :u)"
            ),
            {
                "approved": APPROVED,
                "p": iso(publish_at),
                "r": release_id,
                "draft": DRAFT,
                "s": seen["submitted_at"],
                "u": username,
            },
        ).rowcount
        if not approved:  # another approver, or a new submission, in the meantime
            raise Refused(f"release {release_id} changed a moment ago: read it again")
        if entry is None:
            entry_id = _new_entry(conn, publish_at=publish_at, description=_description(conn, release_id), at=at)
            log_action(
                conn,
                action="announce",
                username=username,
                role=role,
                at=at,
                entry_id=entry_id,
                publish_at=iso(publish_at),
            )
        else:
            entry_id = entry["entry_id"]
            if entry["publish_at"] != iso(publish_at):
                _move_entry(conn, entry=entry, publish_at=publish_at, reason=reason, at=at)
        conn.execute(
            sa.text(
                "UPDATE release_control SET approved_by = :u, approved_at = :t, entry_id = :e WHERE release_id = :r"
            ),
            {"u": username, "t": iso(at), "e": entry_id, "r": release_id},
        )
        log_action(
            conn,
            action="approve",
            username=username,
            role=role,
            at=at,
            release_id=release_id,
            entry_id=entry_id,
            publish_at=iso(publish_at),
            note=reason or None,
        )
        return entry_id


def reschedule(
    *, entry_id: str, username: str, role: str, publish_at: dt.datetime, reason: str, at: dt.datetime
) -> None:
    """Move an announced date, with its reason (shown on /releases); an approved release on it moves too."""
    reason = text(reason, what="the reason for the change of date", required=True)
    with writer().connect() as conn, conn.begin():
        begin_writing(conn)
        entry = _entry_for(conn, entry_id)
        if entry is None:
            raise Refused("that date is not announced (or it was published already)", status=404)
        if entry["publish_at"] == iso(publish_at):
            raise Refused("that is the announced time already: nothing was changed", status=400)
        _move_entry(conn, entry=entry, publish_at=publish_at, reason=reason, at=at)
        conn.execute(
            sa.text(
                "UPDATE releases SET publish_at = :p WHERE state = :approved AND release_id IN "
                "(SELECT release_id FROM release_control WHERE entry_id = :e)"
            ),
            {"p": iso(publish_at), "approved": APPROVED, "e": entry_id},
        )
        log_action(
            conn,
            action="reschedule",
            username=username,
            role=role,
            at=at,
            entry_id=entry_id,
            publish_at=iso(publish_at),
            note=reason,
        )


def withdraw(*, release_id: int, username: str, role: str, reason: str, at: dt.datetime) -> str:
    """Withdraw a release: before publication it will not be published; after, `vru-etl publish --due` takes it off
    the public site within the minute and the release before it is live again. Returns the state it had."""
    reason = text(reason, what="the reason for the withdrawal (it is published on /revisions)", required=True)
    with writer().connect() as conn, conn.begin():
        begin_writing(conn)
        was = _release(conn, release_id)["state"]
        done = conn.execute(
            sa.text(
                "UPDATE releases SET state = :w, withdrawn_at = :t, withdrawal_reason = :why "
                "WHERE release_id = :r AND state = :was"
            ),
            {"w": WITHDRAWN, "t": iso(at), "why": reason, "r": release_id, "was": was},
        ).rowcount
        if was == WITHDRAWN or not done:
            raise Refused(f"release {release_id} is withdrawn already: nothing was changed")
        conn.execute(
            sa.text("UPDATE release_control SET withdrawn_by = :u WHERE release_id = :r"),
            {"u": username, "r": release_id},
        )
        log_action(conn, action="withdraw", username=username, role=role, at=at, release_id=release_id, note=reason)
        return was


def announce(*, username: str, role: str, publish_at: dt.datetime, description: str, at: dt.datetime) -> str:
    """A date announced before its release exists; returns the new entry's id."""
    description = text(description, what="what the release will hold", required=True)
    with writer().connect() as conn, conn.begin():
        begin_writing(conn)
        entry_id = _new_entry(conn, publish_at=publish_at, description=description, at=at)
        log_action(
            conn,
            action="announce",
            username=username,
            role=role,
            at=at,
            entry_id=entry_id,
            publish_at=iso(publish_at),
            note=description,
        )
        return entry_id


def note_preview(*, release_id: int, username: str, role: str, at: dt.datetime) -> None:
    """Someone saw a waiting release's figures: its pre-release access list (release_previews)."""
    with writer().connect() as conn, conn.begin():
        begin_writing(conn)
        seen = conn.execute(
            sa.text(
                "UPDATE release_previews SET last_at = :t, views = views + 1 WHERE release_id = :r AND username = :u"
            ),
            {"t": iso(at), "r": release_id, "u": username},
        ).rowcount
        if not seen:
            conn.execute(
                sa.text(
                    "INSERT INTO release_previews (release_id, username, role, first_at, last_at, views) "
                    "VALUES (:r, :u, :role, :t, :t, 1)"
                ),
                {"r": release_id, "u": username, "role": role, "t": iso(at)},
            )


# ---------------------------------------------------------------------- the calendar
def _entry_for(conn: sa.Connection, entry_id: str | None) -> dict | None:
    """An entry still to be published (announced), or None."""
    if not entry_id:
        return None
    row = (
        conn.execute(
            sa.text("SELECT * FROM release_calendar WHERE entry_id = :e AND status = 'announced'"), {"e": entry_id}
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def _entry_taken(conn: sa.Connection, entry_id: str) -> bool:
    return (
        conn.execute(
            sa.text(
                "SELECT 1 FROM release_control c JOIN releases r ON r.release_id = c.release_id "
                "WHERE c.entry_id = :e AND r.state = :approved"
            ),
            {"e": entry_id, "approved": APPROVED},
        ).first()
        is not None
    )


def _new_entry(conn: sa.Connection, *, publish_at: dt.datetime, description: str, at: dt.datetime) -> str:
    entry_id = str(uuid.uuid4())
    conn.execute(
        sa.text(
            "INSERT INTO release_calendar (entry_id, publish_at, description, status, release_id, sequence, "
            "announced_at, updated_at) VALUES (:e, :p, :d, 'announced', NULL, 0, :t, :t)"
        ),
        {"e": entry_id, "p": iso(publish_at), "d": description, "t": iso(at)},
    )
    return entry_id


def _move_entry(conn: sa.Connection, *, entry: dict, publish_at: dt.datetime, reason: str, at: dt.datetime) -> None:
    moved = conn.execute(
        sa.text(
            "UPDATE release_calendar SET publish_at = :p, sequence = sequence + 1, updated_at = :t "
            "WHERE entry_id = :e AND status = 'announced' AND publish_at = :was"
        ),
        {"p": iso(publish_at), "t": iso(at), "e": entry["entry_id"], "was": entry["publish_at"]},
    ).rowcount
    if not moved:
        raise Refused("that date was changed a moment ago: read it again")
    conn.execute(
        sa.text(
            "INSERT INTO release_calendar_changes (entry_id, changed_at, previous_publish_at, publish_at, reason) "
            "VALUES (:e, :t, :was, :p, :why)"
        ),
        {"e": entry["entry_id"], "t": iso(at), "was": entry["publish_at"], "p": iso(publish_at), "why": reason},
    )


def _description(conn: sa.Connection, release_id: int) -> str:
    note = conn.execute(sa.text("SELECT note FROM releases WHERE release_id = :r"), {"r": release_id}).scalar()
    return note or f"Release {release_id} of the dashboard's figures"
