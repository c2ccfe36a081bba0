"""Performance-management aggregates (etl/performance.py) and the rules of what needs attention
(dashboard/internal/assess.py), on a few inline rows; and the generator's guarantees."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.internal import assess, data
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


def test_the_dashboard_and_the_etl_agree_on_the_hidden_cell_threshold():
    assert data.HIDDEN_CELL_MIN_VALUE == performance.HIDDEN_CELL_MIN_VALUE


# ------------------------------------------------------------------ what needs attention
def test_falling_needs_two_changes_for_the_worse():
    assert assess.falling([70, 65, 60], higher_is_better=True)
    assert not assess.falling([70, 65, 66], higher_is_better=True)
    assert assess.falling([4, 5, 6], higher_is_better=False)
    assert not assess.falling([65, 60], higher_is_better=True)


def _kpis(values, rags, *, direction="higher_is_better"):
    n = len(values)
    return pd.DataFrame(
        {
            "kpi_id": ["k"] * n,
            "programme_id": ["p"] * n,
            "name": ["Feel safer"] * n,
            "unit": ["percent"] * n,
            "direction": [direction] * n,
            "quarter": [f"2025-26 Q{i + 1}" for i in range(n)],
            "value": values,
            "target": [70.0] * n,
            "rag_rating": rags,
        }
    )


PROGRAMMES = pd.DataFrame({"programme_id": ["p"], "name": ["Programme P"]})


def test_an_off_track_kpi_that_fell_twice_is_listed_under_both_with_a_link_to_its_trajectory():
    items = assess.kpi_items(_kpis([74.0, 64.0, 57.0], ["green", "amber", "red"]), PROGRAMMES, quarter="2025-26 Q4")
    assert [i.kind for i in items] == ["kpi_off_track", "kpi_falling"]
    assert items[0].href == "/kpis/trajectories?programme=p#kpi-k" and "57%" in items[0].detail


def test_a_kpi_on_track_is_not_listed_and_later_quarters_are_ignored():
    assert (
        assess.kpi_items(_kpis([74.0, 75.0, 40.0], ["green", "green", "red"]), PROGRAMMES, quarter="2025-26 Q2") == []
    )


def test_spend_items_flag_more_than_ten_percent_either_way_largest_first():
    position = pd.DataFrame(
        {
            "programme_id": ["p", "q", "r"],
            "financial_year": ["2025-26"] * 3,
            "variance_pct": [10.0, -12.5, 16.8],
            "variance_gbp": [1.0, -2.0, 3.0],
            "spend_to_date_gbp": [1.0] * 3,
            "profile_to_date_gbp": [1.0] * 3,
            "forecast_outturn_gbp": [1.0] * 3,
            "budget_gbp": [1.0] * 3,
        }
    )
    items = assess.spend_items(position, pd.DataFrame({"programme_id": ["p", "q", "r"], "name": ["P", "Q", "R"]}))
    assert [i.title for i in items] == ["R: 16.8% over profile", "Q: 12.5% under profile"]
    assert items[0].href == "/internal/spend-profile?programme=r&year=2025-26"


def test_return_items_list_missing_then_late_and_not_on_time():
    returns = pd.DataFrame(
        {
            "kpi_id": ["k"] * 3,
            "programme_id": ["p"] * 3,
            "provider_id": ["A", "B", "C"],
            "quarter": ["2025-26 Q4"] * 3,
            "submitted_date": ["2026-05-15", None, "2026-04-10"],
            "days_late": [15, None, 0],
            "status": ["late", "missing", "on time"],
        }
    )
    items = assess.return_items(
        returns, pd.DataFrame({"provider_id": ["A", "B"], "name": ["Alpha", "Beta"]}), _kpis([1.0], ["green"])
    )
    assert [i.title for i in items] == ["Beta: return missing", "Alpha: return late"]


def test_service_rules_off_track_overdue_and_contracts_ending_without_a_round():
    today = dt.date(2026, 11, 22)
    services = pd.DataFrame(
        {
            "service_id": ["S1", "S2", "S3", "S4"],
            "name": ["Red", "Stale", "Ending", "Ending but covered"],
            "provider_name": ["X"] * 4,
            "rag_rating": ["red", "green", "green", "green"],
            "performance_measure": ["m"] * 4,
            "performance_value": [1.0] * 4,
            "performance_target": [2.0] * 4,
            "last_reviewed": ["2026-11-01", "2026-01-01", "2026-11-01", "2026-11-01"],
            "contract_end": ["2028-01-01", "2028-01-01", "2027-02-01", "2027-02-01"],
            "service_area": ["Youth work", "Youth work", "Schools", "Mentoring"],
        }
    )
    rounds = pd.DataFrame(
        {
            "service_area": ["Mentoring", "Schools"],
            "opens": ["2026-11-01", "2027-01-01"],
            "closes": ["2026-12-31", "2027-02-01"],
        }
    )
    items = assess.service_items(services, rounds, today=today)
    assert [(i.kind, i.title.split(":")[0]) for i in items] == [
        ("service_off_track", "Red"),
        ("service_review_overdue", "Stale"),
        ("contract_ending", "Ending"),
    ]


def test_provider_comparison_rates_costs_and_the_programme_average():
    summary = pd.DataFrame(
        {
            "programme_id": ["p", "p"],
            "provider_id": ["A", "B"],
            "financial_year": ["2025-26"] * 2,
            "participants": [100, 50],
            "referrals": [120, 60],
            "completions": [80, 0],
            "spend_gbp": [200_000.0, 50_000.0],
            "leavers": [160, 0],
        }
    )
    returns = pd.DataFrame({"provider_id": ["A", "A"], "status": ["on time", "late"]})
    out = assess.provider_comparison(
        summary, returns, pd.DataFrame({"provider_id": ["A", "B"], "name": ["Alpha", "Beta"]})
    )
    alpha, beta = out.iloc[0], out.iloc[1]
    # Completion rate: of the referrals that ended (leavers), the share completed; none where nobody left.
    assert (
        alpha["completion_rate"] == 50.0
        and pd.isna(beta["completion_rate"])
        and alpha["cost_per_participant_gbp"] == 2_000
        and alpha["cost_per_completion_gbp"] == 2_500
    )
    assert (
        pd.isna(beta["cost_per_completion_gbp"])
        and (alpha["returns_on_time"], alpha["returns_due"]) == (1, 2)
        and beta["returns_due"] == 0
    )
    average = assess.programme_average(out)
    assert (
        average["participants"] == 75 and average["cost_per_completion_gbp"] == 2_500
    )  # Beta has no completions: left out
    # A release made before leavers were counted has no completion rate, rather than a wrong one.
    earlier = assess.provider_comparison(
        summary.assign(leavers=None), returns, pd.DataFrame({"provider_id": ["A"], "name": ["Alpha"]})
    )
    assert earlier["completion_rate"].isna().all()


# ------------------------------------------------------------------ the demo always has something to show
def test_the_generator_guarantees_an_off_track_kpi_a_late_and_a_missing_return_and_spend_off_profile(small_release):
    """Given the demo release, when the attention rules run on its internal tables, then each kind of item exists."""
    from dashboard.data import queries
    from dashboard.data.db import read_only_engine
    from dashboard.internal import attention

    engine = read_only_engine(f"sqlite:///{small_release / 'internal.db'}")
    grouped, year, quarter = attention.sections(engine, 1, today=dt.date(2026, 11, 22))  # outside an app: no cache
    kinds = {i.kind for _, items in grouped for i in items}
    assert {
        "kpi_off_track",
        "kpi_falling",
        "spend_off_profile",
        "return_late",
        "return_missing",
        "hidden_cell",
    } <= kinds
    assert year == "2025-26" and quarter == "2025-26 Q4"
    assert not queries.programmes(engine, 1).empty
