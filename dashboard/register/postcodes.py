"""Postcode search for the services directory: a full postcode or a postcode district to
the London borough(s) it serves, offline, from reference/postcode_districts.csv (built by
scripts/build_postcode_districts.py; sources and licences in assets/ATTRIBUTION.md).

The lookup works at district level (the part before the space): a district that serves
more than one borough gives them all, and the message says so, because a full postcode
in it cannot be placed more exactly with these data.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "reference" / "postcode_districts.csv"
SOURCE_NOTE = (
    "Postcode districts matched to boroughs from Wikipedia's List of areas of London "
    "(as of 4 August 2016, CC BY-SA 3.0), through the london-districts package."
)
EXAMPLE = "SE1 7PB or SE1"

# Outward code (area letters, district digits, optional letter) and an optional inward
# code (a digit and two letters, never C, I, K, M, O or V).
_POSTCODE = re.compile(r"^(?P<area>[A-Z]{1,2})(?P<number>[0-9][0-9A-Z]?)(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})?$")


@dataclasses.dataclass(frozen=True)
class Lookup:
    query: str
    found: bool  # True when the postcode resolved to at least one borough
    message: str  # what to tell the user, always a full sentence
    district: str = ""
    boroughs: tuple[str, ...] = ()  # GSS codes, the borough serving most of the district first


@functools.cache
def districts() -> dict[str, tuple[str, ...]]:
    """postcode district -> GSS codes of the boroughs it serves."""
    served: dict[str, list[str]] = {}
    with TABLE.open(newline="") as f:
        for row in csv.DictReader(f):
            served.setdefault(row["postcode_district"], []).append(row["borough_code"])
    return {d: tuple(codes) for d, codes in served.items()}


@functools.cache
def london_areas() -> frozenset[str]:
    """Postcode areas (the leading letters) with at least one district in London."""
    return frozenset(re.match(r"[A-Z]+", d).group() for d in districts())


def _district(outward: str, table: dict) -> str | None:
    """The table's district for an outward code; central London's sub-districts (SW1A,
    EC2M, W1T, E1W...) fall back to their district (SW1, EC2, W1, E1)."""
    if outward in table:
        return outward
    if outward[-1].isalpha() and outward[:-1] in table:
        return outward[:-1]
    return None


def _names(codes: tuple[str, ...], names: dict[str, str]) -> str:
    words = [names.get(c, c) for c in codes]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def lookup(query: str, names: dict[str, str]) -> Lookup:
    """Resolve what someone typed; `names` maps GSS codes to borough names for messages."""
    text = re.sub(r"\s+", "", query or "").upper()
    if not text:
        return Lookup(query, False, f"Enter a postcode, for example {EXAMPLE}.")
    match = _POSTCODE.match(text)
    if not match:
        return Lookup(
            query, False, f"“{query.strip()}” is not a UK postcode or postcode district. Enter one like {EXAMPLE}."
        )
    outward = match["area"] + match["number"]
    shown = f"{outward} {match['inward']}" if match["inward"] else outward
    if match["area"] not in london_areas():
        return Lookup(
            query,
            False,
            f"{shown} is outside London: this directory lists services in London's 33 boroughs. "
            "Choose a borough, or leave the postcode empty to see London-wide services.",
        )
    table = districts()
    district = _district(outward, table)
    if district is None:
        return Lookup(
            query,
            False,
            f"Postcode district {outward} is not one this lookup places in London: it may be outside "
            "London, or not in the lookup. Choose the borough from the list instead.",
        )
    codes = table[district]
    where = (
        f"{shown} is in postcode district {district}"
        if match["inward"] or district != outward
        else f"Postcode district {district}"
    )
    if len(codes) == 1:
        return Lookup(query, True, f"{where}, in {_names(codes, names)}.", district, codes)
    return Lookup(
        query,
        True,
        f"{where}, which covers parts of {_names(codes, names)}: services in any of them are shown.",
        district,
        codes,
    )
