"""What the Returns page reads: the returns tables the ETL writes in the internal database (returns_log,
returns_expected; sql/internal.sql), and the returns uploaded here, in the inbox (VRU_RETURNS_INBOX).

Never cached: returns arrive between releases, and the page shows them as they come. Before the first
`vru-etl returns import` the tables do not exist, and every query answers with no rows.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from dashboard.data.queries import read_frame
from dashboard.data.tables import table

returns_log_table = table(
    "returns_log",
    (
        "digest",
        "provider_id",
        "period",
        "file_name",
        "received_at",
        "uploaded_by",
        "checked_at",
        "outcome",
        "counts",
        "errors",
        "warnings",
    ),
)
returns_expected_table = table(
    "returns_expected",
    ("provider_id", "period", "provider_name", "due_date", "final_date", "contact", "owning_team"),
)
UPLOAD_ID = re.compile(r"^[0-9a-f]{16}$")  # secrets.token_hex(8): what an upload's folder is named
UPLOAD_COLUMNS = (
    "upload_id",
    "provider_id",
    "period",
    "received_at",
    "uploaded_by",
    "original_name",
    "outcome",
    "errors",
    "warnings",
    "digest",
    "reason",
)
FINDING_COLUMNS = ("sheet", "cell", "column", "value", "expected", "rule", "severity", "status", "explanation")


def _has(engine: sa.Engine, name: str) -> bool:
    with engine.connect() as conn:
        return sa.inspect(conn).has_table(name)


def returns_log(engine: sa.Engine) -> pd.DataFrame:
    t = returns_log_table
    if not _has(engine, t.name):
        return pd.DataFrame(columns=[c.name for c in t.columns])
    return read_frame(engine, sa.select(t).order_by(t.c.received_at))


def returns_expected(engine: sa.Engine) -> pd.DataFrame:
    t = returns_expected_table
    if not _has(engine, t.name):
        return pd.DataFrame(columns=[c.name for c in t.columns])
    return read_frame(engine, sa.select(t).order_by(t.c.period, t.c.provider_id))


def upload_folder(inbox: Path, upload_id: str) -> Path | None:
    """An upload's folder, for an id that has the form of one and exists; never a path built from other text."""
    if not UPLOAD_ID.fullmatch(upload_id or ""):
        return None
    folder = inbox / upload_id
    return folder if folder.is_dir() else None


def upload(inbox: Path, upload_id: str) -> dict | None:
    """What is known of one upload: who sent it, for whom, and its check's outcome (or why it was refused)."""
    folder = upload_folder(inbox, upload_id)
    if folder is None:
        return None
    try:
        meta = json.loads((folder / "return.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    summary_path = folder / "checked" / "return.check.json"
    summary = {}
    if summary_path.exists():
        try:
            summary = json.loads(summary_path.read_text(encoding="utf-8"))
        except ValueError:
            summary = {}
    return {
        "upload_id": upload_id,
        "provider_id": meta.get("provider_id"),
        "period": meta.get("period"),
        "received_at": meta.get("received_at"),
        "uploaded_by": meta.get("uploaded_by"),
        "original_name": meta.get("original_name"),
        "outcome": summary.get("outcome") or meta.get("outcome") or "not checked",
        "errors": summary.get("errors", 1 if meta.get("reason") else 0),
        "warnings": summary.get("warnings", 0),
        "digest": summary.get("digest") or meta.get("digest"),
        "reason": meta.get("reason"),
    }


def uploads(inbox: Path | None) -> pd.DataFrame:
    """Every upload in the inbox, newest first (none without an inbox)."""
    found = (
        [u for p in inbox.glob("*") if p.is_dir() and (u := upload(inbox, p.name))]
        if inbox is not None and inbox.is_dir()
        else []
    )
    frame = pd.DataFrame(found, columns=list(UPLOAD_COLUMNS))
    return frame.sort_values("received_at", ascending=False).reset_index(drop=True)


def findings(inbox: Path, upload_id: str) -> pd.DataFrame:
    folder = upload_folder(inbox, upload_id)
    path = folder / "checked" / "return.findings.csv" if folder else None
    if path is None or not path.exists():
        return pd.DataFrame(columns=list(FINDING_COLUMNS))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS)).fillna("")
