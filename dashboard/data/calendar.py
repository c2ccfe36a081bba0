"""The release calendar as the site reads it (sql/calendar.sql): dates announced, their changes, and the releases
published. The public site reads the copy `vru-etl publish --due` keeps in the public database; the internal
site reads the internal database's own (the same tables, written by its approvers).

`version` is the one validator of everything the calendar and the release feeds show: it changes when the
calendar does (a date announced or moved) and when a release is published or withdrawn, which need not
change the live release's id. Caches and ETags of /releases, /releases.atom and /releases.ics use it.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import sqlalchemy as sa

from dashboard.data.queries import read_frame
from dashboard.data.tables import releases, table

ANNOUNCED, PUBLISHED, CANCELLED = "announced", "published", "cancelled"

calendar_table = table(
    "release_calendar",
    ("entry_id", "publish_at", "description", "status", "release_id", "sequence", "announced_at", "updated_at"),
)
changes_table = table(
    "release_calendar_changes", ("entry_id", "changed_at", "previous_publish_at", "publish_at", "reason")
)
sync_table = table("release_calendar_sync", ("name", "digest", "synced_at"))


def _has_calendar(engine: sa.Engine) -> bool:
    """A database the ETL has not given a calendar yet has none (until `vru-etl publish --due` runs)."""
    with engine.connect() as conn:
        return sa.inspect(conn).has_table("release_calendar")


def entries(engine: sa.Engine) -> pd.DataFrame:
    """Every announced date, soonest first (not cached: it changes without a new release)."""
    if not _has_calendar(engine):
        return pd.DataFrame(columns=[c.name for c in calendar_table.columns])
    t = calendar_table
    return read_frame(engine, sa.select(t).order_by(t.c.publish_at, t.c.entry_id))


def changes(engine: sa.Engine) -> pd.DataFrame:
    """Every change of an announced date, newest first, with its reason."""
    if not _has_calendar(engine):
        return pd.DataFrame(columns=[c.name for c in changes_table.columns])
    t = changes_table
    return read_frame(engine, sa.select(t).order_by(t.c.changed_at.desc(), t.c.entry_id))


def version(engine: sa.Engine) -> str:
    """A short digest of what the calendar and the feeds show: the calendar's last copy (or its rows, in the
    internal database) and every public release's id, state and times."""
    t = releases
    with engine.connect() as conn:
        parts: list = [
            [
                tuple(r)
                for r in conn.execute(
                    sa.select(t.c.release_id, t.c.state, t.c.published_at, t.c.withdrawn_at).order_by(t.c.release_id)
                )
            ]
        ]
        inspector = sa.inspect(conn)
        synced = (
            conn.execute(sa.select(sync_table.c.digest)).scalars().all()
            if inspector.has_table("release_calendar_sync")
            else []
        )
        parts.append(synced)
        if not synced and inspector.has_table("release_calendar"):  # the internal database: its own rows
            parts.append([tuple(r) for r in conn.execute(sa.select(calendar_table).order_by("entry_id"))])
            parts.append([tuple(r) for r in conn.execute(sa.select(changes_table).order_by("changed_at"))])
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def announced_for(engine: sa.Engine, release_id: int) -> str | None:
    """Internal database: the time a waiting release is to be published, approved or announced (ISO 8601, UTC)."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("release_control"):
            return None
        return conn.execute(
            sa.text(
                "SELECT COALESCE(r.publish_at, e.publish_at) FROM releases r "
                "LEFT JOIN release_control c ON c.release_id = r.release_id "
                "LEFT JOIN release_calendar e ON e.entry_id = c.entry_id AND e.status = 'announced' "
                "WHERE r.release_id = :r"
            ),
            {"r": release_id},
        ).scalar()
