"""The loaded demo release's need figures (etl/publish/lcpf.py, from etl/demo/finance.py) against the Metropolitan
Police's published file they come from (etl/reference/mps_knife_crime_by_borough.csv, read here on its own): every count
as published, neither rounded nor suppressed, in the public database as in the internal one; the City of London and
the years the file does not cover as [x]; and the 32-borough totals."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from etl.reference import REFERENCE_DIR
from tests.support.db import sqlite_rows

COLUMNS = {
    "knife_crime_with_injury": "knife_crime_with_injury_offences",
    "knife_injury_victims_1_24_non_domestic": "knife_injury_victims_aged_1_24_non_domestic",
}
CITY = "E09000001"


def _published_file() -> dict[tuple[str, str, str], int]:
    """(GSS code, financial year, indicator) -> the count, as the MPS's file gives it."""
    with (REFERENCE_DIR / "mps_knife_crime_by_borough.csv").open(newline="", encoding="utf-8") as f:
        return {
            (row["gss_code"], row["financial_year"], indicator): int(row[column])
            for row in csv.DictReader(f)
            for indicator, column in COLUMNS.items()
        }


def _loaded(path) -> dict[tuple[str, str, str], tuple[int | None, str]]:
    rows = sqlite_rows(
        path, "SELECT borough_code, financial_year, need_indicator, need_value, need_status FROM lcpf_funding"
    )
    return {(code, year, indicator): (value, status) for code, year, indicator, value, status in rows}


@pytest.mark.parametrize("database", ["public.db", "internal.db"])
def test_every_need_figure_is_the_police_count_as_published(small_release, database):
    """Given the demo release, then each borough's count for each year and indicator the MPS's file covers is the
    file's, and every other row (the City of London, 2021-22 and 2025-26) is [x]: NULL with status 'x', never 0."""
    published, loaded = _published_file(), _loaded(small_release / database)
    assert len(published) == 32 * 3 * 2
    assert {key: loaded[key] for key in published} == {key: (count, "") for key, count in published.items()}
    others = {key: value for key, value in loaded.items() if key not in published}
    assert {code for code, _, _ in others} >= {CITY}
    assert {year for _, year, _ in others} == {"2021-22", "2022-23", "2023-24", "2024-25", "2025-26"}
    assert set(others.values()) == {(None, "x")}


def test_figures_known_from_the_mps_publication_are_loaded(small_release):
    """Knife crime with injury in 2024-25 as the MPS published it: Croydon 196, Newham 190, Ealing 183, Southwark 182,
    Richmond upon Thames 23; and Croydon's young victims 2022-23 to 2024-25."""
    loaded = _loaded(small_release / "public.db")
    knife = {
        code: loaded[(code, "2024-25", "knife_crime_with_injury")][0]
        for code in ("E09000008", "E09000025", "E09000009", "E09000028", "E09000027")
    }
    assert knife == {"E09000008": 196, "E09000025": 190, "E09000009": 183, "E09000028": 182, "E09000027": 23}
    victims = [loaded[("E09000008", y, "knife_injury_victims_1_24_non_domestic")][0] for y in ("2022-23", "2023-24")]
    assert victims == [60, 85]


def test_londons_totals_are_the_32_boroughs_of_the_published_file(small_release):
    """Given the demo release's inner and outer London summary, then London's need for each year and indicator is the
    sum of the 32 boroughs in the MPS's file (2024-25 knife crime with injury: 3,687; the MPS's London-wide 3,736
    also counts 49 offences with no borough), over 32 boroughs; and no year without figures is summarised."""
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for (_, year, indicator), count in _published_file().items():
        sums[(year, indicator)] += count
    rows = sqlite_rows(
        small_release / "public.db",
        "SELECT financial_year, need_indicator, need_value, borough_count FROM lcpf_summary WHERE area = 'London'",
    )
    assert {(year, indicator): (value, boroughs) for year, indicator, value, boroughs in rows} == {
        key: (total, 32) for key, total in sums.items()
    }
    assert sums[("2024-25", "knife_crime_with_injury")] == 3_687
