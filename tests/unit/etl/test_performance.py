"""Performance-management aggregates (etl/performance.py), on a few inline rows: KPI returns on time, late or
missing, spend against its profile, and the cells the public release hides although their true figure is large."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from etl import performance


def _frames(*, measurements, budgets=None, spend=None):
    return {
        "programmes": pd.DataFrame(
            {
                "programme_id": ["p"],
                "lead_provider_id": ["LEAD"],
                "start_date": [pd.Timestamp("2025-04-01")],
                "end_date": [pd.NaT],
            }
        ),
        "kpi_definitions": pd.DataFrame({"kpi_id": ["k"], "programme_id": ["p"]}),
        "kpi_measurements": pd.DataFrame(measurements, columns=["kpi_id", "quarter", "provider_id", "submitted_date"]),
        "budgets": budgets
        if budgets is not None
        else pd.DataFrame({"programme_id": ["p"], "financial_year": ["2025-26"], "budget_gbp": [120_000.0]}),
        "spend": spend
        if spend is not None
        else pd.DataFrame(
            {"programme_id": ["p"], "payment_date": [pd.Timestamp("2025-04-28")], "amount_gbp": [10_000.0]}
        ),
    }


def test_kpi_returns_are_on_time_late_or_missing():
    """Given returns for Q1 on time, Q2 late and none for Q3, when assessed on 2026-02-15, then each is rated so and Q4
    (not yet due) is absent."""
    frames = _frames(
        measurements=[
            ("k", "2025-26 Q1", "PRV", pd.Timestamp("2025-07-20")),
            ("k", "2025-26 Q2", "PRV", pd.Timestamp("2025-11-14")),
        ]
    )
    out = performance.kpi_returns(frames, as_of=dt.date(2026, 2, 15)).set_index("quarter")
    assert list(out.index) == ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3"]
    assert list(out["status"]) == ["on time", "late", "missing"]
    assert out.loc["2025-26 Q2", "days_late"] == 15  # due 30 October, in 14 November
    assert (
        out.loc["2025-26 Q3", "provider_id"] == "PRV"
    )  # who should have returned it: the provider of its other returns


def test_spend_profile_is_straight_line_unless_the_budget_gives_one():
    """Given a £120,000 budget, when profiled, then £10,000 a month; given a profile of shares, then the shares."""
    frames = _frames(measurements=[])
    straight = performance.spend_profile(frames)
    assert (
        len(straight) == 12
        and straight["profile_gbp"].eq(10_000).all()
        and straight["profile_cumulative_gbp"].iloc[-1] == 120_000
    )
    assert straight.loc[0, "spend_gbp"] == 10_000 and straight.loc[1, "spend_cumulative_gbp"] == 10_000
    shaped = frames | {"budgets": frames["budgets"].assign(monthly_profile=";".join(["3"] + ["1"] * 9 + ["0"] * 2))}
    profile = performance.spend_profile(shaped)
    assert list(profile["profile_gbp"].iloc[[0, 1, 11]]) == pytest.approx([30_000, 10_000, 0])
    assert profile["profile_cumulative_gbp"].iloc[-1] == pytest.approx(120_000)


def test_spend_position_gives_variance_and_a_run_rate_forecast():
    """Given £30,000 spent in the first 3 months of a £120,000 straight-line budget... then +0%; given £39,000, +30% and
    a £156,000 outturn."""
    spend = pd.DataFrame(
        {
            "programme_id": ["p"] * 3,
            "payment_date": pd.to_datetime(["2025-04-28", "2025-05-28", "2025-06-28"]),
            "amount_gbp": [13_000.0, 13_000.0, 13_000.0],
        }
    )
    frames = _frames(measurements=[], spend=spend)
    elapsed = performance.months_elapsed(frames, financial_year="2025-26", as_of=dt.date(2025, 7, 10))
    assert elapsed == 3
    row = performance.spend_position(performance.spend_profile(frames), elapsed={"2025-26": elapsed}).iloc[0]
    assert row["profile_to_date_gbp"] == 30_000 and row["spend_to_date_gbp"] == 39_000
    assert row["variance_gbp"] == 9_000 and row["variance_pct"] == 30.0
    assert row["forecast_outturn_gbp"] == 156_000 and row["forecast_variance_pct"] == 30.0


def test_hidden_cells_are_suppressed_cells_with_large_true_counts():
    cells = pd.DataFrame(
        {
            "measure": ["participants"] * 3,
            "programme": ["p"] * 3,
            "period": ["2025-26"] * 3,
            "borough": ["all"] * 3,
            "age_band": ["a", "b", "c"],
            "gender": ["all"] * 3,
            "ethnicity": ["all"] * 3,
            "value": [7, 45, 300],
            "suppressed": [True, True, False],
            "primary": [True, False, False],
        }
    )
    out = performance.hidden_cells(cells)
    assert list(out["value"]) == [45] and list(out["suppression"]) == ["secondary"]
