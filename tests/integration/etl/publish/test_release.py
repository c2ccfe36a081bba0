"""The tables of a real release (etl/publish/release.py), read from both databases of the small release."""

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


def test_the_programme_summary_is_made_of_each_databases_own_published_cells(small_release):
    """Given a release, then in each database every programme-year's reach is its published_counts cell, the change is
    the difference of that cell and the year before's (in the public database, of the protected cells: a multiple of
    5, never of a suppressed one), and the spend and budget are spend_summary's."""
    for db, protected in (("public.db", True), ("internal.db", False)):
        with sqlite3.connect(small_release / db) as conn:
            rows = conn.execute(
                """
                SELECT s.programme_id, s.financial_year, s.participants, s.participants_change, s.change_status,
                       c.value, c.status, b.value, b.status, m.spend_gbp, s.spend_gbp
                FROM programme_summary s
                JOIN published_counts c ON c.release_id = s.release_id AND c.measure = 'participants'
                     AND c.programme = s.programme_id AND c.period = s.financial_year AND c.borough = 'all'
                     AND c.age_band = 'all' AND c.gender = 'all' AND c.ethnicity = 'all'
                LEFT JOIN published_counts b ON b.release_id = s.release_id AND b.measure = 'participants'
                     AND b.programme = s.programme_id AND b.borough = 'all' AND b.age_band = 'all'
                     AND b.gender = 'all' AND b.ethnicity = 'all'
                     AND b.period = printf('%d-%02d', CAST(substr(s.financial_year, 1, 4) AS INTEGER) - 1,
                                           CAST(substr(s.financial_year, 6, 2) AS INTEGER) - 1)
                LEFT JOIN spend_summary m ON m.release_id = s.release_id AND m.programme_id = s.programme_id
                     AND m.financial_year = s.financial_year AND m.borough = 'all' AND m.provider_type = 'all'
                """
            ).fetchall()
        assert len(rows) >= 50, db
        compared = 0
        for pid, year, reach, change, change_status, now, now_status, before, before_status, spend, own in rows:
            assert reach == now and spend == own, (db, pid, year)
            if before_status is None:
                assert change is None and change_status == "z", (db, pid, year)
            elif "c" in (now_status, before_status):
                assert change is None and change_status == "c", (db, pid, year)
            else:
                assert change == now - before and change_status == "", (db, pid, year)
                assert not protected or change % 5 == 0
                compared += 1
        assert compared >= 30, db
