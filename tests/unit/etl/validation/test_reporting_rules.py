"""Unit tests of the cross-file rules on KPI returns and spend (etl.validation.reporting_rules) on tiny typed frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from etl.validation import reporting_rules
from etl.validation.findings import Finding
from tests.support.frames import PROGRAMMES, dates

AS_OF = dt.date(2026, 11, 22)


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


def test_inconsistent_percent_kpi():
    """Given percent returns without a numerator, or with numerator over denominator, each is named."""
    defs = kpi_definitions(("divert-rate", "divert", "percent", False))
    m = kpi_measurements(
        ("divert-rate", "2021-22 Q1", 50.0, None, 10, "2021-07-10"),
        ("divert-rate", "2021-22 Q2", 120.0, 12, 10, "2021-10-10"),
    )

    found = reporting_rules.inconsistent_kpi_values({"kpi_definitions": defs, "kpi_measurements": m})

    assert [(f.row, f.column, f.rule) for f in found] == [
        (2, "numerator", "missing_value"),
        (3, "numerator", "inconsistent_kpi"),
        (3, "value", "inconsistent_kpi"),
    ]


def test_second_headline_kpi_in_an_area():
    """Given two headline KPIs in one priority area, the second is named."""
    defs = kpi_definitions(("divert-a", "divert", "count", True), ("divert-b", "divert", "count", True))

    found = reporting_rules.several_headline_kpis({"kpi_definitions": defs, "programmes": PROGRAMMES})

    assert [(f.row, f.column, f.rule) for f in found] == [(3, "is_headline", "several_headline_kpis")]


def test_late_return_is_a_warning_after_30_days():
    """Given returns 30 and 31 days after the quarter ended, only the second is late, by 1 day."""
    m = kpi_measurements(
        ("divert-count", "2021-22 Q1", 5.0, None, None, "2021-07-30"),
        ("divert-count", "2021-22 Q2", 5.0, None, None, "2021-10-31"),
    )

    found = reporting_rules.late_kpi_returns({"kpi_measurements": m})

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

    found = reporting_rules.missing_kpi_returns(
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
        reporting_rules.missing_kpi_returns(
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

    found = reporting_rules.spend_over_budget({"spend": spend, "budgets": budgets})

    assert [f.value for f in found] == ([f"£{spent:,}"] if warned else [])
