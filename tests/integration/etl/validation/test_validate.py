"""Extracts that break the contract's schemas or its cross-file rules (etl/validation/validate.py): the run
stops with exit code 2, says where and why, and loads nothing.

Each test edits one CSV in a private copy of the small generated extracts, runs `vru-etl run` in-process
(tests/support/extracts.py), and checks three things: the exit code is 2; stderr names the file, row, column,
value and what was expected, in the words an operator reads; and the databases still hold exactly release 1,
made from the unmodified extracts before the bad run (tests/integration/etl/conftest.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.extracts import (
    AS_OF,
    GENDERS,
    NUMBER,
    error_line,
    first_row,
    read_table,
    refused,
    set_cell,
    write_table,
)

DATE = "a date written YYYY-MM-DD that exists in the calendar"
GSS = "a London borough GSS code, E09000001 to E09000033"
LEDGER_LIMIT = "more than 0 and at most 5,000,000 pounds"
BUDGET_LIMIT = "more than 0 and at most 100,000,000 pounds"


# ------------------------------------------------------------------ one bad cell

# file, row, column, value written, expected, rule
BAD_CELLS = [
    pytest.param("spend", 5, "amount_gbp", "about 300", NUMBER, "wrong_type", id="text-in-number"),
    pytest.param("spend", 5, "amount_gbp", "£1,200", NUMBER, "wrong_type", id="pounds-sign-and-comma"),
    pytest.param("need_indicators", 5, "value", "12.5", "a whole number", "wrong_type", id="fraction-in-integer"),
    pytest.param("participants", 5, "borough_code", "E09000034", GSS, "allowed_values", id="unknown-gss-participants"),
    pytest.param("spend", 7, "borough_code", "E08000001", GSS, "allowed_values", id="unknown-gss-spend"),
    pytest.param(
        "services",
        4,
        "boroughs_covered",
        "E09000001,E09000002",
        "'London-wide' or London borough GSS codes separated by ';' (e.g. E09000012;E09000030)",
        "allowed_values",
        id="boroughs-covered-with-commas",
    ),
    pytest.param(
        "services",
        4,
        "boroughs_covered",
        "E09000001;;E09000099",
        "'London-wide' or London borough GSS codes separated by ';' (e.g. E09000012;E09000030)",
        "allowed_values",
        id="boroughs-covered-empty-and-unknown-code",
    ),
    pytest.param("participants", 5, "referral_date", "2023-02-30", DATE, "wrong_type", id="30-february"),
    pytest.param("participants", 5, "referral_date", "2023-13-01", DATE, "wrong_type", id="month-13"),
    pytest.param("participants", 5, "referral_date", "03/04/2023", DATE, "wrong_type", id="day-month-year"),
    pytest.param("spend", 5, "amount_gbp", "-1200.0", LEDGER_LIMIT, "allowed_values", id="negative-spend"),
    pytest.param("spend", 5, "amount_gbp", "7500000.0", LEDGER_LIMIT, "allowed_values", id="absurd-spend"),
    pytest.param("budgets", 5, "budget_gbp", "-5000.0", BUDGET_LIMIT, "allowed_values", id="negative-budget"),
    pytest.param("budgets", 5, "budget_gbp", "250000000.0", BUDGET_LIMIT, "allowed_values", id="absurd-budget"),
    pytest.param("participants", 5, "gender", "M", GENDERS, "allowed_values", id="gender-not-allowed"),
]


@pytest.mark.parametrize(("file", "row", "column", "value", "expected", "rule"), BAD_CELLS)
def test_bad_cell_is_located(small_extracts, databases, capsys, file, row, column, value, expected, rule):
    """Given one bad cell, the report names its file, row, column and value and says what was expected."""
    set_cell(small_extracts, file, row=row, column=column, value=value)

    err = refused(small_extracts, databases, capsys)

    assert error_line(f"{file}.csv", row, column, value, expected, rule) in err
    assert "vru-etl: 1 error(s) in the input extracts; nothing was loaded" in err


@pytest.mark.parametrize(
    "file",
    [
        "participants",
        "budgets",
        "spend",
        "services",
        "kpi_definitions",
    ],
)
def test_unknown_programme_id_is_located(small_extracts, databases, capsys, file):
    """Given a row pointing at a programme_id that programmes.csv does not list, the report names it."""
    set_cell(small_extracts, file, row=3, column="programme_id", value="no-such-programme")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            f"{file}.csv",
            3,
            "programme_id",
            "no-such-programme",
            "a programme_id listed in programmes.csv",
            "unknown_reference",
        )
        in err
    )


# ------------------------------------------------------------------ impossible dates and statuses


def test_referral_after_extract_date_is_refused(small_extracts, databases, capsys):
    """Given a referral dated after the extract date (a case not yet started), the report names the date and the range
    allowed."""
    people = read_table(small_extracts, "participants")
    row = first_row(people, people["start_date"] == "")
    set_cell(small_extracts, "participants", row=row, column="referral_date", value="2027-01-05")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv",
            row,
            "referral_date",
            "2027-01-05",
            f"a date from 2015-01-01 to the extract date {AS_OF}",
            "impossible_date",
        )
        in err
    )


def test_date_of_birth_giving_age_2_is_refused(small_extracts, databases, capsys):
    """Given a date of birth two years before the referral, the report names it and the ages allowed."""
    people = read_table(small_extracts, "participants")
    row = 6
    referral = dt.date.fromisoformat(people.loc[row - 2, "referral_date"])
    born = referral.replace(year=referral.year - 2, day=min(referral.day, 28)).isoformat()
    set_cell(small_extracts, "participants", row=row, column="date_of_birth", value=born)

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv",
            row,
            "date_of_birth",
            born,
            "a date of birth giving an age of 5 to 90 at referral",
            "impossible_date",
        )
        in err
    )


def test_end_date_before_start_date_is_refused(small_extracts, databases, capsys):
    """Given support that ends the day before it started, the report names the end date and the start date."""
    people = read_table(small_extracts, "participants")
    row = first_row(people, people["end_date"] != "")
    start = dt.date.fromisoformat(people.loc[row - 2, "start_date"])
    end = (start - dt.timedelta(days=1)).isoformat()
    set_cell(small_extracts, "participants", row=row, column="end_date", value=end)

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv", row, "end_date", end, f"a date on or after start_date ({start})", "dates_out_of_order"
        )
        in err
    )


def test_completed_participant_without_end_date_is_refused(small_extracts, databases, capsys):
    """Given a completed referral with no end date, the report names the empty end_date and why it is needed."""
    people = read_table(small_extracts, "participants")
    row = first_row(people, people["status"] == "completed")
    set_cell(small_extracts, "participants", row=row, column="end_date", value="")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv",
            row,
            "end_date",
            None,
            "an end date, because status is 'completed'",
            "inconsistent_status",
        )
        in err
    )


# ------------------------------------------------------------------ duplicate keys


def test_duplicate_referral_id_names_the_first_row(small_extracts, databases, capsys):
    """Given row 12 repeating row 5's referral_id, the report names row 12, the id and row 5."""
    people = read_table(small_extracts, "participants")
    repeated = people.loc[5 - 2, "referral_id"]
    people.loc[12 - 2, "referral_id"] = repeated
    write_table(small_extracts, "participants", people)

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv",
            12,
            "referral_id",
            repeated,
            "a unique key: no two rows with the same referral_id (first used on row 5)",
            "duplicate_key",
        )
        in err
    )


