"""How the dashboard writes figures (dashboard/ui/formats.py): one way for every page, table, file and sentence."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dashboard.ui import formats

MISSING = [None, math.nan, np.nan, pd.NA, np.float64("nan")]


@pytest.mark.parametrize(
    ("value", "written"),
    [(0, "0"), (7, "7"), (12345, "12,345"), (12345.6, "12,346"), (np.int64(1_000_000), "1,000,000")],
)
def test_counts_are_whole_numbers_with_thousands_separators(value, written):
    assert formats.count(value) == written


@pytest.mark.parametrize(
    ("value", "options", "written"),
    [
        (12345, {}, "£12,345"),
        (12345.5, {}, "£12,346"),
        (1.234, {"pence": True}, "£1.23"),
        (-1200, {}, "−£1,200"),
        (1200, {"sign": True}, "+£1,200"),
        (-1200, {"sign": True}, "−£1,200"),
        (0, {"sign": True}, "+£0"),
    ],
)
def test_money_has_the_pound_sign_before_the_separated_amount_and_a_typographic_minus(value, options, written):
    assert formats.money(value, **options) == written


def test_headline_money_is_in_millions_with_one_decimal():
    assert formats.money_millions(1_234_567) == "£1.2m"
    assert formats.money_millions(None) == "not available"


@pytest.mark.parametrize(
    ("value", "options", "written"),
    [(45.24, {}, "45.2%"), (45.24, {"places": 0}, "45%"), (3.21, {"sign": True}, "+3.2%"), (-3.21, {}, "−3.2%")],
)
def test_percentages_of_values_already_in_percentage_points(value, options, written):
    assert formats.percent(value, **options) == written


def test_a_proportion_is_written_as_a_percentage():
    assert formats.proportion(0.183) == "18%" and formats.proportion(0.1834, places=1) == "18.3%"


@pytest.mark.parametrize(
    ("value", "unit", "written"),
    [(45.5, "percent", "45.5%"), (3, "count", "3"), (3.25, "score", "3.25"), (80.0, "", "80")],
)
def test_a_measurement_is_written_as_it_was_given_with_percent_where_its_unit_is(value, unit, written):
    assert formats.measure(value, unit=unit) == written


@pytest.mark.parametrize("missing", MISSING)
def test_a_missing_figure_is_written_as_the_caller_says(missing):
    """Given None, NaN or pandas' NA, each function writes its `missing` words, never 'nan' or '£nan'."""
    assert formats.count(missing) == "not available"
    assert formats.money(missing, missing="no allocation") == "no allocation"
    assert formats.percent(missing, missing="") == ""
    assert formats.decimal(missing) == formats.NOT_AVAILABLE
    assert formats.measure(missing, missing="no return") == "no return"


def test_a_suppressed_cell_is_c_whatever_its_value_and_a_published_one_is_formatted():
    assert formats.cell(None, "c") == "[c]" == formats.SUPPRESSED_SYMBOL
    assert formats.cell(12345, "c") == "[c]"
    assert formats.cell(12345, "") == "12,345"
    assert formats.cell(12.345, "", fmt=formats.DECIMAL) == "12.3"
    assert formats.cell(2500, None, fmt=formats.MONEY) == "£2,500"
    assert formats.cell(None, "", missing="none") == "none"


def test_a_cell_not_available_is_x_never_zero():
    """Given a figure with status 'x' (not available: the City of London in the Metropolitan Police's figures), then
    it is written [x], whether its value is missing or, by mistake, 0."""
    assert formats.cell(None, "x") == "[x]" == formats.NOT_AVAILABLE_SYMBOL
    assert formats.cell(0, "x", fmt=formats.DECIMAL) == "[x]"


def test_the_format_strings_write_as_the_functions_do():
    """Chart descriptions take format strings; they must agree with the functions the tables use."""
    assert formats.COUNT.format(12345) == formats.count(12345)
    assert formats.MONEY.format(12345) == formats.money(12345)
    assert formats.MONEY_PENCE.format(1.234) == formats.money(1.234, pence=True)
    assert formats.DECIMAL.format(12.34) == formats.decimal(12.34)
    assert formats.PERCENT.format(45.24) == formats.percent(45.24)
