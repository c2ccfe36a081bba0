"""The six-monthly service reviews (issue 14) through the ETL: the generator's history, the
rules on inline frames, bad review extracts refused with their file, row, column and value
(nothing loaded), and the release tables in both databases, notes in the internal one only."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
import pytest

from etl import halves, publish
from etl.validation import review_rules
from tests.integration.etl.validation.test_validate import (  # noqa: F401  (fixtures)
    databases,
    error_line,
    first_row,
    good_release,
    read_table,
    refused,
    set_cell,
    write_table,
)

AS_OF = dt.date(2026, 11, 22)
RULE = "Green: target met; amber: within 10% of target; red: more than 10% short of target."


# ------------------------------------------------------------------ periods
def test_halves_are_named_bounded_and_ordered():
    """Given the half-year names, then H1 is April to September, H2 October to March, and names sort in time order."""
    assert halves.bounds("2025-26 H1") == (dt.date(2025, 4, 1), dt.date(2025, 9, 30))
    assert halves.bounds("2025-26 H2") == (dt.date(2025, 10, 1), dt.date(2026, 3, 31))
    assert halves.half_of(dt.date(2026, 3, 31)) == "2025-26 H2" and halves.half_of(dt.date(2026, 4, 1)) == "2026-27 H1"
    assert halves.previous("2025-26 H1") == "2024-25 H2" and halves.previous("2025-26 H2") == "2025-26 H1"
    assert halves.half_years() == sorted(halves.half_years()) and halves.half_years()[0] == "2021-22 H1"


# ------------------------------------------------------------------ the generator
def test_demo_register_has_a_history_of_reviews(small_extracts_master):
    """Given the demo extracts, then most services have two or more halves reviewed, back to 2021-22, ratings
    move, some reviews are missing, and the register's rating is each service's most recent review."""
    reviews = pd.read_csv(small_extracts_master / "service_reviews.csv")
    services = pd.read_csv(small_extracts_master / "services.csv")
    per_service = reviews.groupby("service_id").size()
    assert (per_service >= 2).mean() > 0.8
    assert reviews["period"].min() == "2021-22 H1"
    assert (reviews.groupby("service_id")["rag_rating"].nunique() > 1).sum() >= 5, "ratings should move between reviews"
    latest = reviews["period"].max()
    assert (reviews["period"] == latest).sum() < len(services), "some services are not reviewed in the latest half"
    newest = reviews.sort_values("period").drop_duplicates("service_id", keep="last").set_index("service_id")
    s = services.set_index("service_id").loc[newest.index]
    assert (s["rag_rating"] == newest["rag_rating"]).all() and (
        s["performance_value"] == newest["performance_value"]
    ).all()
    assert set(services["award_type"]) == {"grant", "contract"}


# ------------------------------------------------------------------ rules on inline frames
def _services(**overrides) -> pd.DataFrame:
    row = {
        "service_id": "SVC001",
        "provider_id": "PRV001",
        "contract_start": pd.Timestamp("2022-04-01"),
        "contract_end": pd.Timestamp("2027-03-31"),
        "rag_rating": "amber",
        "performance_value": 55.0,
    } | overrides
    return pd.DataFrame([row])


def _reviews(*rows) -> pd.DataFrame:
    base = {"service_id": "SVC001", "performance_target": 60.0, "rag_rule": RULE, "reviewer_note": None}
    frame = pd.DataFrame([base | r for r in rows])
    frame["review_date"] = pd.to_datetime(frame["review_date"])
    return frame


@pytest.mark.parametrize("rule", review_rules.RULES, ids=lambda r: r.__name__)
def test_review_rule_without_its_files_finds_nothing(rule):
    """A review rule whose files failed their own schema (or are missing) adds nothing: that failure is already
    reported."""
    assert rule({}, as_of=AS_OF) == [] and rule({"services": _services()}, as_of=AS_OF) == []


def test_review_before_its_period_ended_is_refused():
    """Given a review dated inside its half, then it is an error naming the row, the date and the half's end."""
    frames = {
        "service_reviews": _reviews(
            {"period": "2025-26 H1", "review_date": "2025-09-15", "performance_value": 55.0, "rag_rating": "amber"}
        )
    }
    found = review_rules.review_dated_impossibly(frames, as_of=AS_OF)
    assert [(f.file, f.row, f.column, f.value, f.expected) for f in found] == [
        ("service_reviews.csv", 2, "review_date", "2025-09-15", "a date after 2025-26 H1 ended (2025-09-30)")
    ]