def test_duplicate_compound_key_names_the_first_row(small_extracts, databases, capsys):
    """Given row 12 of kpi_measurements repeating row 5's kpi_id and quarter, the report names both rows and the key."""
    returns = read_table(small_extracts, "kpi_measurements")
    kpi_id, quarter = returns.loc[5 - 2, ["kpi_id", "quarter"]]
    returns.loc[12 - 2, ["kpi_id", "quarter"]] = [kpi_id, quarter]
    write_table(small_extracts, "kpi_measurements", returns)

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "kpi_measurements.csv",
            12,
            "kpi_id + quarter",
            f"{kpi_id} / {quarter}",
            "a unique key: no two rows with the same kpi_id + quarter (first used on row 5)",
            "duplicate_key",
        )
        in err
    )


# ------------------------------------------------------------------ the services register: ages, routes, sites, owners

ROUTES_EXPECTED = (
    "referral routes separated by ';' from: self-referral, family, professional, police, school (e.g. "
    "self-referral;professional)"
)
# file, row, column, value written, expected, rule
BAD_REGISTER_CELLS = [
    pytest.param("services", 3, "min_age", "ten", "a whole number", "wrong_type", id="min-age-in-words"),
    pytest.param("services", 3, "max_age", "130", "a number from 0 to 120", "allowed_values", id="max-age-absurd"),
    pytest.param(
        "services", 3, "eligibility", "", "a value (this column may not be empty)", "missing_value", id="no-eligibility"
    ),
    pytest.param(
        "services",
        3,
        "referral_routes",
        "self-referral;walk-in",
        ROUTES_EXPECTED,
        "allowed_values",
        id="unknown-referral-route",
    ),
    pytest.param(
        "services",
        3,
        "referral_routes",
        "police,school",
        ROUTES_EXPECTED,
        "allowed_values",
        id="referral-routes-with-commas",
    ),
    pytest.param(
        "services",
        3,
        "contact_phone",
        "call the office",
        "text like 020 7946 0123",
        "allowed_values",
        id="phone-in-words",
    ),
    pytest.param(
        "services",
        3,
        "contact_email",
        "referrals at example.org",
        "text like referrals@example.org",
        "allowed_values",
        id="email-without-at",
    ),
    pytest.param(
        "services",
        3,
        "contact_url",
        "http://example.org/refer",
        "text like https://example.org/refer",
        "allowed_values",
        id="referral-form-not-https",
    ),
    pytest.param(
        "services", 3, "listed_status", "open", "one of: active, closed", "allowed_values", id="listed-status-unknown"
    ),
    pytest.param(
        "services", 3, "owning_team", "", "a value (this column may not be empty)", "missing_value", id="no-owning-team"
    ),
    pytest.param("services", 3, "next_review_date", "2027-02-30", DATE, "wrong_type", id="review-on-30-february"),
    pytest.param(
        "service_sites",
        2,
        "delivery_mode",
        "by post",
        "one of: at a site, outreach across the boroughs covered, online, in custody suites, in hospitals, in schools",
        "allowed_values",
        id="unknown-delivery-mode",
    ),
    pytest.param(
        "service_sites", 2, "postcode", "SW98QB", "text like SW9 8QB", "allowed_values", id="postcode-without-space"
    ),
    pytest.param("service_sites", 2, "site_id", "site one", "text like S1", "allowed_values", id="site-id-with-spaces"),
    pytest.param(
        "service_sites",
        2,
        "service_id",
        "SVC999",
        "a service_id listed in services.csv",
        "unknown_reference",
        id="site-of-unknown-service",
    ),
]


