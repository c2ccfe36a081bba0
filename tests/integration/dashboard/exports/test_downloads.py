"""Downloads of the numbers behind each chart (dashboard/exports/downloads.py) over a real release: exactly the cells of
the chart's table, with the release and the licence, no cell a spreadsheet would run as a formula, only the filters
applied; internal ones marked not for publication."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.support.signin import https_client, sign_in
from tests.support.spreadsheets import FORMULAS, cells, no_formulas
from tests.support.web import parse_csv

MPS = "real, published by the Metropolitan Police Service (Open Government Licence v3.0)"


@pytest.mark.parametrize("formula", FORMULAS[:2])
def test_a_formula_in_the_query_string_never_reaches_the_xlsx(app, formula):
    """/download/reach/reach-gender.xlsx?=HYPERLINK(...) must not put the formula in the "about" sheet's Filters
    cell: only the filters applied are printed, and no cell is a formula."""
    response = app.server.test_client().get(
        "/download/reach/reach-gender.xlsx", query_string=[("", formula), ("programme", "divert")]
    )
    assert response.status_code == 200
    no_formulas(response.data)
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
    no_formulas(xlsx.data)
    about = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(io.BytesIO(xlsx.data))["about"].iter_rows(min_row=2, values_only=True)
    }
    assert about["Filters"].startswith("q==HYPERLINK")
    csv_response = app.server.test_client().get("/download/services/services-directory.csv", query_string=query)
    assert csv_response.status_code == 200 and '"' not in csv_response.headers["Content-Disposition"].split(
        "filename="
    )[1].strip('"')


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x0b", "\x7f"])
@pytest.mark.parametrize("chart", ["services-directory", "services-map"])
def test_control_characters_in_a_search_are_left_out_of_the_xlsx(app, chart, control):
    """`/download/services/services-directory.xlsx?q=%00` (and services-map.xlsx?q=%07) got a 500: openpyxl refuses
    a cell holding a control character. The search reads them as spaces, so the file is served, with the words
    searched for and no control character in any cell."""
    response = app.server.test_client().get(
        f"/download/services/{chart}.xlsx", query_string=[("q", f"youth{control}work"), ("postcode", f"SE1{control}")]
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    about = {row[0]: row[1] for row in book["about"].iter_rows(min_row=2, values_only=True)}
    assert about["Filters"].startswith("q=youth work, postcode=SE1")
    assert not [c.coordinate for c in cells(book) if isinstance(c.value, str) and control in c.value]


def test_downloads_and_images_print_only_the_filters_applied(app):
    client = app.server.test_client()
    xlsx = client.get("/download/reach/reach-gender.xlsx?programme=divert&programme=x&Correction=withdrawn")
    about = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(io.BytesIO(xlsx.data))["about"].iter_rows(min_row=2, values_only=True)
    }
    # A repeated programme is no programme the page offers: the file, like the page, shows every programme.
    assert "withdrawn" not in about["Filters"] and "programme=" not in about["Filters"]
    page = client.get("/reach?Correction=These+figures+were+withdrawn").data.decode()
    assert page.count('data-notes="Filters: ') >= 1 and "withdrawn" not in page


def test_downloads_hold_exactly_the_cells_of_the_chart_table(app):
    """Given the reach page for DIVERT in 2023-24, when the gender chart's CSV is downloaded, then its rows
    are the table's rows (with [c] where suppressed), the release and the licence, under a readable name."""
    import csv
    import io

    from dashboard.data import release_context
    from dashboard.pages import reach

    client = app.server.test_client()
    params = {"programme": "divert", "period": "2023-24"}
    response = client.get("/download/reach/reach-gender.csv", query_string=params)
    assert response.status_code == 200
    assert 'filename="london-vru-reach-gender-divert-2023-24-release-' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    with app.server.test_request_context("/"):
        ctx = release_context.for_request()
        table = reach.BREAKDOWNS[1].view_for(ctx, reach.PAGE.values(ctx, params)).table
    shown = [(r["category"], r["shown"]) for _, r in table.frame.iterrows()]
    assert [(r["Gender"], r["Young people"]) for r in rows] == [(c, v.replace(",", "")) for c, v in shown]
    assert {r["licence"] for r in rows} == {"Open Government Licence v3.0"}


def test_xlsx_download_has_the_data_and_an_about_sheet(app):
    import io

    import openpyxl

    response = app.server.test_client().get("/download/spend/spend-budget.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["data", "about"]
    about = {row[0]: row[1] for row in book["about"].iter_rows(min_row=2, values_only=True)}
    assert (
        about["Licence"].startswith("Open Government Licence v3.0")
        and about["Source"] == "London Violence Reduction Unit"
    )


@pytest.mark.parametrize(
    "url", ["/download/reach/no-such-chart.csv", "/download/nowhere/reach-trend.csv", "/download/reach/reach-trend.pdf"]
)
def test_unknown_downloads_are_404(app, url):
    assert app.server.test_client().get(url).status_code == 404


def test_internal_downloads_are_marked_not_for_publication(internal_app):
    """Given a signed-in director, when a chart's numbers are downloaded, then the file carries the internal
    marking, not the open licence, and internal embeds may not be framed."""
    c = https_client(internal_app)
    sign_in(c)
    csv_text = c.get("/download/reach/reach-trend.csv").data.decode()
    assert "not for publication" in csv_text and "Open Government Licence" not in csv_text
    embed = c.get("/embed/reach/reach-trend")
    assert "frame-ancestors 'none'" in embed.headers["Content-Security-Policy"]


def test_funding_downloads_carry_the_page_figures_with_their_source(client):
    """Given the funding page's borough table for 2024-25, when taken as CSV and XLSX, then both carry Croydon's 196
    knife crime with injury offences and its rate, the City of London's [x] (never 0), and the source of the need
    figures beside the VRU's; the XLSX's about sheet says what [x] means and that only the VRU's figures are
    synthetic."""
    csv_rows = parse_csv(client.get("/download/funding-need/funding-ranked.csv?period=2024-25").data)
    header = csv_rows[0]
    boroughs = {row[0]: dict(zip(header, row)) for row in csv_rows[1:]}
    croydon, city = boroughs["Croydon"], boroughs["City of London"]
    assert (croydon["Knife crime with injury offences"], croydon["Offences per 10,000 residents"]) == ("196", "5")
    assert city["Knife crime with injury offences"] == city["£ per offence"] == "[x]"
    assert croydon["source"] == f"London Violence Reduction Unit; Knife crime with injury offences: {MPS}"
    xlsx = client.get("/download/funding-need/funding-ranked.xlsx?period=2024-25")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    data = list(book["data"].iter_rows(values_only=True))
    rows = {row[0]: dict(zip(data[0], row)) for row in data[1:]}
    assert rows["Croydon"]["Knife crime with injury offences"] == 196
    assert rows["City of London"]["Knife crime with injury offences"] == "[x]"
    about = list(book["about"].iter_rows(min_row=2, values_only=True))
    assert ("Source", f"Knife crime with injury offences: {MPS}") in about
    assert ("[x]", "not available (never 0), left out of rates and totals.") in about
    assert (
        "Other sources",
        "Figures credited to another source are published as it publishes them: not rounded or suppressed.",
    ) in about
    assert (
        "Note",
        "Synthetic demonstration data, not real VRU data, except the figures credited to another source.",
    ) in about
