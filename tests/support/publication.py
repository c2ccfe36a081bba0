"""Releases waiting for publication, and what the tests of publishing need: a copy of a data folder, a draft approved
as the internal site approves it, the clock moved, and each database's releases read back."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd

from tests.support.db import query

# A data folder of SQLite databases: the internal one, its pending tables beside it, the public one.
FILES = ("internal.db", "internal.pending.db", "public.db")
DRAFT_NOTE = "2026-27 Q3 returns; six-monthly service ratings"

# Every route family that names a release: pages, the API, pictures, downloads, data packages, embeds, the Committee
# report, Open Referral UK, 360Giving and the release feeds.
PROBES = (
    "/?release={n}",
    "/reach?release={n}",
    "/programmes?release={n}",
    "/programmes/divert?release={n}",
    "/services?release={n}",
    "/services/report?release={n}",
    "/api/v1/counts?release={n}",
    "/api/v1/counts.csv?release={n}",
    "/api/v1/releases?release={n}",
    "/image/reach/reach-trend.png?release={n}",
    "/image/reach/reach-trend.svg?release={n}&size=og",
    "/download/reach/reach-trend.csv?release={n}",
    "/download/reach/reach-trend.xlsx?release={n}",
    "/download/reach/reach-trend.zip?release={n}",
    "/embed/reach/reach-trend?release={n}",
    "/services/report.csv?release={n}",
    "/services/report.xlsx?release={n}",
    "/api/openreferral/services?release={n}",
    "/api/360giving/grants.json?release={n}",
    "/releases.atom?release={n}",
    "/releases.ics?release={n}",
)
NEVER_USED = 999  # a release id no test makes


def without_ids(text: str, *ids: int) -> str:
    """`text` with each of the release ids standing alone replaced by N, so that the answers about two ids compare."""
    import re

    for number in ids:
        text = re.sub(rf"(?<![0-9]){number}(?![0-9])", "N", text)
    return text


def copy_folder(source: Path, target: Path) -> dict[str, str]:
    """The databases of `source` copied into `target`; their URLs by name (internal, pending, public)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        if (source / name).exists():
            shutil.copy2(source / name, target / name)
    return {
        "internal": f"sqlite:///{target / 'internal.db'}",
        "pending": f"sqlite:///{target / 'internal.pending.db'}",
        "public": f"sqlite:///{target / 'public.db'}",
    }


def fewer_participants(folder: Path, *, share: float = 0.95) -> None:
    """Drop the last participants of the extracts in `folder`, so that a release of them revises published cells."""
    path = folder / "participants.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.head(int(len(frame) * share)).to_csv(path, index=False)


def states(url: str) -> list[tuple]:
    """(release_id, state, is_live) of every release in the database at `url`."""
    return [
        (int(r), s, bool(live))
        for r, s, live in query(url, "SELECT release_id, state, is_live FROM releases ORDER BY release_id")
    ]


def approve(internal_url: str, release_id: int, *, at: dt.datetime, by: str = "approver", submitted_by="analyst"):
    """Release `release_id` approved for `at`, as the internal site's approval leaves the internal database."""
    from sqlalchemy import create_engine, pool, text

    engine = create_engine(internal_url, poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE releases SET state = 'approved', publish_at = :t WHERE release_id = :r"),
                {"t": at.astimezone(dt.UTC).isoformat(timespec="seconds"), "r": release_id},
            )
            conn.execute(
                text(
                    "UPDATE release_control SET submitted_by = :s, submitted_at = :t, approved_by = :b, "
                    "approved_at = :t WHERE release_id = :r"
                ),
                {"s": submitted_by, "b": by, "t": at.isoformat(), "r": release_id},
            )
    finally:
        engine.dispose()


def execute(url: str, sql: str, **params) -> None:
    """One statement that changes the database at `url`, committed (tests/support/db.py's query only reads)."""
    from sqlalchemy import create_engine, pool, text

    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()
