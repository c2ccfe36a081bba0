"""The services register's status, derived from its contract dates (etl/publish/register.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from etl.publish import register


def test_status_is_derived_from_the_contract_dates():
    """Active; ending when the contract ends within six months; ended once it has, or when the team lists it closed."""
    frame = pd.DataFrame(
        {
            "contract_end": pd.to_datetime(["2027-05-22", "2027-05-21", "2026-11-22", "2026-11-21", "2027-06-30"]),
            "listed_status": ["active", "active", "active", "active", "closed"],
        }
    )
    assert list(register.status(frame, as_of=dt.date(2026, 11, 22))) == ["active", "ending", "ending", "ended", "ended"]
