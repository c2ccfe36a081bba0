"""The audit trail of internal mode: sign-ins (and failures), sign-outs, downloads, image
exports, internal API calls, providers' returns uploaded, previews of releases waiting for
publication (pre-release access) and every release action (submit, approve, reschedule, withdraw, announce, with its
reason), each with who, when, what, the filters and the client's address, in the auth
database (sql/auth.sql, table audit_events). Each user reads their own entries; approvers
read everyone's (dashboard/internal/audit_trail_page.py).

Kept for VRU_AUDIT_RETENTION_DAYS (Settings.audit_retention_days, default two years); older
rows are deleted as new ones are written. Read by /internal/audit and `vru-dashboard audit --since DATE`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time

import pandas as pd
import sqlalchemy as sa
from flask import request

from dashboard.access import signed_in
from dashboard.data import state

RETENTION_VARIABLE = "VRU_AUDIT_RETENTION_DAYS"  # Settings.audit_retention_days
EVENTS = (
    "sign_in",
    "sign_out",
    "sign_in_failed",
    "download",
    "image_export",
    "api_call",
    "preview",
    "release_submit",
    "release_approve",
    "release_reschedule",
    "release_withdraw",
    "release_announce",
    "return_upload",
)
MAX_TEXT = 500  # a target or filter value longer than this is cut: the trail records, it does not store payloads
COLUMNS = ("occurred_at", "username", "event", "target", "filters", "client")

audit_events = sa.table("audit_events", *[sa.column(c) for c in COLUMNS])


class AuditError(Exception):
    """An audit record or query cannot be made (unknown event, bad date)."""


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def write(
    eng: sa.Engine,
    *,
    event: str,
    username: str,
    retention_days: int,
    target: str = "",
    filters: dict | None = None,
    client: str = "",
    now: float | None = None,
) -> None:
    """Record one event, and delete the rows older than `retention_days`."""
    if event not in EVENTS:
        raise AuditError(f"unknown audit event {event!r}; one of {', '.join(EVENTS)}")
    now = time.time() if now is None else now
    row = {
        "occurred_at": now,
        "username": _clip(username or ""),
        "event": event,
        "target": _clip(target),
        "filters": _clip(
            json.dumps({str(k): str(v) for k, v in (filters or {}).items()}, ensure_ascii=False, sort_keys=True)
        ),
        "client": _clip(client or "unknown"),
    }
    with eng.begin() as conn:
        conn.execute(audit_events.insert(), [row])
        conn.execute(audit_events.delete().where(audit_events.c.occurred_at < now - retention_days * 86400))


def record(event: str, *, username: str | None = None, target: str | None = None, filters: dict | None = None) -> None:
    """Record an event of the current request: the signed-in user (unless named), the path and
    query (unless given) and the client's address. Does nothing in public mode."""
    settings = state.settings()
    if not settings.internal:
        return
    write(
        signed_in.store(),
        event=event,
        username=username if username is not None else (signed_in.user() or ""),
        retention_days=settings.audit_retention_days,
        target=request.path if target is None else target,
        filters=dict(request.args.items()) if filters is None else filters,
        client=request.remote_addr or "unknown",
    )


def parse_date(text: str, *, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError) as err:
        raise AuditError(f"{name} must be a date like 2026-11-22, not {str(text)[:30]!r}") from err


def _epoch(day: dt.date) -> float:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp()


def events(
    eng: sa.Engine,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    username: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Events from `since` (inclusive) to `until` (inclusive, whole days, UTC), newest first, with
    `when` as ISO 8601 text in UTC."""
    t = audit_events
    stmt = sa.select(t)
    if since:
        stmt = stmt.where(t.c.occurred_at >= _epoch(since))
    if until:
        stmt = stmt.where(t.c.occurred_at < _epoch(until + dt.timedelta(days=1)))
    if username:
        stmt = stmt.where(t.c.username == username)
    stmt = stmt.order_by(t.c.occurred_at.desc())
    if limit:
        stmt = stmt.limit(limit)
    with eng.connect() as conn:
        result = conn.execute(stmt)
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    frame.insert(
        0,
        "when",
        [dt.datetime.fromtimestamp(float(s), dt.UTC).isoformat(timespec="seconds") for s in frame["occurred_at"]],
    )
    return frame.drop(columns="occurred_at")


def usernames(eng: sa.Engine) -> list[str]:
    t = audit_events
    with eng.connect() as conn:
        return [
            r[0]
            for r in conn.execute(sa.select(t.c.username).where(t.c.username != "").distinct().order_by(t.c.username))
        ]


def to_csv(frame: pd.DataFrame) -> str:
    """CSV of events; a cell that a spreadsheet would run as a formula is prefixed with ' (the
    trail holds what users typed, e.g. a failed sign-in's username)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow(["'" + str(v) if str(v)[:1] in ("=", "+", "-", "@", "\t", "\r") else v for v in row])
    return out.getvalue()
