"""The reach page (dashboard/pages/reach.py) over a real release: its callback redraws for the chosen programme and
keeps to what was published."""

from __future__ import annotations

from dashboard.pages import reach
from tests.support.web import callback_request


def test_reach_callback_redraws_for_the_chosen_programme_and_sets_the_url(app):
    """Given the reach page, when the programme filter changes to DIVERT, then the content is about DIVERT and the URL
    carries it."""
    client = app.server.test_client()
    result = callback_request(
        client,
        changed="reach-programme.value",
        input_ids={"reach-area": "all", "reach-programme": "divert", "reach-period": "2023-24", "reach-borough": "all"},
    )
    assert result["page-query"]["data"] == "?programme=divert&period=2023-24"
    assert "DIVERT (custody diversion)" in str(result["reach-content"]["children"])


def test_crafted_callback_values_cannot_reach_unpublished_cells(app):
    """Given a callback request with values the app never offers, when sent, then the defaults are used instead."""
    client = app.server.test_client()
    result = callback_request(
        client,
        changed="reach-programme.value",
        input_ids={
            "reach-area": "all",
            "reach-programme": "x' OR 1=1 --",
            "reach-period": "1900-01",
            "reach-borough": "all",
        },
    )
    assert "all programmes" in str(result["reach-content"]["children"])


def test_the_reach_trend_is_by_year_for_one_programme_in_one_borough(ctx):
    quarterly = reach.trend_view(ctx, reach.PAGE.values(ctx, {}))
    yearly = reach.trend_view(ctx, reach.PAGE.values(ctx, {"programme": "divert", "borough": "E09000007"}))
    assert quarterly.title.startswith("Young people reached by quarter: all programmes, London")
    assert yearly.title.startswith("Young people reached by financial year") and "not published" in yearly.description
    assert all(" Q" not in p for p in yearly.table.frame["period"])
