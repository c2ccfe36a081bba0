"""Each programme's year at a glance (etl/publish/programme_summary.py), from a release's own tables, on tiny
inline frames."""

from __future__ import annotations

import pandas as pd

from etl.publish.programme_summary import programme_summary

YEARS = ("2023-24", "2024-25", "2025-26")


def _counts(reach: dict[tuple[str, str], int | None]) -> pd.DataFrame:
    rows = [
        {
            "measure": "participants",
            "programme": programme,
            "period": period,
            "borough": "all",
            "age_band": "all",
            "gender": "all",
            "ethnicity": "all",
            "value": value,
            "status": "c" if value is None else "",
        }
        for (programme, period), value in reach.items()
    ]
    borough_cell = {**rows[0], "borough": "E09000001", "value": 5000}  # not London's: never read
    return pd.DataFrame([*rows, borough_cell])


def _tables(reach, kpis=(), spend=()) -> dict[str, pd.DataFrame]:
    return {
        "published_counts": _counts(reach),
        "kpi_progress": pd.DataFrame(kpis, columns=["kpi_id", "programme_id", "quarter", "rag_rating"]),
        "spend_summary": pd.DataFrame(
            spend, columns=["programme_id", "financial_year", "borough", "provider_type", "budget_gbp", "spend_gbp"]
        ),
    }


PROGRAMMES = pd.DataFrame(
    {
        "programme_id": ["a", "b"],
        "start_date": ["2021-04-01", "2024-09-01"],
        "end_date": [None, "2025-03-31"],
    }
)


def _row(frame: pd.DataFrame, programme: str, year: str) -> pd.Series:
    return frame[(frame["programme_id"] == programme) & (frame["financial_year"] == year)].iloc[0]


def test_the_change_is_the_difference_of_the_two_published_cells_and_never_of_a_suppressed_one():
    """Given reach of 100 then 120 then [c], when summed up, then 2024-25's change is +20 (+20.0%), 2025-26's is [c]
    with no value, and the first year has none to compare with ([z])."""
    out = programme_summary(_tables({("a", "2023-24"): 100, ("a", "2024-25"): 120, ("a", "2025-26"): None}), PROGRAMMES)
    first, second, third = (_row(out, "a", y) for y in YEARS)
    assert (second["participants_change"], second["participants_change_percent"], second["change_status"]) == (
        20,
        20.0,
        "",
    )
    assert pd.isna(third["participants"]) and third["participants_status"] == "c"
    assert pd.isna(third["participants_change"]) and third["change_status"] == "c"
    assert pd.isna(first["participants_change"]) and first["change_status"] == "z"


def test_kpis_are_counted_by_rating_at_the_latest_quarter_of_each_year():
    """Given two KPIs, one suppressed in the year's last quarter, then that quarter counts 2 KPIs, 1 on track, 1 not
    rated and none at risk or off track; the year before's last quarter is counted on its own; 'all' counts every
    programme's."""
    kpis = [
        ("k1", "a", "2024-25 Q3", "red"),
        ("k1", "a", "2024-25 Q4", "green"),
        ("k2", "a", "2024-25 Q4", None),
        ("k1", "a", "2023-24 Q4", "amber"),
        ("k3", "b", "2024-25 Q4", "red"),
    ]
    out = programme_summary(_tables({("a", y): 50 for y in YEARS}, kpis=kpis), PROGRAMMES)
    a = _row(out, "a", "2024-25")
    assert a[["kpi_quarter", "kpis", "kpis_on_track", "kpis_at_risk", "kpis_off_track", "kpis_not_rated"]].tolist() == [
        "2024-25 Q4",
        2,
        1,
        0,
        0,
        1,
    ]
    assert _row(out, "a", "2023-24")[["kpis", "kpis_at_risk"]].tolist() == [1, 1]
    everyone = _row(out, "all", "2024-25")
    assert everyone[["kpis", "kpis_on_track", "kpis_off_track"]].tolist() == [3, 1, 1]
    assert _row(out, "a", "2025-26")["kpis"] == 0 and pd.isna(_row(out, "a", "2025-26")["kpi_quarter"])


def test_spend_against_budget_and_the_programmes_running_each_year():
    """Given a budget of 200 and spend of 150, the share spent is 0.75; without a budget there is no share. Programme b
    ran in 2024-25 only, so 2 programmes ran that year and 1 in the others."""
    spend = [
        ("a", "2024-25", "all", "all", 200.0, 150.0),
        ("a", "2024-25", "E09000001", "all", None, 40.0),  # a borough's spend: never read
        ("b", "2024-25", "all", "all", None, 10.0),
    ]
    out = programme_summary(_tables({("a", y): 50 for y in YEARS}, spend=spend), PROGRAMMES)
    a = _row(out, "a", "2024-25")
    assert (a["budget_gbp"], a["spend_gbp"], a["spend_share"]) == (200.0, 150.0, 0.75)
    assert pd.isna(_row(out, "b", "2024-25")["spend_share"])
    assert [_row(out, "all", y)["programmes_running"] for y in YEARS] == [1, 2, 1]
    assert [_row(out, "b", y)["programmes_running"] for y in YEARS] == [0, 1, 0]
