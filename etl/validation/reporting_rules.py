"""Cross-file rules on what programmes report: KPI definitions and quarterly returns (values, headlines, late and
missing returns), and spend against budget.

Each is a small named function saying what it rejects or warns about (the form is in etl.validation.rule_support).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from etl import periods
from etl.validation.findings import WARNING, Finding
from etl.validation.rule_support import Frames, Rule, days_text, finding, rows_where

# Providers' quarterly KPI returns are due this many days after the quarter ends.
RETURN_DAYS_ALLOWED = 30
# Spend more than this share over budget is flagged for the finance team.
OVERSPEND_WARNING_SHARE = 0.10


def inconsistent_kpi_values(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a percent KPI without numerator and denominator, or whose numerator exceeds its denominator."""
    if "kpi_measurements" not in frames or "kpi_definitions" not in frames:
        return []
    m = frames["kpi_measurements"].merge(frames["kpi_definitions"][["kpi_id", "unit"]], on="kpi_id", how="left")
    m.index = frames["kpi_measurements"].index
    found = []
    pct = m["unit"] == "percent"
    for i, r in rows_where(m, pct & (m["numerator"].isna() | m["denominator"].isna())).iterrows():
        column = "numerator" if pd.isna(r["numerator"]) else "denominator"
        found.append(
            finding(
                "kpi_measurements", i, column, None, "a whole number, because the KPI is a percent", "missing_value"
            )
        )
    for i, r in rows_where(m, pct & (m["numerator"] > m["denominator"])).iterrows():
        found.append(
            finding(
                "kpi_measurements",
                i,
                "numerator",
                r["numerator"],
                f"at most the denominator ({r['denominator']})",
                "inconsistent_kpi",
            )
        )
    for i, r in rows_where(m, pct & (m["value"] > 100)).iterrows():
        found.append(finding("kpi_measurements", i, "value", r["value"], "a percent from 0 to 100", "inconsistent_kpi"))
    return found


def several_headline_kpis(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a second headline KPI in the same priority area: each area has exactly one."""
    if "kpi_definitions" not in frames or "programmes" not in frames:
        return []
    k = (
        frames["kpi_definitions"]
        .reset_index()
        .merge(frames["programmes"][["programme_id", "priority_area"]], on="programme_id")
    )
    k = k[k["is_headline"].fillna(False).astype(bool)]
    dupes = k[k.duplicated("priority_area", keep="first")]
    return [
        finding(
            "kpi_definitions",
            r["index"],
            "is_headline",
            "true",
            f"one headline KPI per priority area; '{r['priority_area']}' already has one",
            "several_headline_kpis",
        )
        for _, r in dupes.iterrows()
    ]


def late_kpi_returns(frames: Frames, **_: object) -> list[Finding]:
    """Warns about a KPI return received more than RETURN_DAYS_ALLOWED days after its quarter ended."""
    if "kpi_measurements" not in frames:
        return []
    m = frames["kpi_measurements"]
    due = m["quarter"].map(lambda q: pd.Timestamp(periods.quarter_due_date(q, days_allowed=RETURN_DAYS_ALLOWED)))
    late = rows_where(m.assign(due=due), m["submitted_date"] > due)
    return [
        finding(
            "kpi_measurements",
            i,
            "submitted_date",
            r["submitted_date"],
            f"a return by {r['due'].date()} ({RETURN_DAYS_ALLOWED} days after {r['quarter']} ended); it was "
            f"{days_text((r['submitted_date'] - r['due']).days)} late",
            "late_return",
            WARNING,
            r["provider_id"],
        )
        for i, r in late.iterrows()
    ]


def missing_kpi_returns(frames: Frames, *, as_of: dt.date) -> list[Finding]:
    """Warns about a quarter with no KPI return while the programme was running and the return was due."""
    needed = {"kpi_measurements", "kpi_definitions", "programmes"}
    if not needed <= frames.keys():
        return []
    found = []
    progs = frames["programmes"].set_index("programme_id")
    have = set(zip(frames["kpi_measurements"]["kpi_id"], frames["kpi_measurements"]["quarter"]))
    provider_of = frames["kpi_measurements"].drop_duplicates("kpi_id").set_index("kpi_id")["provider_id"].to_dict()
    for _, kpi in frames["kpi_definitions"].iterrows():
        if kpi["programme_id"] not in progs.index:
            continue  # reported by unknown_references
        prog = progs.loc[kpi["programme_id"]]
        for q in periods.quarters():
            first, last = periods.quarter_bounds(q)
            running = prog["start_date"].date() <= last and (
                pd.isna(prog["end_date"]) or prog["end_date"].date() >= first
            )
            due = periods.quarter_due_date(q, days_allowed=RETURN_DAYS_ALLOWED) < as_of
            if running and due and (kpi["kpi_id"], q) not in have:
                found.append(
                    Finding(
                        "kpi_measurements.csv",
                        None,
                        "quarter",
                        q,
                        f"a return for KPI '{kpi['kpi_id']}' for {q}; none was received",
                        "missing_return",
                        WARNING,
                        provider_of.get(kpi["kpi_id"], prog["lead_provider_id"]),
                    )
                )
    return found


def spend_over_budget(frames: Frames, **_: object) -> list[Finding]:
    """Warns when a programme's spend in a year exceeds its budget by more than OVERSPEND_WARNING_SHARE."""
    if "spend" not in frames or "budgets" not in frames:
        return []
    s = frames["spend"].assign(financial_year=periods.financial_year_of_dates(frames["spend"]["payment_date"]))
    actual = s.groupby(["programme_id", "financial_year"])["amount_gbp"].sum()
    b = frames["budgets"].set_index(["programme_id", "financial_year"])["budget_gbp"]
    joined = pd.concat({"spend": actual, "budget": b}, axis=1).dropna()
    over = joined[joined["spend"] > joined["budget"] * (1 + OVERSPEND_WARNING_SHARE)]
    return [
        Finding(
            "spend.csv",
            None,
            "amount_gbp",
            f"£{spend:,.0f}",
            f"spend within {OVERSPEND_WARNING_SHARE:.0%} of the {fy} budget of £{budget:,.0f} for '{prog}'",
            "over_budget",
            WARNING,
        )
        for (prog, fy), spend, budget in zip(over.index, over["spend"], over["budget"])
    ]


RULES: tuple[Rule, ...] = (
    inconsistent_kpi_values,
    several_headline_kpis,
    late_kpi_returns,
    missing_kpi_returns,
    spend_over_budget,
)
