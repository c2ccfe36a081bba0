"""Unit tests of the cross-file rules on the extracts' records (etl.validation.extract_rules) on tiny typed frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from etl.validation import extract_rules
from etl.validation.findings import Finding
from tests.support.frames import PROGRAMMES, dates

AS_OF = dt.date(2026, 11, 22)


def participants(**columns) -> pd.DataFrame:
    """Typed participants rows: one valid completed referral per row unless a column says otherwise."""
    n = max((len(v) for v in columns.values()), default=1)
    base = {
        "referral_id": [f"R-{i:04d}" for i in range(n)],
        "programme_id": ["divert"] * n,
        "provider_id": ["PRV001"] * n,
        "date_of_birth": ["2006-05-01"] * n,
        "referral_date": ["2023-05-01"] * n,
        "start_date": ["2023-05-10"] * n,
        "end_date": ["2023-09-01"] * n,
        "status": ["completed"] * n,
        "outcome_positive": [True] * n,
    }
    base.update(columns)
    frame = pd.DataFrame(base)
    for column in ("date_of_birth", "referral_date", "start_date", "end_date"):
        frame[column] = dates(*frame[column])
    frame["outcome_positive"] = frame["outcome_positive"].astype("boolean")
    return frame


PROVIDERS = pd.DataFrame({"provider_id": ["PRV001"]})


def test_unknown_programme_is_reported_with_its_row():
    """Given a referral to a programme not in programmes, the finding names row 3 and the id."""
    frames = {
        "participants": participants(programme_id=["divert", "nope"]),
        "programmes": PROGRAMMES,
        "providers": PROVIDERS,
    }

    found = extract_rules.unknown_references(frames)

    assert found == [
        Finding(
            "participants.csv",
            3,
            "programme_id",
            "nope",
            "a programme_id listed in programmes.csv",
            "unknown_reference",
        )
    ]


def test_service_without_programme_is_not_an_unknown_reference():
    """Given a service with no programme (allowed), no finding; with an unknown one, a finding."""
    services = pd.DataFrame({"provider_id": ["PRV001", "PRV001"], "programme_id": [None, "nope"]})

    found = extract_rules.unknown_references({"services": services, "programmes": PROGRAMMES, "providers": PROVIDERS})

    assert [(f.row, f.value) for f in found] == [(3, "nope")]


def test_end_before_start_is_out_of_order():
    """Given support ending before it started, the finding names end_date and the start date."""
    frames = {"participants": participants(start_date=["2023-05-10"], end_date=["2023-05-09"])}

    found = extract_rules.dates_out_of_order(frames)

    assert found == [
        Finding(
            "participants.csv",
            2,
            "end_date",
            "2023-05-09",
            "a date on or after start_date (2023-05-10)",
            "dates_out_of_order",
        )
    ]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("referral_date", "2027-01-05", "a date from 2015-01-01 to the extract date 2026-11-22"),
        ("referral_date", "2014-12-31", "a date from 2015-01-01 to the extract date 2026-11-22"),
        ("date_of_birth", "2021-05-01", "a date of birth giving an age of 5 to 90 at referral"),
        ("date_of_birth", "1930-01-01", "a date of birth giving an age of 5 to 90 at referral"),
    ],
    ids=["future-referral", "referral-before-2015", "age-2", "age-93"],
)
def test_impossible_dates(column, value, expected):
    """Given one impossible date, dates_outside_possible_range names its column and the range allowed."""
    # Start and end empty so the only finding is the one under test.
    frame = participants(
        **{
            column: [value],
            "start_date": [None],
            "end_date": [None],
            "status": ["referred"],
            "outcome_positive": [None],
        }
    )

    found = extract_rules.dates_outside_possible_range({"participants": frame}, as_of=AS_OF)

    assert found == [Finding("participants.csv", 2, column, value, expected, "impossible_date")]


def test_inconsistent_statuses():
    """Given a completed referral with no end or outcome, and an end with no start, each is named."""
    frame = participants(
        status=["completed", "withdrawn"],
        start_date=["2023-05-10", None],
        end_date=[None, "2023-09-01"],
        outcome_positive=[None, None],
    )

    found = extract_rules.inconsistent_participant_status({"participants": frame})

    assert [(f.row, f.column, f.expected) for f in found] == [
        (2, "end_date", "an end date, because status is 'completed'"),
        (3, "start_date", "a start date, because an end date is given"),
        (2, "outcome_positive", "true or false, because status is 'completed'"),
    ]
