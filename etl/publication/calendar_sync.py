"""The release calendar, copied from the internal database (where approvers announce and move dates) to the
public one (which the public site reads for /releases and /releases.ics), by `vru-etl publish --due`.

The whole calendar is small (a few dated entries a year and their changes), so it is replaced in one
transaction when its digest differs from the one last copied; a run with nothing new writes nothing. A
release's id reaches the public copy only once it is published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import sqlalchemy as sa

from etl.load.schema import PUBLISHED, apply_control_schema
from etl.publication.databases import Databases, in_public, iso

ENTRY_COLUMNS = (
    "entry_id",
    "publish_at",
    "description",
    "status",
    "release_id",
    "sequence",
    "announced_at",
    "updated_at",
)
CHANGE_COLUMNS = ("entry_id", "changed_at", "previous_publish_at", "publish_at", "reason")


def public_calendar(internal: sa.Engine) -> tuple[list[dict], list[dict]]:
    """The calendar as the public may see it: entries and changes, with only published releases' ids."""
    with internal.connect() as conn:
        entries = [
            dict(r)
            for r in conn.execute(
                sa.text(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM release_calendar ORDER BY entry_id")
            ).mappings()
        ]
        changes = [
            dict(r)
            for r in conn.execute(
                sa.text(
                    f"SELECT {', '.join(CHANGE_COLUMNS)} FROM release_calendar_changes "
                    "ORDER BY changed_at, entry_id, publish_at"
                )
            ).mappings()
        ]
    for entry in entries:
        if entry["status"] != PUBLISHED:
            entry["release_id"] = None
        entry["sequence"] = int(entry["sequence"])
        if entry["release_id"] is not None:
            entry["release_id"] = int(entry["release_id"])
    return entries, changes


def digest(entries: list[dict], changes: list[dict]) -> str:
    return hashlib.sha256(json.dumps([entries, changes], sort_keys=True, default=str).encode()).hexdigest()


def sync(databases: Databases, *, at: dt.datetime) -> bool:
    """Copy the calendar to the public database if it changed; whether it did."""
    entries, changes = public_calendar(databases.internal)
    wanted = digest(entries, changes)

    def work(conn: sa.Connection) -> bool:
        apply_control_schema(conn, internal=False)
        current = conn.execute(sa.text("SELECT digest FROM release_calendar_sync WHERE name = 'calendar'")).scalar()
        if current == wanted:
            return False
        conn.execute(sa.text("DELETE FROM release_calendar"))
        conn.execute(sa.text("DELETE FROM release_calendar_changes"))
        if entries:
            conn.execute(sa.table("release_calendar", *[sa.column(c) for c in ENTRY_COLUMNS]).insert(), entries)
        if changes:
            conn.execute(
                sa.table("release_calendar_changes", *[sa.column(c) for c in CHANGE_COLUMNS]).insert(), changes
            )
        conn.execute(sa.text("DELETE FROM release_calendar_sync WHERE name = 'calendar'"))
        conn.execute(
            sa.text("INSERT INTO release_calendar_sync (name, digest, synced_at) VALUES ('calendar', :d, :t)"),
            {"d": wanted, "t": iso(at)},
        )
        return True

    return bool(in_public(databases, work, wait_seconds=1.0))