@pytest.mark.parametrize(("file", "row", "column", "value", "expected", "rule"), BAD_REGISTER_CELLS)
def test_bad_register_cell_is_located(small_extracts, databases, capsys, file, row, column, value, expected, rule):
    """Given one bad cell in a new column of the register, the report names its file, row, column and value and says
    what was expected."""
    set_cell(small_extracts, file, row=row, column=column, value=value)

    err = refused(small_extracts, databases, capsys)

    assert error_line(f"{file}.csv", row, column, value or None, expected, rule) in err
    assert "vru-etl: 1 error(s) in the input extracts; nothing was loaded" in err


def test_oldest_age_below_youngest_is_refused(small_extracts, databases, capsys):
    services = read_table(small_extracts, "services")
    youngest = int(services.loc[1, "min_age"])
    set_cell(small_extracts, "services", row=3, column="max_age", value=str(youngest - 1))

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "services.csv",
            3,
            "max_age",
            str(youngest - 1),
            f"an age of at least min_age ({youngest})",
            "ages_out_of_order",
        )
        in err
    )


def test_next_review_before_last_review_is_refused(small_extracts, databases, capsys):
    services = read_table(small_extracts, "services")
    set_cell(small_extracts, "services", row=3, column="next_review_date", value="2016-01-04")

    err = refused(small_extracts, databases, capsys)

    expected = f"a date on or after last_reviewed ({services.loc[1, 'last_reviewed']})"
    assert error_line("services.csv", 3, "next_review_date", "2016-01-04", expected, "dates_out_of_order") in err


@pytest.mark.parametrize(
    ("column", "what"), [("site_name", "the site's name"), ("postcode", "the site's full postcode")]
)
def test_a_site_without_its_name_or_postcode_is_refused(small_extracts, databases, capsys, column, what):
    sites = read_table(small_extracts, "service_sites")
    row = first_row(sites, sites["delivery_mode"] == "at a site")
    set_cell(small_extracts, "service_sites", row=row, column=column, value="")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "service_sites.csv", row, column, None, f"{what}, because delivery_mode is 'at a site'", "missing_value"
        )
        in err
    )


def test_a_site_listed_twice_for_a_service_is_refused(small_extracts, databases, capsys):
    sites = read_table(small_extracts, "service_sites")
    twice = sites[sites.duplicated("service_id", keep=False)].index[:2]
    first, second = int(twice[0]), int(twice[1])
    set_cell(small_extracts, "service_sites", row=second + 2, column="site_id", value=sites.loc[first, "site_id"])

    err = refused(small_extracts, databases, capsys)

    key = f"{sites.loc[first, 'service_id']} / {sites.loc[first, 'site_id']}"
    expected = f"a unique key: no two rows with the same service_id + site_id (first used on row {first + 2})"
    assert error_line("service_sites.csv", second + 2, "service_id + site_id", key, expected, "duplicate_key") in err
