"""Unit tests of the cross-file rules on the services register (etl.validation.register_rules) on tiny typed frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from etl.validation import register_rules


def _register(**overrides) -> pd.DataFrame:
    base = {
        "service_id": ["SVC001", "SVC002", "SVC003"],
        "listed_status": ["active", "active", "closed"],
        "contract_end": pd.to_datetime(["2027-06-30", "2026-10-31", "2026-10-31"]),
        "next_review_date": pd.to_datetime(["2026-12-01", "2026-11-01", "2027-01-01"]),
        "contact_phone": ["020 7946 0001", None, None],
        "contact_email": [None, None, "a@example.org"],
        "contact_url": [None, None, None],
    }
    return pd.DataFrame({**base, **overrides})


def test_register_warnings_name_the_record_and_what_its_owner_must_do():
    """Given a record past its review date, an ended contract still listed active, no contact and no site, each is a
    warning (never an error) carrying the record's service_id, so the owning team sees it."""
    sites = pd.DataFrame({"service_id": ["SVC001", "SVC003"]})
    found = register_rules.register_records_to_update(
        {"services": _register(), "service_sites": sites}, as_of=dt.date(2026, 11, 22)
    )
    got = {(f.rule, f.service_id, f.row) for f in found}
    assert got == {
        ("review_overdue", "SVC002", 3),
        ("ended_but_listed_active", "SVC002", 3),
        ("no_contact", "SVC002", 3),
        ("no_site", "SVC002", 3),
    }
    assert {f.severity for f in found} == {"warning"}
    overdue = next(f for f in found if f.rule == "review_overdue")
    assert overdue.expected == "a review by 2026-11-01; it is 21 days overdue"
