"""Small helpers shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]  # the checkout


def query(url: str, sql: str, **params) -> list[tuple]:
    """Rows of one query; no connection is left open (so the database can be copied or dropped)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()
