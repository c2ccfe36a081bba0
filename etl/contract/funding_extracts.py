"""The data contract's funding against need: open funding rounds (published as 360Giving), the London Crime
Prevention Fund's allocations per borough, and the need indicators they are set against."""

from __future__ import annotations

from etl.contract.columns import (
    MAX_ALLOCATION_GBP,
    MAX_BUDGET_GBP,
    MAX_NEED_COUNT,
    between,
    boroughs_covered,
    date,
    financial_year,
    gss_code,
    integer,
    number,
    one_of,
    pattern,
    positive,
    text,
)
from etl.contract.table import extract
from etl.contract.vocabulary import (
    COMMISSIONERS,
    LONDON_WIDE,
    NEED_INDICATOR_DEFINITIONS,
    NEED_INDICATOR_NAMES,
    SERVICE_AREAS,
)

FUNDING_OPPORTUNITIES = extract(
    "funding_opportunities",
    row="a funding round open, upcoming or closed",
    key=["opportunity_id"],
    may_be_empty=True,
    columns={
        "opportunity_id": text("Funding round identifier.", checks=pattern(r"^FO\d{3,6}$", "FO001")),
        "title": text("Title of the funding round."),
        "service_area": text("Area of work funded.", checks=one_of(SERVICE_AREAS)),
        "boroughs": text(
            f"'{LONDON_WIDE}' or the GSS codes of eligible boroughs, separated by ';'.", checks=boroughs_covered()
        ),
        "commissioner": text("Who runs the round.", checks=one_of(COMMISSIONERS)),
        "total_value_gbp": number("Total money available, in pounds.", checks=positive(MAX_BUDGET_GBP, " pounds")),
        "opens": date("Date applications open."),
        "closes": date("Date applications close."),
        "url": text("Where to read more and apply.", checks=pattern(r"^https://", "https://example.org/apply")),
    },
)

LCPF_ALLOCATIONS = extract(
    "lcpf_allocations",
    row="a borough's London Crime Prevention Fund allocation for one financial year",
    key=["borough_code", "financial_year"],
    columns={
        "borough_code": text("GSS code of the borough.", checks=gss_code()),
        "financial_year": text("Financial year, e.g. '2023-24'.", checks=financial_year()),
        "allocation_gbp": number("Direct LCPF allocation, in pounds.", checks=positive(MAX_ALLOCATION_GBP, " pounds")),
    },
)

NEED_INDICATORS = extract(
    "need_indicators",
    row="one indicator of need for one borough and financial year",
    key=["borough_code", "financial_year", "indicator"],
    columns={
        "borough_code": text("GSS code of the borough.", checks=gss_code()),
        "financial_year": text("Financial year, e.g. '2023-24'.", checks=financial_year()),
        "indicator": text("Which indicator (listed below this table).", checks=one_of(NEED_INDICATOR_NAMES)),
        "value": integer(
            "The count for the year, as its publisher gives it. Empty: not available (published as [x], never 0), "
            "e.g. the City of London, which the Metropolitan Police do not police, or a year without full-year "
            "figures.",
            checks=between(0, MAX_NEED_COUNT),
            nullable=True,
        ),
    },
    notes=tuple(f"`{code}`: {meaning}." for code, meaning in NEED_INDICATOR_DEFINITIONS.items()),
)
