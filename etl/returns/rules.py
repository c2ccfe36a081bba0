"""Rules of a return beyond the data contract's: each a small named function saying what it rejects, in the form of
etl.validation.rule_support (typed frames in, findings naming file, row, column, value and expectation out).

The frames are the return's own rows, typed by the contract's schemas. What a return may hold follows from what the
provider owes (etl.returns.expected.Obligation): its KPIs for the quarter, referrals to programmes it delivers, its
own services, and the reviews of the half that ends with the quarter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from etl import periods
from etl.returns.expected import Obligation, half_ending
from etl.validation.findings import Finding
from etl.validation.rule_support import finding, rows_where

Frames = Mapping[str, pd.DataFrame]
ReturnRule = Callable[[Frames, Obligation, pd.Series], list[Finding]]


def referral_after_the_quarter(frames: Frames, obligation: Obligation, _owners: pd.Series) -> list[Finding]:
    """Rejects a referral received after the quarter ended: it belongs in the next quarter's return."""
    if "participants" not in frames:
        return []
    p = frames["participants"]
    last = pd.Timestamp(periods.quarter_bounds(obligation.period)[1])
    return [
        finding(
            "participants",
            i,
            "referral_date",
            v,
            f"a date by {last.date()}, the end of {obligation.period}: later referrals go in the next quarter's return",
            "outside_period",
        )
        for i, v in rows_where(p, p["referral_date"] > last)["referral_date"].items()
    ]


def referral_of_another_provider(frames: Frames, obligation: Obligation, owners: pd.Series) -> list[Finding]:
    """Rejects a referral_id the VRU already holds for another provider: ids are unique across providers."""
    if "participants" not in frames or owners.empty:
        return []
    p = frames["participants"]
    owner = p["referral_id"].map(owners[~owners.index.duplicated()])
    taken = owner.notna() & (owner != obligation.provider_id)
    return [
        finding(
            "participants",
            i,
            "referral_id",
            v,
            "a referral id of your own: another provider's referral already has this id",
            "unknown_reference",
        )
        for i, v in p.loc[taken, "referral_id"].items()
    ]


def programme_not_delivered(frames: Frames, obligation: Obligation, _owners: pd.Series) -> list[Finding]:
    """Rejects a referral to a programme the provider does not deliver in the quarter."""
    if "participants" not in frames:
        return []
    p = frames["participants"]
    bad = ~p["programme_id"].isin(list(obligation.programmes))
    return [
        finding(
            "participants",
            i,
            "programme_id",
            v,
            "one of your programmes: " + (", ".join(obligation.programmes) or "none this quarter"),
            "unknown_reference",
        )
        for i, v in p.loc[bad, "programme_id"].items()
    ]


def kpi_not_expected(frames: Frames, obligation: Obligation, _owners: pd.Series) -> list[Finding]:
    """Rejects a KPI row for another KPI or another quarter than the template asked for."""
    if "kpi_measurements" not in frames:
        return []
    m = frames["kpi_measurements"]
    expected = {r["kpi_id"] for r in obligation.rows.get("KPI returns", [])}
    found = [
        finding(
            "kpi_measurements",
            i,
            "kpi_id",
            v,
            "one of the KPIs the template lists: " + ", ".join(sorted(expected)),
            "unknown_reference",
        )
        for i, v in m.loc[~m["kpi_id"].isin(expected), "kpi_id"].items()
    ]
    found += [
        finding("kpi_measurements", i, "quarter", v, f"{obligation.period}, the quarter of this return", "wrong_period")
        for i, v in m.loc[m["quarter"] != obligation.period, "quarter"].items()
    ]
    return found


def service_not_theirs(frames: Frames, obligation: Obligation, _owners: pd.Series) -> list[Finding]:
    """Rejects a service, site or review of a service that is not the provider's (new services are added to the
    register by the commissioning team, not by a return)."""
    found = []
    reviewed = {r["service_id"] for r in obligation.rows.get("Reviews", [])}
    for extract, allowed in (
        ("services", set(obligation.services)),
        ("service_sites", set(obligation.services)),
        ("service_reviews", reviewed),
    ):
        if extract not in frames:
            continue
        s = frames[extract]
        found += [
            finding(
                extract, i, "service_id", v, "one of your services: " + ", ".join(sorted(allowed)), "unknown_reference"
            )
            for i, v in s.loc[~s["service_id"].isin(allowed), "service_id"].items()
        ]
    return found


def review_of_another_half(frames: Frames, obligation: Obligation, _owners: pd.Series) -> list[Finding]:
    """Rejects a review of another half than the one ending with the return's quarter."""
    if "service_reviews" not in frames:
        return []
    r = frames["service_reviews"]
    half = half_ending(obligation.period)
    return [
        finding(
            "service_reviews", i, "period", v, f"{half}, the half that ends with {obligation.period}", "wrong_period"
        )
        for i, v in r.loc[r["period"] != half, "period"].items()
    ]


RULES: tuple[ReturnRule, ...] = (
    referral_after_the_quarter,
    referral_of_another_provider,
    programme_not_delivered,
    kpi_not_expected,
    service_not_theirs,
    review_of_another_half,
)
