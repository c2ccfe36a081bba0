"""The geography page (dashboard/pages/geography.py) on the small release: a borough's own trend."""

from __future__ import annotations

from dashboard.pages import geography


def test_the_borough_trend_is_shown_only_for_a_chosen_borough(ctx):
    assert geography.BOROUGH_TREND.view_for(ctx, geography.PAGE.values(ctx, {})) is None
    view = geography.BOROUGH_TREND.view_for(ctx, geography.PAGE.values(ctx, {"borough": "E09000007"}))
    assert view.title == "Young people reached in Camden over time"
