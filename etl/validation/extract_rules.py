"""Cross-file rules on the extracts' records: ids that point at nothing, dates out of order or out of range, and
participants whose status contradicts their dates.

Each is a small named function saying what it rejects (the form is in etl.validation.rule_support).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from etl.validation.findings import Finding
from etl.validation.rule_support import Frames, Rule, finding, foreign_key, rows_where

# Earliest date any record can carry: before the VRU's forerunners existed it is a keying error.
EARLIEST_DATE = pd.Timestamp("2015-01-01")
# Oldest and youngest plausible ages at referral: the programmes serve children from 5
# and their parents and carers.
MIN_AGE, MAX_AGE = 5, 90


def unknown_references(frames: Frames, **_: object) -> list[Finding]:
    """Rejects ids that point at no row of the file they refer to (programme, provider, KPI)."""
    pairs = [
        ("participants", "programme_id", "programmes", "programme_id", False),
        ("participants", "provider_id", "providers", "provider_id", False),
        ("programmes", "lead_provider_id", "providers", "provider_id", False),
        ("kpi_definitions", "programme_id", "programmes", "programme_id", False),
        ("kpi_measurements", "kpi_id", "kpi_definitions", "kpi_id", False),
        ("kpi_measurements", "provider_id", "providers", "provider_id", False),
        ("budgets", "programme_id", "programmes", "programme_id", False),
        ("spend", "programme_id", "programmes", "programme_id", False),
        ("spend", "provider_id", "providers", "provider_id", False),
        ("services", "provider_id", "providers", "provider_id", False),
        ("services", "programme_id", "programmes", "programme_id", True),
    ]
    found = []
    for file, column, target, target_column, nullable in pairs:
        found += foreign_key(
            frames, file=file, column=column, target=target, target_column=target_column, nullable=nullable
        )
    return found


def _order(frames: Frames, file: str, earlier: str, later: str, rule: str) -> list[Finding]:
    if file not in frames:
        return []
    f = frames[file]
    bad = rows_where(f, f[later] < f[earlier])
    return [
        finding(file, i, later, r[later], f"a date on or after {earlier} ({r[earlier].date()})", rule)
        for i, r in bad.iterrows()
    ]


def dates_out_of_order(frames: Frames, **_: object) -> list[Finding]:
    """Rejects an end before its start: support before referral, a contract or round ending before it begins."""
    return (
        _order(frames, "participants", "referral_date", "start_date", "dates_out_of_order")
        + _order(frames, "participants", "start_date", "end_date", "dates_out_of_order")
        + _order(frames, "programmes", "start_date", "end_date", "dates_out_of_order")
        + _order(frames, "services", "contract_start", "contract_end", "dates_out_of_order")
        + _order(frames, "funding_opportunities", "opens", "closes", "dates_out_of_order")
    )


def dates_outside_possible_range(frames: Frames, *, as_of: dt.date) -> list[Finding]:
    """Rejects event dates before 2015 or after the extract date, and impossible ages at referral."""
    found = []
    today = pd.Timestamp(as_of)
    events = {
        "participants": ["referral_date", "start_date", "end_date"],
        "kpi_measurements": ["submitted_date"],
        "spend": ["payment_date"],
        "services": ["last_reviewed"],
    }
    for file, columns in events.items():
        if file not in frames:
            continue
        f = frames[file]
        for column in columns:
            bad = rows_where(f, (f[column] < EARLIEST_DATE) | (f[column] > today))
            found += [
                finding(
                    file,
                    i,
                    column,
                    v,
                    f"a date from {EARLIEST_DATE.date()} to the extract date {as_of}",
                    "impossible_date",
                )
                for i, v in bad[column].items()
            ]
    if "participants" in frames:
        p = frames["participants"]
        age = (p["referral_date"] - p["date_of_birth"]).dt.days / 365.25
        bad = rows_where(p, (age < MIN_AGE) | (age > MAX_AGE))
        found += [
            finding(
                "participants",
                i,
                "date_of_birth",
                v,
                f"a date of birth giving an age of {MIN_AGE} to {MAX_AGE} at referral",
                "impossible_date",
            )
            for i, v in bad["date_of_birth"].items()
        ]
    return found


def inconsistent_participant_status(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a completed or withdrawn referral with no end date, and an end date with no start date."""
    if "participants" not in frames:
        return []
    p = frames["participants"]
    found = []
    closed = p["status"].isin(["completed", "withdrawn"])
    for i, r in rows_where(p, closed & p["end_date"].isna()).iterrows():
        found.append(
            finding(
                "participants",
                i,
                "end_date",
                None,
                f"an end date, because status is '{r['status']}'",
                "inconsistent_status",
            )
        )
    for i, _r in rows_where(p, p["end_date"].notna() & p["start_date"].isna()).iterrows():
        found.append(
            finding(
                "participants",
                i,
                "start_date",
                None,
                "a start date, because an end date is given",
                "inconsistent_status",
            )
        )
    for i, _r in rows_where(p, (p["status"] == "completed") & p["outcome_positive"].isna()).iterrows():
        found.append(
            finding(
                "participants",
                i,
                "outcome_positive",
                None,
                "true or false, because status is 'completed'",
                "inconsistent_status",
            )
        )
    return found


RULES: tuple[Rule, ...] = (
    unknown_references,
    dates_out_of_order,
    dates_outside_possible_range,
    inconsistent_participant_status,
)
