"""Financial years (April to March) and their quarters, named as the VRU reports them.

A financial year is named "2023-24"; its quarters "2023-24 Q1" (April to June) to
"2023-24 Q4" (January to March).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

# The years the VRU dashboard reports on: the VRU's programmes at their current scale.
FIRST_FINANCIAL_YEAR = 2021  # 2021-22
LAST_FINANCIAL_YEAR = 2025  # 2025-26


def financial_year_name(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def financial_years() -> list[str]:
    return [financial_year_name(y) for y in range(FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR + 1)]


def quarters() -> list[str]:
    return [f"{fy} Q{q}" for fy in financial_years() for q in (1, 2, 3, 4)]


def all_periods() -> list[str]:
    """Every published period: financial years first, then quarters, each in time order."""
    return financial_years() + quarters()


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter such as '2023-24 Q1'."""
    fy, q_number = quarter.split(" Q")
    start_year = int(fy[:4])
    q = int(q_number)
    first_month = 4 + 3 * (q - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    first = dt.date(year, month, 1)
    next_month = month + 3
    next_first = dt.date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
    return first, next_first - dt.timedelta(days=1)


def reporting_start() -> dt.date:
    return dt.date(FIRST_FINANCIAL_YEAR, 4, 1)


def reporting_end() -> dt.date:
    return dt.date(LAST_FINANCIAL_YEAR + 1, 3, 31)


def financial_year_of_dates(dates: pd.Series) -> pd.Series:
    """Vectorised: the financial-year name of each date (missing dates give missing names)."""
    d = pd.to_datetime(dates)
    start = d.dt.year - (d.dt.month < 4).astype("Int64")
    names = start.astype("Int64").astype(str) + "-" + ((start + 1) % 100).astype("Int64").astype(str).str.zfill(2)
    return names.where(d.notna())


def quarter_due_date(quarter: str, *, days_allowed: int) -> dt.date:
    """When a provider's return for a quarter is due."""
    return quarter_bounds(quarter)[1] + dt.timedelta(days=days_allowed)


def period_categoricals(dates: pd.Series) -> tuple[pd.Categorical[str], pd.Categorical[str]]:
    """Financial year and quarter of each date (all within the reporting years), as categoricals."""
    d = pd.to_datetime(dates)
    start_year = (d.dt.year - (d.dt.month < 4)).to_numpy()
    fy_code = start_year - FIRST_FINANCIAL_YEAR
    q_code = fy_code * 4 + ((d.dt.month.to_numpy() - 4) % 12) // 3
    return (
        pd.Categorical.from_codes(fy_code, categories=pd.Index(financial_years())),
        pd.Categorical.from_codes(q_code, categories=pd.Index(quarters())),
    )
