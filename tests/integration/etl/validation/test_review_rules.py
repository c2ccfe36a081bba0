"""Bad six-monthly review extracts through `vru-etl run` (etl/validation/review_rules.py): refused with their
file, row, column and value, and nothing loaded (as in tests/integration/etl/validation/test_validate.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.extracts import error_line, first_row, read_table, refused, set_cell, write_table


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
