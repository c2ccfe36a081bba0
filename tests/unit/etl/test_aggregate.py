"""Aggregation: distinct people, totals counted from records, the fixed published set."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from etl import periods
from etl.aggregate import (
    ALL,
    BREAKDOWNS,
    DIMENSIONS,
    MEASURES,
    categories,
    count_cells,
    provider_summary,
    published_breakdowns,
)
from etl.contract.vocabulary import ETHNICITIES, GENDERS
from etl.pseudonymise import AGE_BANDS, CATEGORICAL_COLUMNS


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


def test_a_persons_attributes_in_a_cell_are_their_first_records_and_ties_go_to_the_first_received():
    """Given a person who moved borough, with two records starting the same day and a later one, when counted, then
    the person is counted once, in the borough of the first of the two same-day records received."""
    rows = [
        {"referral_date": "2023-05-01", "start_date": "2023-06-01", "borough_code": "E09000030"},
        {"referral_date": "2023-04-01", "start_date": "2023-05-01", "borough_code": "E09000012"},
        {"referral_date": "2023-04-02", "start_date": "2023-05-01", "borough_code": "E09000001"},
    ]
    people = _people([{"person_id": 7, "programme_id": "a", "end_date": None, "status": "active", **r} for r in rows])
    cube = count_cells(people, programme_ids=["a"])
    for programme in ("a", ALL):
        assert _cell(cube, measure="participants", programme=programme, period="2023-24") == 1
        assert _cell(cube, measure="participants", programme=programme, period="2023-24", borough="E09000012") == 1
        assert _cell(cube, measure="participants", programme=programme, period="2023-24", borough="E09000001") == 0
    # Each quarter has its own first record: Q1 (April to June) holds all three starts.
    assert _cell(cube, measure="participants", programme=ALL, period="2023-24 Q1", borough="E09000012") == 1


def _random_people(seed: int, n: int = 600) -> pd.DataFrame:
    """Records with what makes counting hard: people in several programmes and quarters, many records on the same
    day, dates outside the reporting years, missing start and end dates, and a borough outside London."""
    rng = np.random.default_rng(seed)
    days = pd.to_datetime("2021-01-01") + pd.to_timedelta(rng.integers(0, 5 * 366, 40), unit="D")
    referral = days[rng.integers(0, len(days), n)]
    start = referral + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    end = start + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    status = rng.choice(["completed", "withdrawn", "active", "referred"], n)
    boroughs = [*categories()["borough"][:6], "W06000015"]
    return pd.DataFrame(
        {
            "person_id": rng.integers(0, n // 4, n).astype("uint64"),
            "programme_id": rng.choice(["a", "b", "c"], n),
            "provider_id": rng.choice(["PRV001", "PRV002"], n),
            "borough_code": rng.choice(boroughs, n),
            "age_band": rng.choice(list(AGE_BANDS), n),
            "gender": rng.choice(list(GENDERS), n),
            "ethnicity": rng.choice(list(ETHNICITIES), n),
            "referral_date": referral,
            "start_date": pd.Series(start).where(status != "referred"),
            "end_date": pd.Series(end).where(np.isin(status, ["completed", "withdrawn"])),
            "status": status,
        }
    )


def _reference_counts(people: pd.DataFrame) -> dict[tuple[str, ...], int]:
    """The counts by the plainest pandas: each measure's records in the reporting years, each person's first record
    per cell after a stable sort by date, then a groupby per total and breakdown."""
    out: dict[tuple[str, ...], int] = {}
    dates = {"participants": "start_date", "referrals": "referral_date", "completions": "end_date"}
    for measure, column in dates.items():
        events = people[people["status"] == "completed"] if measure == "completions" else people
        events = events[(events[column] >= "2021-04-01") & (events[column] <= "2026-03-31")]
        events = events.rename(columns={"borough_code": "borough", column: "date"}).sort_values("date", kind="stable")
        fy, quarter = periods.period_categoricals(events["date"])
        for programme, period in itertools.product(("each", "all"), (fy, quarter)):
            frame = events.assign(
                programme=events["programme_id"] if programme == "each" else ALL, period=period.astype(str)
            )
            if measure == "participants":
                frame = frame.drop_duplicates(["programme", "period", "person_id"])
            for dim in (None, *BREAKDOWNS):
                keys = ["programme", "period"] + ([dim] if dim else [])
                for key, value in frame.groupby(keys).size().items():
                    named = dict(zip(keys, key, strict=True))
                    cell = (measure, named["programme"], named["period"], *(named.get(b, ALL) for b in BREAKDOWNS))
                    out[cell] = int(value)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("as_categories", [False, True], ids=["text", "categories"])
def test_every_cell_matches_a_plain_groupby_of_the_records(seed, as_categories):
    """Given records with ties, repeats and out-of-range values, as text or as the categories pseudonymisation
    gives, when counted, then every published cell equals the plainest groupby's count (zero where it has none)."""
    people = _random_people(seed)
    expected = _reference_counts(people)
    if as_categories:
        people = people.astype(dict.fromkeys(CATEGORICAL_COLUMNS, "category"))
    cube = count_cells(people, programme_ids=["a", "b", "c"])
    got = {tuple(row[:-1]): row[-1] for row in cube[[*DIMENSIONS, "value"]].itertuples(index=False)}
    assert {k: v for k, v in got.items() if v} == {k: v for k, v in expected.items() if k in got}


@pytest.mark.parametrize("as_categories", [False, True], ids=["text", "categories"])
def test_provider_summary_matches_a_plain_groupby_of_the_records(as_categories):
    """Given random records, when summarised per provider, then each measure equals a plain groupby's count."""
    people = _random_people(4)
    spend = pd.DataFrame(columns=["programme_id", "provider_id", "payment_date", "amount_gbp"]).astype(
        {"payment_date": "datetime64[ns]", "amount_gbp": float}
    )
    if as_categories:
        people = people.astype(dict.fromkeys(CATEGORICAL_COLUMNS, "category"))
    got = provider_summary(people, spend).set_index(["programme_id", "provider_id", "financial_year"])
    plain = people.astype(dict.fromkeys(CATEGORICAL_COLUMNS, str))
    keys = ["programme_id", "provider_id", "financial_year"]
    for measure, column, ended in (
        ("participants", "start_date", None),
        ("referrals", "referral_date", None),
        ("completions", "end_date", ["completed"]),
        ("leavers", "end_date", ["completed", "withdrawn"]),
    ):
        events = plain if ended is None else plain[plain["status"].isin(ended)]
        events = events[(events[column] >= "2021-04-01") & (events[column] <= "2026-03-31")]
        events = events.assign(financial_year=periods.financial_year_of_dates(events[column]))
        grouped = events.groupby(keys)
        expected = grouped["person_id"].nunique() if measure == "participants" else grouped.size()
        assert got[measure][got[measure] > 0].sort_index().to_dict() == expected.sort_index().to_dict(), measure
