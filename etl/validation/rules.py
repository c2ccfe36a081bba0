"""Cross-file validation rules: small named functions, each saying what it rejects.

Each rule takes the typed frames (only those that passed their own schema) and
returns findings. A rule whose files are missing returns nothing: the missing or
broken file has already been reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from etl import periods
from etl.contract.vocabulary import AT_A_SITE
from etl.validation.findings import ERROR, WARNING, Finding, spreadsheet_row

if TYPE_CHECKING:
    from pandas._typing import ScalarOrNA  # pandas-stubs' name for a cell's value: a scalar, NaN, NaT, NA or None

# Providers' quarterly KPI returns are due this many days after the quarter ends.
RETURN_DAYS_ALLOWED = 30
# Earliest date any record can carry: before the VRU's forerunners existed it is a keying error.
EARLIEST_DATE = pd.Timestamp("2015-01-01")
# Oldest and youngest plausible ages at referral: the programmes serve children from 5
# and their parents and carers.
MIN_AGE, MAX_AGE = 5, 90
# Spend more than this share over budget is flagged for the finance team.
OVERSPEND_WARNING_SHARE = 0.10

Frames = Mapping[str, pd.DataFrame]  # the typed extracts by name: only those that passed their own schema


class Rule(Protocol):
    """A cross-file rule: the typed frames and the extract date in, what it rejects or warns about out."""

    def __call__(self, frames: Frames, *, as_of: dt.date) -> list[Finding]: ...


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _rows(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    return frame[mask.fillna(False).astype(bool)]


def _finding(
    file: str,
    idx: Hashable | None,
    column: str | None,
    value: ScalarOrNA,
    expected: str,
    rule: str,
    severity: str = ERROR,
    provider_id: str | None = None,
) -> Finding:
    text = (
        None
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else (value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value))
    )
    return Finding(
        f"{file}.csv",
        spreadsheet_row(idx) if idx is not None else None,
        column,
        text,
        expected,
        rule,
        severity,
        provider_id,
    )


def _foreign_key(
    frames: Frames, *, file: str, column: str, target: str, target_column: str, nullable: bool = False
) -> list[Finding]:
    if file not in frames or target not in frames:
        return []
    values = frames[file][column]
    known = set(frames[target][target_column])
    bad = ~values.isin(known)
    if nullable:
        bad &= values.notna()
    return [
        _finding(file, i, column, v, f"a {target_column} listed in {target}.csv", "unknown_reference")
        for i, v in values[bad].items()
    ]


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
        found += _foreign_key(
            frames, file=file, column=column, target=target, target_column=target_column, nullable=nullable
        )
    return found


def _order(frames: Frames, file: str, earlier: str, later: str, rule: str) -> list[Finding]:
    if file not in frames:
        return []
    f = frames[file]
    bad = _rows(f, f[later] < f[earlier])
    return [
        _finding(file, i, later, r[later], f"a date on or after {earlier} ({r[earlier].date()})", rule)
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
            bad = _rows(f, (f[column] < EARLIEST_DATE) | (f[column] > today))
            found += [
                _finding(
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
        bad = _rows(p, (age < MIN_AGE) | (age > MAX_AGE))
        found += [
            _finding(
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
    for i, r in _rows(p, closed & p["end_date"].isna()).iterrows():
        found.append(
            _finding(
                "participants",
                i,
                "end_date",
                None,
                f"an end date, because status is '{r['status']}'",
                "inconsistent_status",
            )
        )
    for i, _r in _rows(p, p["end_date"].notna() & p["start_date"].isna()).iterrows():
        found.append(
            _finding(
                "participants",
                i,
                "start_date",
                None,
                "a start date, because an end date is given",
                "inconsistent_status",
            )
        )
    for i, _r in _rows(p, (p["status"] == "completed") & p["outcome_positive"].isna()).iterrows():
        found.append(
            _finding(
                "participants",
                i,
                "outcome_positive",
                None,
                "true or false, because status is 'completed'",
                "inconsistent_status",
            )
        )
    return found


def inconsistent_kpi_values(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a percent KPI without numerator and denominator, or whose numerator exceeds its denominator."""
    if "kpi_measurements" not in frames or "kpi_definitions" not in frames:
        return []
    m = frames["kpi_measurements"].merge(frames["kpi_definitions"][["kpi_id", "unit"]], on="kpi_id", how="left")
    m.index = frames["kpi_measurements"].index
    found = []
    pct = m["unit"] == "percent"
    for i, r in _rows(m, pct & (m["numerator"].isna() | m["denominator"].isna())).iterrows():
        column = "numerator" if pd.isna(r["numerator"]) else "denominator"
        found.append(
            _finding(
                "kpi_measurements", i, column, None, "a whole number, because the KPI is a percent", "missing_value"
            )
        )
    for i, r in _rows(m, pct & (m["numerator"] > m["denominator"])).iterrows():
        found.append(
            _finding(
                "kpi_measurements",
                i,
                "numerator",
                r["numerator"],
                f"at most the denominator ({r['denominator']})",
                "inconsistent_kpi",
            )
        )
    for i, r in _rows(m, pct & (m["value"] > 100)).iterrows():
        found.append(
            _finding("kpi_measurements", i, "value", r["value"], "a percent from 0 to 100", "inconsistent_kpi")
        )
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
        _finding(
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
    late = _rows(m.assign(due=due), m["submitted_date"] > due)
    return [
        _finding(
            "kpi_measurements",
            i,
            "submitted_date",
            r["submitted_date"],
            f"a return by {r['due'].date()} ({RETURN_DAYS_ALLOWED} days after {r['quarter']} ended); it was "
            f"{_days((r['submitted_date'] - r['due']).days)} late",
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


# ------------------------------------------------------------------ the services register
def _service_finding(
    i: Hashable,
    row: pd.Series,
    column: str,
    value: ScalarOrNA,
    expected: str,
    rule: str,
    severity: str = WARNING,
    file: str = "services",
) -> Finding:
    return dataclasses.replace(_finding(file, i, column, value, expected, rule, severity), service_id=row["service_id"])


def unknown_site_services(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a site whose service_id is not in the register."""
    return _foreign_key(
        frames, file="service_sites", column="service_id", target="services", target_column="service_id"
    )


def sites_without_place(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a site delivered 'at a site' that has no name or no postcode: a directory cannot place it."""
    if "service_sites" not in frames:
        return []
    s = frames["service_sites"]
    at_site = s["delivery_mode"] == AT_A_SITE
    found = []
    for column, what in (("site_name", "the site's name"), ("postcode", "the site's full postcode")):
        found += [
            _service_finding(
                i,
                r,
                column,
                None,
                f"{what}, because delivery_mode is '{AT_A_SITE}'",
                "missing_value",
                ERROR,
                "service_sites",
            )
            for i, r in _rows(s, at_site & s[column].isna()).iterrows()
        ]
    return found


def service_ages_out_of_order(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a service whose oldest age is below its youngest."""
    if "services" not in frames:
        return []
    s = frames["services"]
    return [
        _service_finding(
            i, r, "max_age", r["max_age"], f"an age of at least min_age ({r['min_age']})", "ages_out_of_order", ERROR
        )
        for i, r in _rows(s, s["max_age"] < s["min_age"]).iterrows()
    ]


def review_due_before_last_review(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a next review date before the last review: the dates are swapped or mistyped."""
    if "services" not in frames:
        return []
    s = frames["services"]
    return [
        _service_finding(
            i,
            r,
            "next_review_date",
            r["next_review_date"],
            f"a date on or after last_reviewed ({r['last_reviewed'].date()})",
            "dates_out_of_order",
            ERROR,
        )
        for i, r in _rows(s, s["next_review_date"] < s["last_reviewed"]).iterrows()
    ]


def register_records_to_update(frames: Frames, *, as_of: dt.date) -> list[Finding]:
    """Warns (for the owning team, not failing the run) about register records past their review date, services
    whose contract has ended but are still listed as active, and records with no delivery site or no public contact."""
    if "services" not in frames:
        return []
    s = frames["services"]
    today = pd.Timestamp(as_of)
    found = [
        _service_finding(
            i,
            r,
            "next_review_date",
            r["next_review_date"],
            f"a review by {r['next_review_date'].date()}; it is {_days((today - r['next_review_date']).days)} overdue",
            "review_overdue",
        )
        for i, r in _rows(s, s["next_review_date"] < today).iterrows()
    ]
    found += [
        _service_finding(
            i,
            r,
            "listed_status",
            r["listed_status"],
            f"'closed', or a new contract: the contract ended on {r['contract_end'].date()}",
            "ended_but_listed_active",
        )
        for i, r in _rows(s, (s["listed_status"] == "active") & (s["contract_end"] < today)).iterrows()
    ]
    no_contact = s["contact_phone"].isna() & s["contact_email"].isna() & s["contact_url"].isna()
    found += [
        _service_finding(
            i, r, "contact_phone", None, "a public phone number, e-mail address or referral web address", "no_contact"
        )
        for i, r in _rows(s, no_contact).iterrows()
    ]
    if "service_sites" in frames:
        sited = set(frames["service_sites"]["service_id"])
        found += [
            _service_finding(
                i,
                r,
                "service_id",
                r["service_id"],
                "at least one row in service_sites.csv (a site or a delivery mode)",
                "no_site",
            )
            for i, r in _rows(s, ~s["service_id"].isin(sited)).iterrows()
        ]
    return found


RULES: tuple[Rule, ...] = (
    unknown_references,
    dates_out_of_order,
    dates_outside_possible_range,
    inconsistent_participant_status,
    inconsistent_kpi_values,
    several_headline_kpis,
    late_kpi_returns,
    missing_kpi_returns,
    spend_over_budget,
    unknown_site_services,
    sites_without_place,
    service_ages_out_of_order,
    review_due_before_last_review,
    register_records_to_update,
)
