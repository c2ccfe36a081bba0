"""Cross-file rules of the six-monthly service reviews (etl/validation/review_rules.py), on inline frames."""

from __future__ import annotations

import datetime as dt

import pytest

from etl import halves
from etl.validation import review_rules
from tests.support.frames import reviews_frame, services_frame

AS_OF = dt.date(2026, 11, 22)


@pytest.mark.parametrize("rule", review_rules.RULES, ids=lambda r: r.__name__)
def test_review_rule_without_its_files_finds_nothing(rule):
    """A review rule whose files failed their own schema (or are missing) adds nothing: that failure is already
    reported."""
    assert rule({}, as_of=AS_OF) == [] and rule({"services": services_frame()}, as_of=AS_OF) == []


def test_review_before_its_period_ended_is_refused():
    """Given a review dated inside its half, then it is an error naming the row, the date and the half's end."""
    frames = {
        "service_reviews": reviews_frame(
            {"period": "2025-26 H1", "review_date": "2025-09-15", "performance_value": 55.0, "rag_rating": "amber"}
        )
    }
    found = review_rules.review_dated_impossibly(frames, as_of=AS_OF)
    assert [(f.file, f.row, f.column, f.value, f.expected) for f in found] == [
        ("service_reviews.csv", 2, "review_date", "2025-09-15", "a date after 2025-26 H1 ended (2025-09-30)")
    ]


def test_review_outside_the_contract_is_refused():
    frames = {
        "services": services_frame(),
        "service_reviews": reviews_frame(
            {"period": "2021-22 H2", "review_date": "2022-05-01", "performance_value": 50.0, "rag_rating": "red"},
            {"period": "2025-26 H2", "review_date": "2026-05-01", "performance_value": 55.0, "rag_rating": "amber"},
        ),
    }
    found = review_rules.review_outside_contract(frames)
    assert [(f.row, f.value, f.expected) for f in found] == [
        (2, "2021-22 H2", "a period within the contract of SVC001 (2022-04-01 to 2027-03-31)")
    ]


def test_register_rating_must_be_the_most_recent_review():
    """Given a register saying 'green' while the newest review said 'amber', then the register's row is an error."""
    frames = {
        "services": services_frame(rag_rating="green"),
        "service_reviews": reviews_frame(
            {"period": "2025-26 H2", "review_date": "2026-05-01", "performance_value": 55.0, "rag_rating": "amber"},
            {"period": "2025-26 H1", "review_date": "2025-11-01", "performance_value": 61.0, "rag_rating": "green"},
        ),
    }
    found = review_rules.register_rating_not_latest_review(frames)
    assert [(f.file, f.row, f.column, f.value, f.expected) for f in found] == [
        (
            "services.csv",
            2,
            "rag_rating",
            "green",
            "'amber', the rating of the most recent review (service_reviews.csv row 2, 2025-26 H2)",
        )
    ]


def test_a_missing_review_is_a_warning_once_due():
    """Given reviews for every half but one, then only that half is warned about, and not before it is due."""
    every = [h for h in halves.half_years() if "2022-23 H1" <= h <= "2026-27 H1" and h != "2024-25 H2"]
    rows = [
        {
            "period": h,
            "review_date": str(halves.bounds(h)[1] + dt.timedelta(days=20)),
            "performance_value": 55.0,
            "rag_rating": "amber",
        }
        for h in every
    ]
    frames = {"services": services_frame(), "service_reviews": reviews_frame(*rows)}
    assert [f.value for f in review_rules.missing_reviews(frames, as_of=AS_OF)] == ["2024-25 H2"]
    assert review_rules.missing_reviews(frames, as_of=dt.date(2025, 5, 29)) == []  # due 60 days after 31 March
