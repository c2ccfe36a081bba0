"""Writing one release's tables and its `releases` row in one transaction (a draft); and whether a database answers
before a run starts.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from etl.errors import LoadFailed
from etl.load.schema import DRAFT, SCHEMA_FILES, apply_schema

# Rows per INSERT batch: bounded memory for large tables, few round trips.
BATCH_ROWS = 20_000


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python values: dates as ISO text, missing values as None."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    out = out.astype(object).where(out.notna(), None)
    rows = out.to_dict("records")
    for row in rows:
        for k, v in row.items():
            if isinstance(v, float) and math.isnan(v):
                row[k] = None
            elif hasattr(v, "item"):
                row[k] = v.item()
    return rows


def next_release_id(engines: list[sa.Engine]) -> int:
    """One id for the release in every database: one more than the highest in any of them."""
    highest = 0
    for engine in engines:
        with engine.connect() as conn:
            if sa.inspect(conn).has_table("releases"):
                highest = max(
                    highest, conn.execute(sa.text("SELECT COALESCE(MAX(release_id), 0) FROM releases")).scalar_one()
                )
    return highest + 1


def insert_frame(conn: sa.Connection, name: str, frame: pd.DataFrame, *, release_id: int) -> None:
    frame = frame.assign(release_id=release_id)
    table = sa.table(name, *[sa.column(c) for c in frame.columns])
    for start in range(0, len(frame), BATCH_ROWS):
        rows = _records(frame.iloc[start : start + BATCH_ROWS])
        if rows:
            conn.execute(table.insert(), rows)


def write_release(conn: sa.Connection, *, release: dict, tables: dict[str, pd.DataFrame], files=SCHEMA_FILES) -> None:
    """Write one release (a draft: not live) inside the caller's open transaction (the caller commits)."""
    apply_schema(conn, files=files)
    row = dict(
        release,
        rules=json.dumps(release["rules"]),
        audit_detail=json.dumps(release["audit_detail"]),
        is_live=False,
        state=DRAFT,
    )
    conn.execute(sa.table("releases", *[sa.column(c) for c in row]).insert(), [row])
    for name, frame in tables.items():
        insert_frame(conn, name, frame, release_id=release["release_id"])


def check_reachable(engine: sa.Engine, *, which: str) -> None:
    """Fail before any work if a database cannot be reached. A SQLite file that does not
    exist yet is not created here (a run that stops on bad input leaves no empty file)."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database and not Path(engine.url.database).exists():
        if not os.access(Path(engine.url.database).parent, os.W_OK):
            raise LoadFailed(f"cannot create the {which} database: {Path(engine.url.database).parent} is not writable")
        return
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as err:
        raise LoadFailed(
            f"cannot reach the {which} database ({engine.url.render_as_string(hide_password=True)}): "
            f"{str(err).splitlines()[0]}"
        ) from err
