"""The London Crime Prevention Fund against need (etl/publish/lcpf.py), on small inline frames: a need figure that is
not available is published as [x] (NULL, status 'x'), never 0, and is left out of every rate and of the inner and outer
London sums, checked against a hand-computed example."""

from __future__ import annotations

import pandas as pd
import pytest

from etl import reference
from etl.publish import lcpf

KNIFE = "knife_crime_with_injury"
HACKNEY, BARNET, BEXLEY, CITY = "E09000012", "E09000003", "E09000004", "E09000001"


def _funding_rows(rows: list[tuple]) -> pd.DataFrame:
    """lcpf_funding rows: (borough, inner or outer, population, allocation, need)."""
    return pd.DataFrame(
        [
            {
                "borough_code": code,
                "inner_outer": side,
                "financial_year": "2024-25",
                "need_indicator": KNIFE,
                "population_2021": population,
                "allocation_gbp": allocation,
                "need_value": need,
                "need_status": "x" if need is None else "",
            }
            for code, side, population, allocation, need in rows
        ]
    ).astype({"need_value": "Int64"})


def test_inner_outer_summary_matches_a_hand_computed_example():
    """Given one inner and two outer boroughs with allocations, one outer of which has no need figure, and the City
    with neither, when summarised, then only the boroughs with both figures are in the sums:
    Inner: £200,000 / 100,000 people = £2.00 a head; 100 offences = 10.0 per 10,000; £2,000 per offence.
    Outer: £300,000 / 200,000 = £1.50 a head; 100 offences = 5.0 per 10,000; £3,000 per offence (Bexley left out).
    London: £500,000 / 300,000 = £1.67 a head; 200 offences = 6.67 per 10,000; £2,500 per offence."""
    funding = _funding_rows(
        [
            (HACKNEY, "Inner", 100_000, 200_000.0, 100),
            (BARNET, "Outer", 200_000, 300_000.0, 100),
            (BEXLEY, "Outer", 250_000, 400_000.0, None),
            (CITY, "Inner", 8_600, None, None),
        ]
    )
    out = lcpf.summary(funding).set_index("area")
    assert list(out.index) == ["Inner London", "London", "Outer London"]
    assert out.loc["Inner London", ["allocation_per_head_gbp", "need_per_10k", "allocation_per_need_gbp"]].tolist() == [
        2.00,
        10.00,
        2_000.00,
    ]
    assert out.loc["Outer London", ["allocation_per_head_gbp", "need_per_10k", "allocation_per_need_gbp"]].tolist() == [
        1.50,
        5.00,
        3_000.00,
    ]
    assert out.loc["Outer London", "allocation_gbp"] == 300_000.0  # Bexley's allocation is not in the sum
    assert out.loc["London", "allocation_per_head_gbp"] == pytest.approx(1.67)
    assert out.loc["London", "need_per_10k"] == pytest.approx(6.67)
    assert out.loc["London", "allocation_per_need_gbp"] == 2_500.00
    assert out["borough_count"].to_dict() == {"Inner London": 1, "London": 2, "Outer London": 1}


def test_a_year_without_need_figures_has_no_summary_rows():
    """Given a year in which no borough has the need figure, then inner and outer London are not compared for it."""
    funding = _funding_rows([(HACKNEY, "Inner", 100_000, 200_000.0, None), (BARNET, "Outer", 200_000, 300_000.0, None)])
    assert lcpf.summary(funding).empty


def test_every_borough_year_and_indicator_is_published_and_a_missing_figure_is_x_never_zero():
    """Given need figures for one borough only, a year of allocations with no need figures at all, and an allocation
    to a borough with no need figure, when the borough table is built, then every borough has a row for each year and
    indicator; those without a figure have need_value NULL, need_status 'x' and no rates, never 0."""
    frames = {
        "need_indicators": pd.DataFrame(
            {
                "borough_code": [HACKNEY, CITY],
                "financial_year": ["2024-25", "2024-25"],
                "indicator": [KNIFE, KNIFE],
                "value": pd.array([138, None], dtype="Int64"),
            }
        ),
        "lcpf_allocations": pd.DataFrame(
            {
                "borough_code": [HACKNEY, BARNET, HACKNEY],
                "financial_year": ["2024-25", "2024-25", "2025-26"],
                "allocation_gbp": [437_400.0, 587_100.0, 450_000.0],
            }
        ),
    }
    out = lcpf.funding(frames).set_index(["borough_code", "financial_year"])
    assert len(out) == len(reference.boroughs()) * 2  # 33 boroughs, two years, one indicator
    hackney = out.loc[(HACKNEY, "2024-25")]
    population = reference.boroughs().set_index("gss_code").loc[HACKNEY, "population_2021"]
    assert (hackney["need_value"], hackney["need_status"]) == (138, "")
    assert hackney["need_per_10k"] == round(138 / population * 10_000, 2)
    assert hackney["allocation_per_need_gbp"] == round(437_400 / 138, 2)
    for key in [(CITY, "2024-25"), (BARNET, "2024-25"), (HACKNEY, "2025-26")]:
        row = out.loc[key]
        assert row["need_status"] == "x", key
        assert pd.isna(row["need_value"]) and pd.isna(row["need_per_10k"]), key
        assert pd.isna(row["allocation_per_need_gbp"]), key
    assert out.loc[(BARNET, "2024-25"), "allocation_per_head_gbp"] > 0  # the allocation itself is still published
    assert (out["need_value"].dropna() > 0).all()  # nothing not available became 0
