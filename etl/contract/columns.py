"""The parts the contract's schemas are built from: column types, and checks whose error text says
what was expected ("one of: Female, Male, ..."), so a validation failure reads as an instruction."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine

from etl import halves, periods, reference
from etl.contract.vocabulary import FLAG_VALUES, LONDON_WIDE, REFERRAL_ROUTES

# Limits beyond which a value is taken to be a keying error (pence typed as pounds, extra zeros), shared by the
# extracts that hold such values.
MAX_SERVICE_AGE = 120  # ages a service may name: from birth (parenting services) to the oldest carers
MAX_LEDGER_LINE_GBP = 5_000_000  # larger than any single VRU payment published to date
MAX_BUDGET_GBP = 100_000_000  # larger than MOPAC's whole commissioning budget (about £90m)
MAX_ALLOCATION_GBP = 50_000_000  # larger than a whole LCPF round across London
# More than any borough records of any crime in a year (tens of thousands at most).
MAX_NEED_COUNT = 1_000_000

DATE = pandas_engine.DateTime(  # type: ignore[call-arg]  # a dataclass made at run time by pandera's @immutable
    to_datetime_kwargs={"format": "%Y-%m-%d"},
)


def one_of(values: Sequence[str]) -> pa.Check:
    return pa.Check.isin(list(values), error="one of: " + ", ".join(values))


def gss_code() -> pa.Check:
    return pa.Check.isin(sorted(reference.borough_codes()), error="a London borough GSS code, E09000001 to E09000033")


def boroughs_covered() -> pa.Check:
    codes = reference.borough_codes()

    def valid(series: pd.Series) -> pd.Series:
        def ok(value: str) -> bool:
            if value == LONDON_WIDE:
                return True
            parts = value.split(";")
            return bool(parts) and all(p in codes for p in parts)

        return series.map(ok).astype(bool)

    return pa.Check(
        valid,
        element_wise=False,
        error=f"'{LONDON_WIDE}' or London borough GSS codes separated by ';' (e.g. E09000012;E09000030)",
    )


def referral_routes() -> pa.Check:
    def valid(series: pd.Series) -> pd.Series:
        return series.map(lambda v: all(p in REFERRAL_ROUTES for p in v.split(";"))).astype(bool)

    return pa.Check(
        valid,
        element_wise=False,
        error="referral routes separated by ';' from: "
        + ", ".join(REFERRAL_ROUTES)
        + " (e.g. self-referral;professional)",
    )


def between(low: float, high: float, unit: str = "") -> pa.Check:
    return pa.Check.in_range(low, high, error=f"a number from {low:,} to {high:,}{unit}")


def positive(high: float, unit: str = "") -> pa.Check:
    return pa.Check(lambda s: (s > 0) & (s <= high), error=f"more than 0 and at most {high:,}{unit}")


def pattern(regex: str, example: str) -> pa.Check:
    return pa.Check.str_matches(regex, error=f"text like {example}")


def financial_year() -> pa.Check:
    return pa.Check.isin(
        periods.financial_years(), error="a financial year from " + ", ".join(periods.financial_years())
    )


def quarter() -> pa.Check:
    return pa.Check.isin(periods.quarters(), error="a quarter such as 2023-24 Q1, within 2021-22 to 2025-26")


def review_period() -> pa.Check:
    return pa.Check.isin(
        halves.half_years(),
        error=f"a six-monthly period such as 2025-26 H1 (April to September 2025), from {halves.half_years()[0]} to "
        f"{halves.half_years()[-1]}",
    )


Checks = pa.Check | list[pa.Check] | None  # what a column is checked against: one check, several or none


def text(description: str, *, nullable: bool = False, checks: Checks = None, unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=checks, nullable=nullable, unique=unique, description=description)


def integer(description: str, *, checks: Checks = None, nullable: bool = False) -> pa.Column:
    return pa.Column("Int64", checks=checks, nullable=nullable, coerce=True, description=description)


def number(description: str, *, checks: Checks = None, nullable: bool = False) -> pa.Column:
    return pa.Column(float, checks=checks, nullable=nullable, coerce=True, description=description)


def flag(description: str, *, nullable: bool = False) -> pa.Column:
    """A yes/no column, written true or false; the validator turns it into a boolean."""
    return pa.Column(
        str, checks=one_of(FLAG_VALUES), nullable=nullable, description=description, metadata={"flag": True}
    )


def date(description: str, *, nullable: bool = False, checks: Checks = None) -> pa.Column:
    return pa.Column(DATE, checks=checks, nullable=nullable, coerce=True, description=description)
