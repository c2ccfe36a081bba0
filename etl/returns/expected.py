"""What a provider owes the VRU for a quarter: which sheets its return has, the rows the VRU pre-fills, the values its
dropdowns offer, and when the return is due. Pure functions of the VRU's typed extracts.

A provider is expected to return a quarter when it leads a programme running in it (its KPIs), delivers a programme
through a service whose contract runs in it (its referrals), or has a service in the register whose contract runs in
it (the register details, sites and reviews).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from etl import halves, periods
from etl.returns import sheets
from etl.validation.reporting_rules import RETURN_DAYS_ALLOWED

# After the due date a return not received is late; after this many days from the quarter's end, missing (the
# final deadline of a collection: what has arrived by then is what the quarter's release is made from).
FINAL_DAYS_ALLOWED = 60

Frames = Mapping[str, pd.DataFrame]


class UnknownPeriod(ValueError):
    """A period that is not a reporting quarter."""


@dataclass(frozen=True)
class Obligation:
    provider_id: str
    provider_name: str
    period: str
    sheets: tuple[sheets.Sheet, ...]
    rows: dict[str, list[dict]] = field(default_factory=dict)  # pre-filled rows by sheet name
    programmes: tuple[str, ...] = ()  # the programmes whose referrals it returns
    services: tuple[str, ...] = ()  # its services in the register

    @property
    def due(self) -> dt.date:
        return due_date(self.period)

    @property
    def final(self) -> dt.date:
        return final_date(self.period)


def return_quarters() -> list[str]:
    """The quarters a return can be made for: the reporting quarters, then those of the years the register's reviews
    run to (etl.halves), whose returns hold the register's sheets only (their KPIs and referrals would fall outside
    the reporting years)."""
    return [
        f"{periods.financial_year_name(year)} Q{q}"
        for year in range(periods.FIRST_FINANCIAL_YEAR, halves.LAST_YEAR + 1)
        for q in (1, 2, 3, 4)
    ]


def check_period(period: str) -> str:
    if period not in return_quarters():
        raise UnknownPeriod(
            f"{period!r} is not a quarter returns are made for: one of {return_quarters()[0]} to "
            f"{return_quarters()[-1]}, e.g. '2025-26 Q3'"
        )
    return period


def due_date(period: str) -> dt.date:
    return periods.quarter_due_date(period, days_allowed=RETURN_DAYS_ALLOWED)


def final_date(period: str) -> dt.date:
    return periods.quarter_due_date(period, days_allowed=FINAL_DAYS_ALLOWED)


def half_ending(period: str) -> str | None:
    """The six-monthly review period that ends with this quarter ('2025-26 Q2' -> '2025-26 H1'), or None."""
    fy, q = period.split(" Q")
    return {"2": f"{fy} H1", "4": f"{fy} H2"}.get(q)


def _overlaps(start: pd.Series, end: pd.Series, first: dt.date, last: dt.date) -> pd.Series:
    return (start <= pd.Timestamp(last)) & (end.isna() | (end >= pd.Timestamp(first)))


def running_services(frames: Frames, provider_id: str, first: dt.date, last: dt.date) -> pd.DataFrame:
    s = frames["services"]
    mine = s[s["provider_id"] == provider_id]
    return mine[_overlaps(mine["contract_start"], mine["contract_end"], first, last).to_numpy()]


def _led_programmes(frames: Frames, provider_id: str, first: dt.date, last: dt.date) -> pd.DataFrame:
    p = frames["programmes"]
    led = p[p["lead_provider_id"] == provider_id]
    return led[_overlaps(led["start_date"], led["end_date"], first, last).to_numpy()]


def _text(value) -> object:
    """A pre-filled value as the workbook holds it: a date as a date, a missing value as nothing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _kpi_rows(frames: Frames, programmes: pd.DataFrame, period: str) -> list[dict]:
    defs = frames["kpi_definitions"]
    defs = defs[defs["programme_id"].isin(programmes["programme_id"])].sort_values(["programme_id", "kpi_id"])
    held = frames["kpi_measurements"].set_index(["kpi_id", "quarter"])
    rows = []
    for _, k in defs.iterrows():
        row = {
            "kpi_id": k["kpi_id"],
            "quarter": period,
            "kpi_name": k["name"],
            "unit": k["unit"],
            "target": _text(k["target"]),
        }
        if (k["kpi_id"], period) in held.index:  # a return already taken in: shown to be corrected
            m = held.loc[(k["kpi_id"], period)]
            row |= {c: _text(m[c]) for c in ("value", "numerator", "denominator", "submitted_date")}
        rows.append(row)
    return rows


