"""Unit tests of the cross-file validation rules (etl.validation.rules) on tiny typed frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from etl.validation import rules
from etl.validation.findings import Finding

AS_OF = dt.date(2026, 11, 22)


def dates(*values) -> pd.Series:
    return pd.to_datetime(pd.Series(values, dtype=object), format="%Y-%m-%d")


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


PROGRAMMES = pd.DataFrame(
    {
        "programme_id": ["divert"],
        "priority_area": ["Justice and health"],
        "lead_provider_id": ["PRV001"],
        "start_date": dates("2021-04-01"),
        "end_date": dates("2021-09-30"),  # runs for 2021-22 Q1 and Q2 only
    }
)
PROVIDERS = pd.DataFrame({"provider_id": ["PRV001"]})


def kpi_definitions(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"kpi_id": k, "programme_id": p, "unit": u, "is_headline": h} for k, p, u, h in rows]).astype(
        {"is_headline": "boolean"}
    )


def kpi_measurements(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {
                "kpi_id": k,
                "quarter": q,
                "value": v,
                "numerator": n,
                "denominator": d,
                "provider_id": "PRV001",
                "submitted_date": s,
            }
            for k, q, v, n, d, s in rows
        ]
    )
    frame["submitted_date"] = dates(*frame["submitted_date"])
    return frame.astype({"numerator": "Int64", "denominator": "Int64", "value": float})


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda r: r.__name__)
def test_rule_without_its_files_finds_nothing(rule):
    """Given no frames (their files failed earlier), each rule returns no findings instead of failing."""
    assert rule({}, as_of=AS_OF) == []


def test_unknown_programme_is_reported_with_its_row():
    """Given a referral to a programme not in programmes, the finding names row 3 and the id."""
    frames = {
        "participants": participants(programme_id=["divert", "nope"]),
        "programmes": PROGRAMMES,
        "providers": PROVIDERS,
    }

    found = rules.unknown_references(frames)

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

    found = rules.unknown_references({"services": services, "programmes": PROGRAMMES, "providers": PROVIDERS})

    assert [(f.row, f.value) for f in found] == [(3, "nope")]


def test_end_before_start_is_out_of_order():
    """Given support ending before it started, the finding names end_date and the start date."""
    frames = {"participants": participants(start_date=["2023-05-10"], end_date=["2023-05-09"])}

    found = rules.dates_out_of_order(frames)

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

    found = rules.dates_outside_possible_range({"participants": frame}, as_of=AS_OF)

    assert found == [Finding("participants.csv", 2, column, value, expected, "impossible_date")]


def test_inconsistent_statuses():
    """Given a completed referral with no end or outcome, and an end with no start, each is named."""
    frame = participants(
        status=["completed", "withdrawn"],
        start_date=["2023-05-10", None],
        end_date=[None, "2023-09-01"],
        outcome_positive=[None, None],
    )

    found = rules.inconsistent_participant_status({"participants": frame})

    assert [(f.row, f.column, f.expected) for f in found] == [
        (2, "end_date", "an end date, because status is 'completed'"),
        (3, "start_date", "a start date, because an end date is given"),
        (2, "outcome_positive", "true or false, because status is 'completed'"),
    ]


def test_inconsistent_percent_kpi():
    """Given percent returns without a numerator, or with numerator over denominator, each is named."""
    defs = kpi_definitions(("divert-rate", "divert", "percent", False))
    m = kpi_measurements(
        ("divert-rate", "2021-22 Q1", 50.0, None, 10, "2021-07-10"),
        ("divert-rate", "2021-22 Q2", 120.0, 12, 10, "2021-10-10"),
    )

    found = rules.inconsistent_kpi_values({"kpi_definitions": defs, "kpi_measurements": m})

    assert [(f.row, f.column, f.rule) for f in found] == [
        (2, "numerator", "missing_value"),
        (3, "numerator", "inconsistent_kpi"),
        (3, "value", "inconsistent_kpi"),
    ]


def test_second_headline_kpi_in_an_area():
    """Given two headline KPIs in one priority area, the second is named."""
    defs = kpi_definitions(("divert-a", "divert", "count", True), ("divert-b", "divert", "count", True))

    found = rules.several_headline_kpis({"kpi_definitions": defs, "programmes": PROGRAMMES})

    assert [(f.row, f.column, f.rule) for f in found] == [(3, "is_headline", "several_headline_kpis")]


def test_late_return_is_a_warning_after_30_days():
    """Given returns 30 and 31 days after the quarter ended, only the second is late, by 1 day."""
    m = kpi_measurements(
        ("divert-count", "2021-22 Q1", 5.0, None, None, "2021-07-30"),
        ("divert-count", "2021-22 Q2", 5.0, None, None, "2021-10-31"),
    )

    found = rules.late_kpi_returns({"kpi_measurements": m})

    assert found == [
        Finding(
            "kpi_measurements.csv",
            3,
            "submitted_date",
            "2021-10-31",
            "a return by 2021-10-30 (30 days after 2021-22 Q2 ended); it was 1 day late",
            "late_return",
            "warning",
            "PRV001",
        )
    ]


def test_missing_return_is_a_warning():
    """Given a KPI returned for Q1 but not Q2 while its programme ran, Q2 is reported missing."""
    defs = kpi_definitions(("divert-count", "divert", "count", False))
    m = kpi_measurements(("divert-count", "2021-22 Q1", 5.0, None, None, "2021-07-10"))

    found = rules.missing_kpi_returns(
        {"kpi_definitions": defs, "kpi_measurements": m, "programmes": PROGRAMMES}, as_of=AS_OF
    )

    assert found == [
        Finding(
            "kpi_measurements.csv",
            None,
            "quarter",
            "2021-22 Q2",
            "a return for KPI 'divert-count' for 2021-22 Q2; none was received",
            "missing_return",
            "warning",
            "PRV001",
        )
    ]


def test_missing_returns_skip_kpis_of_unknown_programmes():
    """Given a KPI of a programme not in programmes (reported by unknown_references), missing_kpi_returns skips it."""
    defs = kpi_definitions(("nope-count", "nope", "count", False))
    m = kpi_measurements(("nope-count", "2021-22 Q1", 5.0, None, None, "2021-07-10"))

    assert (
        rules.missing_kpi_returns(
            {"kpi_definitions": defs, "kpi_measurements": m, "programmes": PROGRAMMES}, as_of=AS_OF
        )
        == []
    )


@pytest.mark.parametrize(
    ("spent", "warned"), [(1_100_000, False), (1_110_000, True)], ids=["10-percent-over", "11-percent-over"]
)
def test_spend_over_budget(spent, warned):
    """Given a year's spend 10% or 11% over budget, only 11% is warned about."""
    spend = pd.DataFrame(
        {"programme_id": ["divert"], "payment_date": dates("2023-05-01"), "amount_gbp": [float(spent)]}
    )
    budgets = pd.DataFrame({"programme_id": ["divert"], "financial_year": ["2023-24"], "budget_gbp": [1_000_000.0]})

    found = rules.spend_over_budget({"spend": spend, "budgets": budgets})

    assert [f.value for f in found] == ([f"£{spent:,}"] if warned else [])


# ------------------------------------------------------------------ the services register
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
    found = rules.register_records_to_update(
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
