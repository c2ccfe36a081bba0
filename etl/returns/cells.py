"""One cell of a return turned into the text the data contract reads, or a finding that says why it cannot be.

The extracts are text and the validator types them, so a return is turned into the same text a CSV extract would
hold: a date as YYYY-MM-DD, a number as its shortest exact decimal, a yes/no as true or false. What a spreadsheet
makes of what people type is undone here, and only where nothing can be lost:

- an Excel date serial (a number in a date column) becomes its date;
- a number stored as text is accepted where it parses exactly (no thousands separators, currency signs or spaces);
- a date stored as text is accepted only as YYYY-MM-DD, since 03/04/2025 is the 3rd of April in London and the 4th
  of March in Excel's American default;
- a date with a time of day other than midnight is refused.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandera.pandas as pa

from etl.contract.extracts import BY_NAME

DATE = "date"
INTEGER = "integer"
NUMBER = "number"
FLAG = "flag"
TEXT = "text"

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 after Excel's leap-year bug (serial 60)
# Serials of dates from 1900 to 2200: a date column holding a number outside them is not a date.
SERIAL_RANGE = (1, 109_574)
_EXACT_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CellProblem(ValueError):
    """A cell's value cannot be read as its column's type; the message says what was expected."""

    def __init__(self, expected: str, *, rule: str = "wrong_type"):
        super().__init__(expected)
        self.expected = expected
        self.rule = rule


def kind(extract: str, column: str) -> str:
    """The kind of a contract column: date, integer, number, flag or text."""
    col: pa.Column = BY_NAME[extract].schema.columns[column]
    if (col.metadata or {}).get("flag"):
        return FLAG
    dtype = str(col.dtype)
    if "datetime" in dtype:
        return DATE
    if dtype == "Int64":
        return INTEGER
    if "float" in dtype:
        return NUMBER
    return TEXT


def _number_text(number: float) -> str:
    if not math.isfinite(number):
        raise CellProblem("a number")
    if number == int(number) and abs(number) < 1e15:
        return str(int(number))
    return repr(float(number))


def _from_serial(serial: float) -> str:
    if not (SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]) or serial != int(serial):
        raise CellProblem("a date (a whole-day date, e.g. 2025-10-01)")
    return (EXCEL_EPOCH + dt.timedelta(days=int(serial))).isoformat()


def to_text(value: object, *, column_kind: str) -> str | None:
    """The contract's text for a cell read from a workbook (None: the cell is empty)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        if column_kind in (INTEGER, NUMBER):
            if not _EXACT_NUMBER.match(text):
                raise CellProblem("a number entered as a number (no spaces, commas, currency signs or units)")
            return _number_text(float(text))
        if column_kind == DATE:
            if not _ISO_DATE.match(text):
                raise CellProblem("a date entered as a date, not as text (e.g. 2025-10-01)", rule="date_as_text")
            return text
        if column_kind == FLAG:
            return text.lower() if text.lower() in ("true", "false") else text
        return value if value == text else text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise CellProblem("a date without a time of day")
        return value.date().isoformat()
    if isinstance(value, dt.date):
        if column_kind in (INTEGER, NUMBER):
            raise CellProblem("a number, not a date (the cell is formatted as a date)")
        return value.isoformat()
    if isinstance(value, dt.time | dt.timedelta):
        raise CellProblem("a value, not a time of day")
    if isinstance(value, int | float):
        if column_kind == DATE:
            return _from_serial(float(value))
        return _number_text(float(value))
    return str(value)
