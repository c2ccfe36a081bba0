"""The tables of a real release (etl/publish.py), read from both databases of the small release."""

from __future__ import annotations

import sqlite3


def test_release_keeps_the_history_and_the_notes_stay_internal(small_release):
    """Given a release, then both databases hold the reviews, and only the internal one the reviewers' notes."""
    with (
        sqlite3.connect(small_release / "public.db") as public,
        sqlite3.connect(small_release / "internal.db") as internal,
    ):
        tables = {t for (t,) in public.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "service_review_notes" not in tables
        assert not [c for (_, c, *_) in public.execute("PRAGMA table_info(service_reviews)") if "note" in c]
        per_service = public.execute(
            "SELECT service_id, SUM(reviewed) FROM service_reviews GROUP BY service_id"
        ).fetchall()
        assert sum(n >= 2 for _, n in per_service) / len(per_service) > 0.8
        assert public.execute("SELECT COUNT(*) FROM service_reviews WHERE NOT reviewed").fetchone()[0] > 0
        assert internal.execute("SELECT COUNT(*) FROM service_review_notes").fetchone()[0] > 0
        assert (
            public.execute("SELECT COUNT(*) FROM service_reviews").fetchone()
            == internal.execute("SELECT COUNT(*) FROM service_reviews").fetchone()
        )
