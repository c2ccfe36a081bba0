"""What `vru-etl run --demo` adds to a run, so that `make run` shows figures at once and the release calendar and
the preview have something to show: the release is published at once (a synthetic demo needs no second pair
of eyes), and a second release of the same figures waits as a draft, announced for the next weekday at 09:30.

Never part of a real run: `vru-etl run` without --demo loads a draft and stops there.
"""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from etl.load.schema import APPROVED, DRAFT
from etl.publication import calendar_sync, drafts, due, review, withdrawal
from etl.publication.databases import Databases, iso, record

LONDON = ZoneInfo("Europe/London")
PUBLICATION_TIME = dt.time(9, 30)  # the Code of Practice for Statistics' usual release time
DEMO_BY = "vru-etl run --demo"
DRAFT_NOTE = "Demonstration draft: the same synthetic figures, waiting for approval (preview it on the internal site)"
DESCRIPTION = "Demonstration: the next quarter's returns and six-monthly service ratings (synthetic data)"


def next_weekday_morning(after: dt.datetime) -> dt.datetime:
    """The next Monday to Friday at 09:30 in London after `after` (bank holidays are the internal site's to skip)."""
    day = after.astimezone(LONDON).date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, PUBLICATION_TIME, tzinfo=LONDON).astimezone(dt.UTC)


def publish_at_once(databases: Databases, *, release_id: int) -> None:
    """Approve and publish a synthetic release now, under publication's lock."""
    with due.publication_lock(databases):
        due.approve_now(databases, release_id=release_id, by=DEMO_BY)
        due.publish(databases, release_id=release_id)


def leave_a_draft(databases: Databases, *, release: dict, internal_tables: dict, public_tables: dict) -> int:
    """Load the same tables again as a draft announced for the next weekday morning; earlier demo drafts still
    waiting are set aside, so that `make demo-release` leaves one. Returns the draft's id."""
    at = due.now()
    with databases.internal.connect() as conn:
        waiting = [
            int(r[0])
            for r in conn.execute(
                sa.text("SELECT release_id FROM releases WHERE state IN (:d, :a) AND synthetic_data"),
                {"d": DRAFT, "a": APPROVED},
            )
        ]
    for rid in waiting:
        withdrawal.set_aside(databases, release_id=rid, reason="replaced by a newer demonstration draft", at=at)
    rid = drafts.next_release_id(databases)
    drafts.load_draft(
        databases,
        release=release | {"release_id": rid, "created_at": iso(at), "note": DRAFT_NOTE},
        internal_tables=internal_tables,
        public_tables=public_tables,
    )
    _announce(databases.internal, release_id=rid, at=at)
    review.refresh(
        internal=databases.internal, pending_engine=databases.pending, public=databases.public, release_id=rid
    )
    with due.publication_lock(databases):
        calendar_sync.sync(databases, at=at)
    return rid


def _announce(internal: sa.Engine, *, release_id: int, at: dt.datetime) -> None:
    """The draft's date in the calendar: an entry still to come if there is one (an earlier demo's), else a new one."""
    with internal.begin() as conn:
        entry = conn.execute(
            sa.text(
                "SELECT entry_id, publish_at FROM release_calendar WHERE status = 'announced' AND publish_at > :t "
                "ORDER BY publish_at LIMIT 1"
            ),
            {"t": iso(at)},
        ).first()
        if entry is None:
            entry_id, when = str(uuid.uuid4()), iso(next_weekday_morning(at))
            conn.execute(
                sa.text(
                    "INSERT INTO release_calendar (entry_id, publish_at, description, status, release_id, sequence, "
                    "announced_at, updated_at) VALUES (:e, :p, :d, 'announced', NULL, 0, :t, :t)"
                ),
                {"e": entry_id, "p": when, "d": DESCRIPTION, "t": iso(at)},
            )
            record(conn, action="announce", release_id=None, entry_id=entry_id, at=at, publish_at=when)
        else:
            entry_id = entry[0]
        conn.execute(
            sa.text("UPDATE release_control SET entry_id = :e WHERE release_id = :r"), {"e": entry_id, "r": release_id}
        )
