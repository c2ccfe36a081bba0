"""Tables written as CSV and XLSX files that no spreadsheet runs as formulas (dashboard/ui/spreadsheet.py), on small
inline tables."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd

from tests.support.spreadsheets import FORMULAS, cells, no_formulas


def test_text_cells_from_data_are_escaped_and_numbers_are_not():
    """Cells from data (a provider's service name) are escaped as text; negative numbers stay numbers."""
    from dashboard.ui import spreadsheet

    frame = pd.DataFrame({"Service": [*FORMULAS, "Mentoring", "-"], "Change": [-5, 3, -2.5, 0, 1, 2, 3, -7, 4]})
    rows = list(csv.reader(io.StringIO(spreadsheet.csv_bytes(frame).decode(), newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + f for f in FORMULAS] + ["Mentoring", "'-"]
    assert [r[1] for r in rows[1:]] == ["-5.0", "3.0", "-2.5", "0.0", "1.0", "2.0", "3.0", "-7.0", "4.0"]

    xlsx = spreadsheet.xlsx_bytes({"data": frame})
    no_formulas(xlsx)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx))["data"]
    names = [c.value for c in sheet["A"][1:]]
    # The text as it is, typed as text (XML reads a bare carriage return as a line feed: still not a formula).
    assert names == [f.replace("\r", "\n") for f in FORMULAS] + ["Mentoring", "-"]
    assert all(c.data_type == "s" for c in sheet["A"])
    assert [c.value for c in sheet["B"][1:]] == [-5, 3, -2.5, 0, 1, 2, 3, -7, 4] and all(
        c.data_type == "n" for c in sheet["B"][1:]
    )


def test_mixed_columns_keep_numbers_as_numbers():
    from dashboard.ui import spreadsheet

    frame = pd.DataFrame({"Young people": [-5, "[c]", "=1", 10]})
    assert [r[0] for r in csv.reader(io.StringIO(spreadsheet.csv_bytes(frame).decode(), newline=""))][1:] == [
        "-5",
        "[c]",
        "'=1",
        "10",
    ]


def test_control_characters_in_text_cells_are_left_out_of_any_xlsx():
    """Whatever text reaches a workbook (a filter, a name in the register), a control character XML cannot hold
    is left out rather than making openpyxl refuse the file."""
    from dashboard.ui import spreadsheet

    body = spreadsheet.xlsx_bytes({"data": pd.DataFrame({"name": ["a\x00b\x07c\x1bd", "tab\tand\nline"]})})
    values = [c.value for c in cells(openpyxl.load_workbook(io.BytesIO(body)))]
    assert values == ["name", "abcd", "tab\tand\nline"]
