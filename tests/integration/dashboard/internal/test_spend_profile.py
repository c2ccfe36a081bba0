"""/internal/spend-profile (dashboard/internal/spend_profile.py) on the small release."""

from __future__ import annotations

from tests.support.db import query
from tests.support.web import main_text, page_html


def test_spend_profile_reads_the_etls_position_for_every_programme(signed_in, small_release):
    text = main_text(page_html(signed_in, "/internal/spend-profile?year=2025-26"))
    ((spent, pct),) = query(
        f"sqlite:///{small_release / 'internal.db'}",
        "SELECT spend_to_date_gbp, variance_pct FROM spend_position WHERE programme_id = 'parent-carer-champions' AND "
        "financial_year = '2025-26'",
    )
    assert f"£{spent:,.0f}" in text and f"+{pct:.1f}%" in text
    assert "Forecast outturn" in text
