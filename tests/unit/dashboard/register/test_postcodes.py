"""Postcode search of the services directory: full postcodes, districts, London's
sub-districts, districts that serve several boroughs, non-London, malformed and empty input."""

from __future__ import annotations

import csv

import pytest

from dashboard.register import postcodes
from tests.support import ROOT

NAMES = {r["gss_code"]: r["name"] for r in csv.DictReader((ROOT / "etl" / "reference" / "london_boroughs.csv").open())}
SOUTHWARK, LAMBETH, WESTMINSTER, TOWER_HAMLETS, CROYDON, BROMLEY = (
    "E09000028",
    "E09000022",
    "E09000033",
    "E09000030",
    "E09000008",
    "E09000006",
)


@pytest.mark.parametrize(
    ("query", "district", "first"),
    [
        ("SE1 7PB", "SE1", SOUTHWARK),  # a full postcode
        ("se17pb", "SE1", SOUTHWARK),  # any case, no space
        ("  SE1  ", "SE1", SOUTHWARK),  # a district alone, padded
        ("SW1A 1AA", "SW1", WESTMINSTER),  # central sub-district (SW1A) falls back to its district
        ("SW1A1AA", "SW1", WESTMINSTER),
        ("E1W 1AA", "E1", TOWER_HAMLETS),
        ("CR0 1AA", "CR0", CROYDON),  # outer London
        ("BR1", "BR1", BROMLEY),
    ],
)
def test_london_postcodes_resolve_to_their_borough(query, district, first):
    found = postcodes.lookup(query, NAMES)
    assert found.found and found.district == district and found.boroughs[0] == first
    assert NAMES[first] in found.message


def test_a_district_that_serves_several_boroughs_names_them_all():
    found = postcodes.lookup("SE1 7PB", NAMES)
    assert set(found.boroughs) == {SOUTHWARK, LAMBETH}
    assert found.message == (
        "SE1 7PB is in postcode district SE1, which covers parts of Southwark and Lambeth: "
        "services in any of them are shown."
    )


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("", "Enter a postcode"),
        ("   ", "Enter a postcode"),
        ("XYZ", "is not a UK postcode"),
        ("12345", "is not a UK postcode"),
        ("SE1 7PBX", "is not a UK postcode"),
        ("SE1 7CI", "is not a UK postcode"),  # C and I never end a postcode
        ("M1 1AE", "M1 1AE is outside London"),  # Manchester: an area with no London district
        ("G1", "G1 is outside London"),
        (
            "TN1 1AA",
            "Postcode district TN1 is not one this lookup places in London",
        ),  # a London area's non-London district
    ],
)
def test_other_input_gets_a_clear_message_and_no_borough(query, words):
    found = postcodes.lookup(query, NAMES)
    assert not found.found and found.boroughs == ()
    assert words in found.message and found.message.endswith(".")


def test_every_borough_in_the_table_is_a_london_borough_and_every_borough_is_reachable():
    served = postcodes.districts()
    codes = {c for cs in served.values() for c in cs}
    assert codes == set(NAMES), set(NAMES) ^ codes
    assert len(served) > 200
