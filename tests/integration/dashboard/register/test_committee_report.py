"""The six-monthly report to the Police and Crime Committee as files (dashboard/register/committee_report.py), on the
small release: CSV, XLSX and a PDF made on the server for each half-year, the reviewers' notes in internal ones only."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import openpyxl
import pytest

from tests.support.db import sqlite_rows


@pytest.fixture(scope="module")
def public_db(small_release):
    return small_release / "public.db"


def _latest(public_db) -> str:
    return sqlite_rows(public_db, "SELECT MAX(period) FROM service_reviews WHERE reviewed")[0][0]


# ------------------------------------------------------------------ the report's files
def test_the_csv_has_every_service_of_the_release_once(client, public_db):
    """Given the live release, when the report's CSV is downloaded, then it has one row per service running in the
    latest half,
    every one of the release's services, with its rating in words, the release and the licence."""
    response = client.get("/services/report.csv")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    services = {s for (s,) in sqlite_rows(public_db, "SELECT service_id FROM services")}
    assert sorted(r["Service id"] for r in rows) == sorted(services)
    assert {r["Release"] for r in rows} == {"1"} and {r["Licence"] for r in rows} == {"Open Government Licence v3.0"}
    latest = _latest(public_db)
    assert {r["Period"] for r in rows} == {latest}
    reviewed = dict(
        sqlite_rows(
            public_db, "SELECT service_id, rag_rating FROM service_reviews WHERE period = ? AND reviewed", latest
        )
    )
    words = {"green": "On track (green)", "amber": "At risk (amber)", "red": "Off track (red)"}
    for r in rows:
        if r["Service id"] in reviewed:
            assert r["Rating"].endswith(words[reviewed[r["Service id"]]]) and r["Reviewed in the period"] == "yes"
        else:
            assert (
                r["Rating"] == "No review this period"
                and r["Change since the previous period"] == "No review this period"
            )
    assert any(r["Reviewed in the period"] == "no" for r in rows)


def test_the_xlsx_holds_the_same_services_and_says_release_and_licence(client):
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/services/report.csv").data.decode())))
    book = openpyxl.load_workbook(io.BytesIO(client.get("/services/report.xlsx").data))
    sheet = list(book["report"].values)
    assert sorted(r[sheet[0].index("Service id")] for r in sheet[1:]) == sorted(r["Service id"] for r in csv_rows)
    about = dict(list(book["about"].values)[1:])
    assert about["Release"].startswith("1 of ") and "Open Government Licence" in about["Licence"]


def test_an_earlier_period_is_its_own_report(client, public_db):
    period = "2024-25 H1"
    rows = list(
        csv.DictReader(io.StringIO(client.get("/services/report.csv", query_string={"period": period}).data.decode()))
    )
    running = {s for (s,) in sqlite_rows(public_db, "SELECT service_id FROM service_reviews WHERE period = ?", period)}
    assert {r["Service id"] for r in rows} == running and {r["Period"] for r in rows} == {period}


@pytest.mark.parametrize("period", ["2019-20 H1", "nonsense", "'; DROP TABLE services; --", "x" * 500])
def test_an_unknown_period_is_a_4xx(client, period):
    for fmt in ("csv", "xlsx", "pdf"):
        assert client.get(f"/services/report.{fmt}", query_string={"period": period}).status_code in (400, 404)
    page = client.get("/services/report", query_string={"period": period})
    assert (
        page.status_code == 200 and b"There is no report for that period" not in page.data
    ) or page.status_code == 200


@pytest.mark.integration  # starts pdfinfo and pdftotext; WeasyPrint lays out the whole report
def test_the_server_made_pdf_is_a4_landscape_with_page_numbers(client, tmp_path):
    """Given the PDF download, then every page is A4 landscape (842 x 595 pt) and says its page number and the
    release."""
    response = client.get("/services/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.data)
    info = subprocess.run(["pdfinfo", "-l", "100", str(path)], capture_output=True, text=True, check=True).stdout
    sizes = [line for line in info.splitlines() if "size:" in line and line.startswith("Page")]
    assert sizes and all(re.search(r"size: +841\.89 x 595\.2\d* pts", line) for line in sizes), sizes
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert all(f"Page {i} of {len(pages)}" in p and "Release 1 of" in p for i, p in enumerate(pages, start=1))


def test_a_host_that_cannot_make_pdfs_says_so_with_a_503(client, monkeypatch):
    """Given a host without WeasyPrint or Pango (importing it fails), when the PDF is asked for,
    then the answer is a 503 that points to the print layout and the other downloads, not a 500."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    response = client.get("/services/report.pdf")
    assert response.status_code == 503
    assert "Print the report page from your browser" in response.get_data(as_text=True)
    assert client.get("/services/report.csv").status_code == 200


def test_internal_reports_add_the_reviewers_notes_and_public_ones_never(client, internal_client, small_release):
    note = sqlite_rows(
        small_release / "internal.db", "SELECT reviewer_note FROM service_review_notes ORDER BY period DESC LIMIT 1"
    )[0][0]
    public = client.get("/services/report.csv").data.decode()
    internal = internal_client.get("/services/report.csv").data.decode()
    assert "Reviewer's note (internal)" in internal and note in internal
    assert "Reviewer's note" not in public and note not in public
