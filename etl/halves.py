"""Six-monthly review periods: halves of the financial year, named "2025-26 H1" (April to
September 2025) and "2025-26 H2" (October 2025 to March 2026).

Commissioned services are reviewed every six months and the Police and Crime Committee
receives every service's rating at the same rhythm. Names sort in time order.
"""

from __future__ import annotations

import datetime as dt

from etl import periods

# Reviews began with the VRU's current programmes (2021-22); the list runs a few years past
# the reporting years so that a register reviewed after them still validates. A review dated
# after the extract, or before its period ended, is caught by etl.validation.review_rules instead.
FIRST_YEAR = periods.FIRST_FINANCIAL_YEAR
LAST_YEAR = periods.LAST_FINANCIAL_YEAR + 5


def half_years() -> list[str]:
    return [f"{periods.financial_year_name(y)} H{h}" for y in range(FIRST_YEAR, LAST_YEAR + 1) for h in (1, 2)]


def bounds(half: str) -> tuple[dt.date, dt.date]:
    """First and last day of a half such as '2025-26 H1'."""
    start_year, h = int(half[:4]), half[-1]
    if h == "1":
        return dt.date(start_year, 4, 1), dt.date(start_year, 9, 30)
    return dt.date(start_year, 10, 1), dt.date(start_year + 1, 3, 31)


def previous(half: str) -> str:
    start_year, h = int(half[:4]), half[-1]
    return (
        f"{periods.financial_year_name(start_year)} H1"
        if h == "2"
        else f"{periods.financial_year_name(start_year - 1)} H2"
    )
