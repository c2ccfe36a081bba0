"""Small frames of the extracts' tables, typed as validation leaves them, for unit tests of rules and tables."""

from __future__ import annotations

import pandas as pd

# The rating rule of the demo register, as a service review states it.
RULE = "Green: target met; amber: within 10% of target; red: more than 10% short of target."


def dates(*values) -> pd.Series:
    """Dates typed as validation leaves them, from "YYYY-MM-DD" strings (None for a missing one)."""
    return pd.to_datetime(pd.Series(values, dtype=object), format="%Y-%m-%d")


# One programme, as programmes.csv types it.
PROGRAMMES = pd.DataFrame(
    {
        "programme_id": ["divert"],
        "priority_area": ["Justice and health"],
        "lead_provider_id": ["PRV001"],
        "start_date": dates("2021-04-01"),
        "end_date": dates("2021-09-30"),  # runs for 2021-22 Q1 and Q2 only
    }
)


def services_frame(**overrides) -> pd.DataFrame:
    """One service of the register (SVC001), with `overrides`."""
    row = {
        "service_id": "SVC001",
        "provider_id": "PRV001",
        "contract_start": pd.Timestamp("2022-04-01"),
        "contract_end": pd.Timestamp("2027-03-31"),
        "rag_rating": "amber",
        "performance_value": 55.0,
    } | overrides
    return pd.DataFrame([row])


def reviews_frame(*rows) -> pd.DataFrame:
    """Reviews of SVC001, one per row given (period, review_date, performance_value, rag_rating at least)."""
    base = {"service_id": "SVC001", "performance_target": 60.0, "rag_rule": RULE, "reviewer_note": None}
    frame = pd.DataFrame([base | r for r in rows])
    frame["review_date"] = pd.to_datetime(frame["review_date"])
    return frame
