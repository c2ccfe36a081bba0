"""Money charts on tiny inline frames: a missing figure is said, never drawn as zero."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import spend


def test_cost_figure_says_not_published_where_there_is_no_figure():
    frame = pd.DataFrame({"name": ["A", "B"], "cost_per_participant_gbp": [500.0, None]})
    fig = spend.cost_figure(frame, title="Cost")
    assert "not published" in list(fig.data[0].text)


def test_spend_profile_figure_draws_profile_spend_to_date_and_the_forecast():
    """Given 12 months with 3 elapsed, then the profile has 12 points, spend 3, and the forecast runs from month 3 to
    the outturn."""
    months = pd.date_range("2025-04-01", periods=12, freq="MS")
    frame = pd.DataFrame(
        {
            "month_index": range(1, 13),
            "month": months.strftime("%Y-%m-%d"),
            "profile_cumulative_gbp": [10_000.0 * i for i in range(1, 13)],
            "spend_cumulative_gbp": [13_000.0 * i for i in range(1, 13)],
        }
    )
    fig = spend.spend_profile_figure(frame, title="Spend", months_elapsed=3, forecast_outturn=156_000)
    profile, to_date, forecast = fig.data
    assert len(profile.x) == 12 and list(to_date.y) == [13, 26, 39]
    assert list(forecast.x) == ["Jun", "Mar"] and list(forecast.y) == [39, 156]
    assert (
        len(spend.spend_profile_figure(frame, title="Spend", months_elapsed=12, forecast_outturn=156_000).data) == 2
    )  # a year that is over