def test_review_outside_the_contract_is_refused():
    frames = {
        "services": _services(),
        "service_reviews": _reviews(
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
        "services": _services(rag_rating="green"),
        "service_reviews": _reviews(
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
    frames = {"services": _services(), "service_reviews": _reviews(*rows)}
    assert [f.value for f in review_rules.missing_reviews(frames, as_of=AS_OF)] == ["2024-25 H2"]
    assert review_rules.missing_reviews(frames, as_of=dt.date(2025, 5, 29)) == []  # due 60 days after 31 March


# ------------------------------------------------------------------ published tables
def test_change_since_the_previous_half():
    """Given a service reviewed green, amber, not at all, then red, then the table says how each half moved."""
    services = _services(contract_start=pd.Timestamp("2024-04-01"), contract_end=pd.Timestamp("2026-09-30"))
    reviews = _reviews(
        {"period": "2024-25 H1", "review_date": "2024-11-01", "performance_value": 61.0, "rag_rating": "green"},
        {"period": "2024-25 H2", "review_date": "2025-05-01", "performance_value": 55.0, "rag_rating": "amber"},
        {"period": "2025-26 H2", "review_date": "2026-05-01", "performance_value": 40.0, "rag_rating": "red"},
        {"period": "2026-27 H1", "review_date": "2026-10-20", "performance_value": 57.0, "rag_rating": "amber"},
    )
    table = publish.service_reviews({"services": services, "service_reviews": reviews})
    assert list(zip(table["period"], table["reviewed"], table["change"], table["previous_rating"].fillna("-"))) == [
        ("2024-25 H1", True, "first_review", "-"),
        ("2024-25 H2", True, "declined", "green"),
        ("2025-26 H1", False, "not_reviewed", "amber"),
        ("2025-26 H2", True, "no_previous_review", "-"),
        ("2026-27 H1", True, "improved", "red"),
    ]
    assert "reviewer_note" not in table.columns


def test_release_keeps_the_history_and_the_notes_stay_internal(small_release):
    """Given a release, then both databases hold the reviews, and only the internal one the reviewers' notes."""
    with (
        sqlite3.connect(small_release / "public.db") as public,
        sqlite3.connect(small_release / "internal.db") as internal,
    ):
        tables = {t for (t,) in public.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "service_review_notes" not in tables
        assert not [c for (_, c, *_) in public.execute("PRAGMA table_info(service_reviews)") if "note" in c]
        per_service = public.execute(
            "SELECT service_id, SUM(reviewed) FROM service_reviews GROUP BY service_id"
        ).fetchall()
        assert sum(n >= 2 for _, n in per_service) / len(per_service) > 0.8
        assert public.execute("SELECT COUNT(*) FROM service_reviews WHERE NOT reviewed").fetchone()[0] > 0
        assert internal.execute("SELECT COUNT(*) FROM service_review_notes").fetchone()[0] > 0
        assert (
            public.execute("SELECT COUNT(*) FROM service_reviews").fetchone()
            == internal.execute("SELECT COUNT(*) FROM service_reviews").fetchone()
        )


# ------------------------------------------------------------------ bad review extracts, end to end
@pytest.mark.parametrize(
    ("column", "value", "expected", "rule"),
    [
        pytest.param(
            "period",
            "2025-26 H3",
            "a six-monthly period such as 2025-26 H1 (April to September 2025), from 2021-22 H1 to 2030-31 H2",
            "allowed_values",
            id="no-third-half",
        ),
        pytest.param(
            "period",
            "2025 H1",
            "a six-monthly period such as 2025-26 H1 (April to September 2025), from 2021-22 H1 to 2030-31 H2",
            "allowed_values",
            id="calendar-year",
        ),
        pytest.param("rag_rating", "Amber", "one of: green, amber, red", "allowed_values", id="capitalised-rating"),
        pytest.param(
            "review_date",
            "31/10/2025",
            "a date written YYYY-MM-DD that exists in the calendar",
            "wrong_type",
            id="day-month-year",
        ),
        pytest.param(
            "performance_value",
            "85%",
            "a number (digits and an optional decimal point, no currency sign or commas)",
            "wrong_type",
            id="percent-sign",
        ),
    ],
)
def test_bad_review_cell_is_located(small_extracts, databases, capsys, column, value, expected, rule):
    set_cell(small_extracts, "service_reviews", row=4, column=column, value=value)

    err = refused(small_extracts, databases, capsys)

    assert error_line("service_reviews.csv", 4, column, value, expected, rule) in err


def test_review_of_an_unknown_service_is_refused(small_extracts, databases, capsys):
    set_cell(small_extracts, "service_reviews", row=3, column="service_id", value="SVC999")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "service_reviews.csv", 3, "service_id", "SVC999", "a service_id listed in services.csv", "unknown_reference"
        )
        in err
    )


def test_a_second_review_of_the_same_half_is_refused(small_extracts, databases, capsys):
    reviews = read_table(small_extracts, "service_reviews")
    write_table(small_extracts, "service_reviews", pd.concat([reviews, reviews.iloc[[0]]], ignore_index=True))

    err = refused(small_extracts, databases, capsys)

    key = f"{reviews.loc[0, 'service_id']} / {reviews.loc[0, 'period']}"
    assert (
        error_line(
            "service_reviews.csv",
            len(reviews) + 2,
            "service_id + period",
            key,
            "a unique key: no two rows with the same service_id + period (first used on row 2)",
            "duplicate_key",
        )
        in err
    )


def test_a_register_rating_that_is_not_the_latest_review_is_refused(small_extracts, databases, capsys):
    services = read_table(small_extracts, "services")
    row = first_row(services, services["rag_rating"] != "green")
    old = services.loc[row - 2, "rag_rating"]
    set_cell(small_extracts, "services", row=row, column="rag_rating", value="green")

    err = refused(small_extracts, databases, capsys)

    assert (
        f"ERROR services.csv, row {row}, column 'rag_rating': found 'green'; expected '{old}', the rating of the most "
        "recent review" in err
    )
