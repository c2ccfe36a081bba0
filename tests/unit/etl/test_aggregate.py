"""Aggregation: distinct people, totals counted from records, the fixed published set."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.aggregate import ALL, MEASURES, count_cells, provider_summary, published_breakdowns


def _people(rows):
    base = {
        "provider_id": "PRV001",
        "age_band": "14 to 17",
        "gender": "Female",
        "ethnicity": "Black",
        "status": "completed",
        "outcome_positive": True,
    }
    frame = pd.DataFrame([{**base, **r} for r in rows])
    for col in ("referral_date", "start_date", "end_date"):
        frame[col] = pd.to_datetime(frame[col])
    return frame


@pytest.fixture
def people():
    # Person 1 is in two programmes in the same quarter; person 2 in one, referred twice.
    return _people(
        [
            {
                "person_id": 1,
                "programme_id": "a",
                "borough_code": "E09000012",
                "referral_date": "2023-04-03",
                "start_date": "2023-04-10",
                "end_date": "2023-06-01",
            },
            {
                "person_id": 1,
                "programme_id": "b",
                "borough_code": "E09000012",
                "referral_date": "2023-04-20",
                "start_date": "2023-05-01",
                "end_date": "2023-06-20",
            },
            {
                "person_id": 2,
                "programme_id": "a",
                "borough_code": "E09000030",
                "referral_date": "2023-04-05",
                "start_date": "2023-04-06",
                "end_date": None,
                "status": "active",
            },
            {
                "person_id": 2,
                "programme_id": "a",
                "borough_code": "E09000030",
                "referral_date": "2023-07-05",
                "start_date": "2023-07-06",
                "end_date": None,
                "status": "active",
            },
        ]
    )


def _cell(cube, **dims):
    sel = {"borough": ALL, "age_band": ALL, "gender": ALL, "ethnicity": ALL, **dims}
    mask = pd.Series(True, index=cube.index)
    for k, v in sel.items():
        mask &= cube[k] == v
    assert mask.sum() == 1, sel
    return int(cube.loc[mask, "value"].iloc[0])


def test_a_person_in_two_programmes_counts_once_london_wide(people):
    """Given person 1 in programmes a and b, when counted, then each programme counts them and London counts them
    once."""
    cube = count_cells(people, programme_ids=["a", "b"])
    assert _cell(cube, measure="participants", programme="a", period="2023-24 Q1") == 2
    assert _cell(cube, measure="participants", programme="b", period="2023-24 Q1") == 1
    assert _cell(cube, measure="participants", programme=ALL, period="2023-24 Q1") == 2
    assert _cell(cube, measure="participants", programme=ALL, period="2023-24") == 2  # not 3: person 2 again in Q2


def test_referrals_and_completions_count_events(people):
    """Given four referrals and two completions, when counted, then the event measures add up."""
    cube = count_cells(people, programme_ids=["a", "b"])
    assert _cell(cube, measure="referrals", programme=ALL, period="2023-24") == 4
    assert _cell(cube, measure="completions", programme=ALL, period="2023-24") == 2
    assert _cell(cube, measure="referrals", programme="a", period="2023-24", borough="E09000030") == 2


def test_a_providers_leavers_are_its_referrals_ended_in_the_year_completed_or_withdrawn():
    """Given, for one provider, a completion and a withdrawal ending in 2025-26, an active referral and a completion
    of 2024-25, then 2025-26 has two leavers and one completion: the completion rate's denominator (not the people
    started, which gave rates over 100%)."""
    people = _people(
        [
            {
                "person_id": 1,
                "programme_id": "a",
                "borough_code": "E09000012",
                "referral_date": "2024-05-01",
                "start_date": "2024-05-02",
                "end_date": "2025-05-01",
            },
            {
                "person_id": 2,
                "programme_id": "a",
                "borough_code": "E09000012",
                "referral_date": "2025-05-01",
                "start_date": "2025-05-02",
                "end_date": "2025-09-01",
                "status": "withdrawn",
                "outcome_positive": None,
            },
            {
                "person_id": 3,
                "programme_id": "a",
                "borough_code": "E09000012",
                "referral_date": "2025-06-01",
                "start_date": "2025-06-02",
                "end_date": None,
                "status": "active",
                "outcome_positive": None,
            },
            {
                "person_id": 4,
                "programme_id": "a",
                "borough_code": "E09000012",
                "referral_date": "2024-04-01",
                "start_date": "2024-04-02",
                "end_date": "2024-10-01",
            },
        ]
    )
    spend = pd.DataFrame(
        {
            "programme_id": ["a"],
            "provider_id": ["PRV001"],
            "payment_date": pd.to_datetime(["2025-06-30"]),
            "amount_gbp": [1000.0],
        }
    )
    out = provider_summary(people, spend).set_index("financial_year")
    assert out.loc["2025-26", ["participants", "completions", "leavers"]].tolist() == [2, 1, 2]
    assert out.loc["2024-25", ["participants", "completions", "leavers"]].tolist() == [2, 1, 1]


def test_every_published_cell_is_present_with_zero_when_nothing_was_counted(people):
    """Given a programme with no records, when counted, then its cells exist with zero."""
    cube = count_cells(people, programme_ids=["a", "b", "c"])
    assert _cell(cube, measure="participants", programme="c", period="2021-22") == 0
    per_slice = 1 + 33 + 5 + 3 + 6
    # 4 programmes (incl. all) x 5 years x 48, plus quarter totals, plus London's borough by quarter.
    assert len(cube) == len(MEASURES) * (4 * 5 * per_slice + 4 * 20 + 20 * 33)


def test_breakdowns_add_up_to_totals_within_each_slice(people):
    """Given any slice, when counted, then each published breakdown sums to the slice total."""
    cube = count_cells(people, programme_ids=["a", "b"])
    for (m, p, q), slice_ in cube.groupby(["measure", "programme", "period"]):
        total = _cell(slice_, measure=m, programme=p, period=q)
        for dim in published_breakdowns(programme=p, period=q):
            parts = slice_[slice_[dim] != ALL]
            assert parts["value"].sum() == total, (m, p, q, dim)
