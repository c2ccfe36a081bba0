"""Cross-file rules on the services register (services.csv, service_sites.csv): sites of unknown services or
with no place, ages and review dates out of order, and the warnings for the register's owning team.

Each is a small named function saying what it rejects or warns about (the form is in etl.validation.rule_support).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Hashable
from typing import TYPE_CHECKING

import pandas as pd

from etl.contract.vocabulary import AT_A_SITE
from etl.validation.findings import ERROR, WARNING, Finding
from etl.validation.rule_support import Frames, Rule, days_text, finding, foreign_key, rows_where

if TYPE_CHECKING:
    from pandas._typing import ScalarOrNA  # pandas-stubs' name for a cell's value: a scalar, NaN, NaT, NA or None


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
    return dataclasses.replace(finding(file, i, column, value, expected, rule, severity), service_id=row["service_id"])


def unknown_site_services(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a site whose service_id is not in the register."""
    return foreign_key(frames, file="service_sites", column="service_id", target="services", target_column="service_id")


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
            for i, r in rows_where(s, at_site & s[column].isna()).iterrows()
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
        for i, r in rows_where(s, s["max_age"] < s["min_age"]).iterrows()
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
        for i, r in rows_where(s, s["next_review_date"] < s["last_reviewed"]).iterrows()
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
            f"a review by {r['next_review_date'].date()}; "
            f"it is {days_text((today - r['next_review_date']).days)} overdue",
            "review_overdue",
        )
        for i, r in rows_where(s, s["next_review_date"] < today).iterrows()
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
        for i, r in rows_where(s, (s["listed_status"] == "active") & (s["contract_end"] < today)).iterrows()
    ]
    no_contact = s["contact_phone"].isna() & s["contact_email"].isna() & s["contact_url"].isna()
    found += [
        _service_finding(
            i, r, "contact_phone", None, "a public phone number, e-mail address or referral web address", "no_contact"
        )
        for i, r in rows_where(s, no_contact).iterrows()
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
            for i, r in rows_where(s, ~s["service_id"].isin(sited)).iterrows()
        ]
    return found


RULES: tuple[Rule, ...] = (
    unknown_site_services,
    sites_without_place,
    service_ages_out_of_order,
    review_due_before_last_review,
    register_records_to_update,
)
