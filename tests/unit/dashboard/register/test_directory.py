"""The services directory's search, stale-record rule, map counts and funding rounds, on tiny frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.register import directory

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def services():
    return pd.DataFrame(
        {
            "name": ["Mentoring in Hackney", "Youth club", "Victim support"],
            "provider_name": ["Riverside Mentoring", "Westway Youth", "Victim Support Partnership"],
            "description": ["One-to-one mentoring", "Evening sessions", "Support after crime"],
            "service_area": ["Mentoring", "Youth work", "Victim support"],
            "boroughs_covered": ["E09000012;E09000030", "E09000002", "London-wide"],
            "annual_value_gbp": [100_000.0, 50_000.0, 900_000.0],
            "last_reviewed": ["2026-10-01", "2026-03-01", "2026-05-23"],
        }
    )


@pytest.mark.parametrize(
    ("text", "area", "borough", "expected"),
    [
        ("", "all", "all", ["Mentoring in Hackney", "Youth club", "Victim support"]),
        ("mentoring", "all", "all", ["Mentoring in Hackney"]),
        ("MENTORING hackney", "all", "all", ["Mentoring in Hackney"]),  # every word, any case
        ("", "Youth work", "all", ["Youth club"]),
        ("", "all", "E09000030", ["Mentoring in Hackney", "Victim support"]),  # London-wide covers every borough
        ("support", "Victim support", "E09000002", ["Victim support"]),
        ("nothing like this", "all", "all", []),
    ],
)
def test_search_combinations(services, text, area, borough, expected):
    assert list(directory.search(services, text=text, area=area, borough=borough)["name"]) == expected


@pytest.mark.parametrize(
    ("text", "near", "expected"),
    [
        (
            "",
            ("E09000012", "E09000019"),
            ["Mentoring in Hackney", "Victim support"],
        ),  # a district that serves Hackney and Islington
        ("", ("E09000002",), ["Youth club", "Victim support"]),
        ("mentoring", ("E09000002",), []),
    ],
)
def test_search_near_a_postcode_matches_any_of_its_boroughs(services, text, near, expected):
    assert list(directory.search(services, text=text, near=near)["name"]) == expected


def test_a_search_that_matches_nothing_keeps_every_column(services):
    """Found by the load test: a borough filter on an empty result used to drop every column (KeyError on the page)."""
    for found in (
        directory.search(services, text="nothing like this", borough="E09000030"),
        directory.search(services, area="Youth work", text="victim", near=("E09000012",)),
    ):
        assert found.empty and list(found.columns) == list(services.columns)


def test_records_not_reviewed_for_six_months_are_flagged(services):
    """2026-10-01 is fresh; 2026-05-23 is 183 days before 2026-11-22 (not yet stale); 2026-03-01 is stale."""
    assert list(directory.stale(services["last_reviewed"], today=TODAY)) == [False, True, False]


def test_map_counts_leave_london_wide_services_apart(services):
    boroughs = pd.DataFrame({"gss_code": ["E09000002", "E09000012"], "name": ["Barking and Dagenham", "Hackney"]})
    counts = directory.per_borough(services, boroughs).set_index("borough")
    assert counts.loc["E09000012", "services"] == 1 and counts.loc["E09000012", "annual_value_gbp"] == 100_000
    assert counts.loc["E09000002", "services"] == 1


def test_closed_rounds_are_hidden_unless_asked_for():
    rounds = pd.DataFrame(
        {"opens": ["2026-10-01", "2026-12-01", "2026-01-01"], "closes": ["2026-12-31", "2027-01-31", "2026-02-01"]}
    )
    shown = directory.open_rounds(rounds, today=TODAY)
    assert list(shown["state"]) == ["open", "upcoming"]
    assert list(directory.open_rounds(rounds, today=TODAY, include_closed=True)["state"]) == [
        "open",
        "upcoming",
        "closed",
    ]


# ------------------------------------------------------------------ the results list: names, orders and pages
def _listed(**columns) -> pd.DataFrame:
    base = {
        "service_id": ["SVC003", "SVC001", "SVC002", "SVC004"],
        "name": ["youth club", "MyEnds", "MyEnds", "Victim support"],
        "provider_name": ["Westway Youth", "Eastside Hubs", "Bridges Consortium", "Victim Support Partnership"],
        "annual_value_gbp": [50_000.0, 900_000.0, 900_000.0, 300_000.0],
        "rag_rating": ["amber", "red", "green", None],
        "contract_end": ["2027-03-31", "2026-12-31", "2029-05-06", "2026-12-31"],
    }
    return pd.DataFrame({**base, **columns})


def test_a_service_is_named_by_its_name_and_its_provider():
    """Given a programme run by two providers, then each of its services reads "Service name, Provider"."""
    names = [directory.service_name(r) for _, r in _listed().iterrows()]
    assert names[1:3] == ["MyEnds, Eastside Hubs", "MyEnds, Bridges Consortium"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["SVC002", "SVC001", "SVC004", "SVC003"]),  # by name, whatever its case, then provider
        ("funding", ["SVC002", "SVC001", "SVC004", "SVC003"]),  # largest first, ties by name and provider
        ("rating", ["SVC002", "SVC003", "SVC001", "SVC004"]),  # on track first, not rated last
        ("contract-end", ["SVC001", "SVC004", "SVC003", "SVC002"]),  # soonest first, ties by name
        ("no-such-order", ["SVC002", "SVC001", "SVC004", "SVC003"]),  # by name
    ],
)
def test_the_list_is_ordered_by_name_funding_rating_or_contract_end(sort, expected):
    assert list(directory.ordered(_listed(), sort)["service_id"]) == expected


def test_the_list_is_cut_into_pages_of_twenty():
    """Given 41 services, then there are 3 pages, the last holding one; no service is a page of its own."""
    services = pd.DataFrame({"service_id": [f"SVC{n:03d}" for n in range(1, 42)]})
    assert [directory.page_count(n) for n in (0, 1, 20, 21, 41)] == [1, 1, 1, 2, 3]
    assert list(directory.on_page(services, 3)["service_id"]) == ["SVC041"]
    second = directory.on_page(services, 2)
    assert second["service_id"].iloc[0] == "SVC021" and len(second) == 20