def _service_rows(services: pd.DataFrame) -> list[dict]:
    return [
        {c: _text(r[c]) for c in ("service_id", *sheets.SERVICE_DETAILS)}
        for _, r in services.sort_values("service_id").iterrows()
    ]


def _site_rows(frames: Frames, services: pd.DataFrame) -> list[dict]:
    sites = frames["service_sites"]
    sites = sites[sites["service_id"].isin(services["service_id"])].sort_values(["service_id", "site_id"])
    return [{c: _text(r[c]) for c in sheets.SITES.headers if c != sheets.NOTES_COLUMN} for _, r in sites.iterrows()]


def _review_rows(frames: Frames, services: pd.DataFrame, half: str) -> list[dict]:
    held = frames["service_reviews"].set_index(["service_id", "period"])
    rows = []
    for _, s in services.sort_values("service_id").iterrows():
        row = {
            "service_id": s["service_id"],
            "period": half,
            "performance_target": _text(s["performance_target"]),
            "rag_rule": s["rag_rule"],
        }
        if (s["service_id"], half) in held.index:
            r = held.loc[(s["service_id"], half)]
            row |= {c: _text(r[c]) for c in sheets.REVIEWS.headers if c in r.index}
        rows.append(row)
    return rows


def obligation(frames: Frames, *, provider_id: str, period: str) -> Obligation:
    """What `provider_id` owes for `period` (a quarter): its sheets and their pre-filled rows."""
    check_period(period)
    first, last = periods.quarter_bounds(period)
    providers = frames["providers"].set_index("provider_id")
    if provider_id not in providers.index:
        raise UnknownPeriod(f"{provider_id!r} is not in providers.csv")
    reporting = period in periods.quarters()
    led = _led_programmes(frames, provider_id, first, last)
    if not reporting:
        led = led.iloc[:0]
    services = running_services(frames, provider_id, first, last)
    delivered = sorted(set(led["programme_id"]) | set(services["programme_id"].dropna())) if reporting else []
    rows: dict[str, list[dict]] = {}
    kpis = _kpi_rows(frames, led, period)
    if kpis:
        rows[sheets.KPI_RETURNS.name] = kpis
    if delivered:
        rows[sheets.REFERRALS.name] = []
    if not services.empty:
        rows[sheets.SERVICES.name] = _service_rows(services)
        rows[sheets.SITES.name] = _site_rows(frames, services)
        half = half_ending(period)
        if half:
            h_first, h_last = halves.bounds(half)
            reviewed = running_services(frames, provider_id, h_first, h_last)
            if not reviewed.empty:
                rows[sheets.REVIEWS.name] = _review_rows(frames, reviewed, half)
    return Obligation(
        provider_id=provider_id,
        provider_name=str(providers.loc[provider_id, "name"]),
        period=period,
        sheets=tuple(s for s in sheets.SHEETS if s.name in rows),
        rows=rows,
        programmes=tuple(delivered),
        services=tuple(sorted(services["service_id"])),
    )


def expected_providers(frames: Frames, period: str) -> list[str]:
    """Every provider that owes a return for `period`, in id order."""
    check_period(period)
    return [
        p for p in sorted(frames["providers"]["provider_id"]) if obligation(frames, provider_id=p, period=period).sheets
    ]
