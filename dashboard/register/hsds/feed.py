"""The whole HSDS feed of one release, and what the Open Referral UK profile's lists need: filters and pages.

Plain functions of the published `services`, `service_sites` and `boroughs` tables of one release
(DataFrames in, a Feed out); dashboard/register/openreferral.py serves it. Nothing here reads a
database or a request, so tests build a feed from three-row frames.
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd

from dashboard.register.hsds.records import (
    LONDON_WIDE,
    clean_text,
    full_service,
    one_to_one,
    service_at_location,
    service_terms,
)
from dashboard.register.hsds.taxonomies import AT_A_SITE, TAXONOMIES, term_id


@dataclasses.dataclass(frozen=True)
class Record:
    """One service of the feed, with what its list filters need."""

    full: dict
    summary: dict
    terms: frozenset[str]
    boroughs: tuple[str, ...]  # GSS codes covered ("London-wide" covers every borough)
    text: str  # lower-case words searched by ?search=


@dataclasses.dataclass(frozen=True)
class Feed:
    release_id: int
    services: dict[str, Record]  # by HSDS id, in the register's order (by name)
    service_at_locations: dict[str, tuple[dict, dict, Record]]  # id -> (list form, full form, its service)


def build(services: pd.DataFrame, sites: pd.DataFrame, boroughs: pd.DataFrame, *, release_id: int) -> Feed:
    """The whole feed of one release: every service of the register, and every site of each."""
    names = dict(zip(boroughs["gss_code"], boroughs["name"]))
    # not dict(groupby): a GroupBy has a .keys attribute, which dict() would call
    by_service = {k: g for k, g in sites.groupby("service_id")} if len(sites) else {}  # noqa: C416
    empty = sites.iloc[0:0]
    records, sals = {}, {}
    for _, row in services.sort_values(["name", "service_id"]).iterrows():
        own = by_service.get(row["service_id"], empty)
        full = full_service(row, own, names)
        summary = one_to_one(row)
        covered = (
            ("London-wide",) if row["boroughs_covered"] == LONDON_WIDE else tuple(row["boroughs_covered"].split(";"))
        )
        text = " ".join(
            [
                row["name"],
                row["description"],
                row["provider_name"],
                row["service_area"],
                clean_text(row["eligibility"]) or "",
            ]
        ).lower()
        record = Record(full, summary, service_terms(row, own), covered, text)
        records[full["id"]] = record
        without_sites = {k: v for k, v in full.items() if k != "service_at_locations"}
        for _, site in own[own["delivery_mode"] == AT_A_SITE].iterrows():
            listed = {**service_at_location(site, full=False), "service": summary}
            nested = {**service_at_location(site, full=True), "service": without_sites}
            sals[listed["id"]] = (listed, nested, record)
    return Feed(release_id, records, sals)


def covers(record: Record, boroughs: tuple[str, ...]) -> bool:
    return record.boroughs == ("London-wide",) or any(b in record.boroughs for b in boroughs)


def matches(
    record: Record,
    *,
    words=(),
    term: str | None = None,
    taxonomy: str | None = None,
    minimum_age=None,
    maximum_age=None,
    modified_after: str | None = None,
    organization: str | None = None,
) -> bool:
    """The profile's list filters: every word in the service's text; a taxonomy term, or any term of a taxonomy;
    a minimum age of at least `minimum_age`, a maximum age of at most `maximum_age` (the profile's definitions);
    modified on or after a date-time; provided by an organisation."""
    s = record.summary
    if any(w not in record.text for w in words):
        return False
    if term is not None and term not in record.terms:
        return False
    if taxonomy is not None:
        t = next((t for t in TAXONOMIES if t.id == taxonomy), None)
        if t is None or not any(term_id(t.key, name) in record.terms for name, _ in t.terms):
            return False
    if minimum_age is not None and not ("minimum_age" in s and s["minimum_age"] >= minimum_age):
        return False
    if maximum_age is not None and not ("maximum_age" in s and s["maximum_age"] <= maximum_age):
        return False
    if modified_after is not None and s["last_modified"] < modified_after:
        return False
    return not (organization is not None and s["organization_id"] != organization)


def page(items: list, *, number: int, size: int) -> dict:
    """The profile's page: total_items, total_pages, page_number, size (items on this page), first/last page, empty."""
    total = len(items)
    pages = max(1, math.ceil(total / size))
    contents = items[(number - 1) * size : number * size]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }
