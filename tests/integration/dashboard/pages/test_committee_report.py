"""The Committee report page (dashboard/pages/committee_report.py): the reviewers' notes in internal mode only."""

from __future__ import annotations

from tests.support.db import sqlite_rows


def test_the_internal_report_page_shows_the_notes(internal_client, client, small_release):
    """Given internal mode, the report page itself (its first paint) carries the reviewers' notes; the public page never
    does."""
    notes = [
        n
        for (n,) in sqlite_rows(
            small_release / "internal.db",
            "SELECT DISTINCT reviewer_note FROM service_review_notes WHERE period = "
            "(SELECT MAX(period) FROM service_review_notes)",
        )
    ]
    internal = internal_client.get("/services/report").data.decode()
    public = client.get("/services/report").data.decode()
    assert "Reviewer&#x27;s note (internal)" in internal or "Reviewer's note (internal)" in internal
    assert any(n in internal for n in notes) and not any(n in public for n in notes)
