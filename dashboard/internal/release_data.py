"""Reads of release control for the internal Releases page (sql/release_control.sql, sql/calendar.sql): the releases
waiting for publication with who submitted and approved them, what each changes against the live release (the
ETL's comparison), who has seen it, its history, and its validation warnings. Not cached: every action changes them.
"""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from dashboard.data import release_context, release_control

WAITING = release_context.WAITING


def _frame(engine: sa.Engine, sql: str, **params) -> pd.DataFrame:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("release_control"):
            return pd.DataFrame()
        result = conn.execute(sa.text(sql), params)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


RELEASE_SQL = (
    "SELECT r.release_id, r.created_at, r.state, r.publish_at, r.note, r.content_digest, r.audit_passed, "
    "r.audit_detail, r.cells_published, r.cells_suppressed, r.cells_suppressed_primary, "
    "r.cells_suppressed_secondary, r.warnings, r.withdrawn_at, r.withdrawal_reason, r.synthetic_data, "
    "c.submitted_by, c.submitted_at, c.submission_note, c.approved_by, c.approved_at, c.entry_id, c.withdrawn_by, "
    "v.compared_with, v.summary, v.computed_at, e.publish_at AS announced_at_time, e.description AS announced_for "
    "FROM releases r LEFT JOIN release_control c ON c.release_id = r.release_id "
    "LEFT JOIN release_reviews v ON v.release_id = r.release_id "
    "LEFT JOIN release_calendar e ON e.entry_id = c.entry_id "
)


def waiting(engine: sa.Engine) -> pd.DataFrame:
    """Drafts and approved releases, newest first, with their control and comparison."""
    return _frame(
        engine, RELEASE_SQL + "WHERE r.state IN (:d, :a) ORDER BY r.release_id DESC", d=WAITING[0], a=WAITING[1]
    )


def release(engine: sa.Engine, release_id: int) -> dict | None:
    frame = _frame(engine, RELEASE_SQL + "WHERE r.release_id = :r", r=release_id)
    if frame.empty:
        return None
    row = frame.iloc[0].astype(object).where(frame.iloc[0].notna(), None).to_dict()
    row["token"] = release_control.review_token(row)
    row["summary"] = json.loads(row["summary"]) if row.get("summary") else None
    row["audit_detail"] = json.loads(row["audit_detail"]) if row.get("audit_detail") else {}
    return row


def previews(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    return _frame(
        engine,
        "SELECT username, role, first_at, last_at, views FROM release_previews WHERE release_id = :r ORDER BY first_at",
        r=release_id,
    )


def actions(engine: sa.Engine, *, release_id: int | None = None, entry_id: str | None = None) -> pd.DataFrame:
    """The history of a release (and of its calendar entry), oldest first."""
    return _frame(
        engine,
        "SELECT acted_at, action, username, role, publish_at, note, release_id, entry_id FROM release_actions "
        "WHERE release_id = :r OR (entry_id = :e AND release_id IS NULL) ORDER BY acted_at",
        r=release_id if release_id is not None else -1,
        e=entry_id or "",
    )


def calendar_entries(engine: sa.Engine) -> pd.DataFrame:
    """Every calendar entry, soonest first, with the release waiting or approved for it."""
    return _frame(
        engine,
        "SELECT e.entry_id, e.publish_at, e.description, e.status, e.sequence, e.release_id AS published_release, "
        "(SELECT MIN(c.release_id) FROM release_control c JOIN releases r ON r.release_id = c.release_id "
        "WHERE c.entry_id = e.entry_id AND r.state IN (:d, :a)) AS waiting_release "
        "FROM release_calendar e ORDER BY e.publish_at",
        d=WAITING[0],
        a=WAITING[1],
    )


def warnings_by_rule(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    """The release's validation warnings, counted by file and rule."""
    return _frame(
        engine,
        "SELECT file, rule, COUNT(*) AS findings FROM data_quality_findings WHERE release_id = :r "
        "GROUP BY file, rule ORDER BY COUNT(*) DESC, file, rule",
        r=release_id,
    )
