"""How the dashboard writes a figure: counts and amounts with thousands separators, money with £,
percentages, and the GSS symbols for a figure withheld to protect individuals ([c], never "*") and for one that
is not available ([x], never 0).

One module, so a page, a table, a file and a sentence write the same figure the same way. The
format strings are for the chart describers (dashboard/charts/describe.py), which take one; the
functions are for everything else. A figure that is missing (None or NaN) is written as the
caller says (`missing=`): the words differ by what is missing ("not available", "no allocation").
Negative figures take the typographic minus ("−£1,200"), as printed statistics do.
"""

from __future__ import annotations

import pandas as pd

from dashboard.data.vocabulary import NOT_AVAILABLE as NOT_AVAILABLE_STATUS
from dashboard.data.vocabulary import SUPPRESSED

SUPPRESSED_SYMBOL = "[c]"  # GSS: a figure withheld to protect individuals
NOT_AVAILABLE_SYMBOL = "[x]"  # GSS: a figure that is not available (the police do not cover the borough, say)
NOT_AVAILABLE = "not available"
MINUS = "−"  # U+2212, not the hyphen: "−£1,200", "−3.2%"

COUNT = "{:,.0f}"  # 12,345
DECIMAL = "{:,.1f}"  # rates: 12.3 per 10,000 residents
MONEY = "£{:,.0f}"  # £12,345
MONEY_PENCE = "£{:,.2f}"  # £1.23 per resident
PERCENT = "{:,.1f}%"  # 45.2%, of a value in percentage points


def is_missing(value) -> bool:
    """None, NaN or pandas' NA: no figure to write."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _signed(text: str, value, *, sign: bool) -> str:
    if value < 0:
        return MINUS + text
    return "+" + text if sign else text


def count(value, *, missing: str = NOT_AVAILABLE) -> str:
    """12,345: a count, rounded to a whole number."""
    return missing if is_missing(value) else COUNT.format(value)


def decimal(value, *, missing: str = NOT_AVAILABLE) -> str:
    """12.3: a rate or a measure with one decimal place."""
    return missing if is_missing(value) else DECIMAL.format(value)


def money(value, *, pence: bool = False, sign: bool = False, missing: str = NOT_AVAILABLE) -> str:
    """£12,345 (whole pounds) or £1.23 (`pence`); −£1,200 below zero, and +£1,200 from zero up with `sign`."""
    if is_missing(value):
        return missing
    return _signed((MONEY_PENCE if pence else MONEY).format(abs(value)), value, sign=sign)


def money_millions(value, *, missing: str = NOT_AVAILABLE) -> str:
    """£1.2m: a headline amount, in millions of pounds with one decimal place."""
    if is_missing(value):
        return missing
    return _signed(f"£{abs(value) / 1e6:,.1f}m", value, sign=False)


def percent(value, *, places: int = 1, sign: bool = False, missing: str = NOT_AVAILABLE) -> str:
    """45.2%: a value that is already in percentage points; −3.2% below zero, +3.2% from zero up with `sign`."""
    if is_missing(value):
        return missing
    return _signed(f"{abs(value):,.{places}f}%", value, sign=sign)


def proportion(value, *, places: int = 0, missing: str = NOT_AVAILABLE) -> str:
    """18%: a fraction (0.18) as a percentage."""
    return missing if is_missing(value) else f"{value:.{places}%}"


def measure(value, *, unit: str = "", missing: str = NOT_AVAILABLE) -> str:
    """A KPI's or a service's measurement or target as it was given (45.5, 3, 1e+06 as Python's :g writes it),
    with % where its unit is "percent": what was measured, not rounded to a display precision."""
    if is_missing(value):
        return missing
    return f"{value:g}" + ("%" if unit == "percent" else "")


def cell(value, status: str | None, *, fmt: str = COUNT, missing: str = NOT_AVAILABLE) -> str:
    """A published cell: [c] where it is suppressed, [x] where it is not available, `missing` where it has no value,
    else `fmt` of its value."""
    if status == SUPPRESSED:
        return SUPPRESSED_SYMBOL
    if status == NOT_AVAILABLE_STATUS:
        return NOT_AVAILABLE_SYMBOL
    return missing if is_missing(value) else fmt.format(value)
