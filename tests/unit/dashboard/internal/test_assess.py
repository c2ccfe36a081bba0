"""What needs a director's attention, and providers compared (dashboard/internal/assess.py), on a few inline rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.internal import assess


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
