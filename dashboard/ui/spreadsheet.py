"""Tables written as CSV and XLSX files that no spreadsheet runs as formulas, whoever wrote their text.

A text cell beginning with = + - @, a tab or a carriage return is taken as a formula by
Excel, LibreOffice and Google Sheets when the file is opened: `=HYPERLINK(...)` becomes a
link that looks like part of the release, `=WEBSERVICE(...)` sends the sheet's contents
elsewhere. Text reaches our files from requests (the filters) and from data (service names,
descriptions), so every text cell is written as text: in XLSX with the cell type "string"
(and Excel's quote prefix, so editing the cell keeps it text); in CSV, which has no types,
with the usual leading apostrophe (OWASP's advice). Numbers stay numbers, negative ones too:
only text cells are ever changed.

Used by dashboard/exports/downloads.py, and cell by cell by the APIs' CSV (dashboard/api/rows.py);
any other file the dashboard writes for download should go through `csv_bytes` and `xlsx_bytes` too.
Control characters that XML cannot hold are left out of XLSX text cells.
"""

from __future__ import annotations

import io
import math
import numbers

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    """Whether a spreadsheet would read this cell as a formula: text that starts with one of FORMULA_STARTS."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV cell: text that would be read as a formula gets a leading apostrophe; anything else is unchanged."""
    return "'" + value if is_formula_like(value) else value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell (and column name) made safe for CSV; numeric columns untouched."""
    out = frame.rename(columns=csv_cell)
    for column in out.columns[
        [pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype) for dtype in out.dtypes]
    ]:
        out[column] = out[column].map(csv_cell)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    # CRLF line ends (RFC 4180): Python's csv module then quotes a field holding a carriage return,
    # which with "\n" ends it would leave bare and split the row.
    return csv_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def _cell_value(value):
    """What openpyxl is given for one cell: Python numbers and text; None for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    # XML 1.0, which XLSX is written in, cannot hold most control characters: openpyxl refuses a cell with one.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _write(sheet, row: int, column: int, value, *, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    value = _cell_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes any text starting with "=" a formula; this is text
        if is_formula_like(value):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame, in order: a bold header row of the column names, then
    the rows; text cells always of type string, never formulas."""
    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(title=name)
        for j, column in enumerate(frame.columns, start=1):
            _write(sheet, 1, j, column, bold=True)
        for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
            for j, value in enumerate(row, start=1):
                _write(sheet, i, j, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
