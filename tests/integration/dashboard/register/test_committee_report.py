"""The six-monthly report to the Police and Crime Committee as files (dashboard/register/committee_report.py), on the
small release: CSV, XLSX and a PDF made on the server for each half-year, the reviewers' notes in internal ones only."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import threading

import openpyxl
import pytest

from dashboard.register import committee_report
from tests.support import ROOT
from tests.support.db import sqlite_rows
from tests.support.servers import gunicorn_server, server_env
from tests.support.web import make_app

sys.path.insert(0, str(ROOT / "scripts"))
import render_limits

STORM_CLIENTS = 16
HEALTH_P95_BOUND_SECONDS = 1.0


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


def test_a_host_that_cannot_make_pdfs_says_so_with_a_503(public_url, monkeypatch):
    """Given a host without WeasyPrint or Pango (importing it fails), when the PDF is asked for,
    then the answer is a 503 that points to the print layout and the other downloads, not a 500."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    client = make_app(public_url, mode="public").server.test_client()  # an app that has made no PDF yet
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


# ------------------------------------------------------------------ the PDF made once, and a bounded number at a time
def test_a_pdf_is_made_once_per_release_and_period(public_url):
    """Given a server that has made no PDF, when the report's PDF is asked for twice, then it is made once and the
    second answer is the same file from the cache; another period is made once too."""
    client = make_app(public_url, mode="public").server.test_client()
    made = committee_report.PDFS.made
    first, again = client.get("/services/report.pdf"), client.get("/services/report.pdf")
    assert first.status_code == again.status_code == 200 and first.data == again.data
    assert (first.headers["X-Report-Cache"], again.headers["X-Report-Cache"]) == ("miss", "hit")
    assert first.headers["Server-Timing"].startswith("render;dur=") and again.headers["Server-Timing"] == "render;dur=0"
    earlier = [client.get("/services/report.pdf", query_string={"period": "2024-25 H1"}) for _ in range(2)]
    assert [r.headers["X-Report-Cache"] for r in earlier] == ["miss", "hit"] and earlier[0].data != first.data
    assert committee_report.PDFS.made == made + 2


def test_a_pdf_asked_for_while_another_is_made_gets_503_and_retry_after(public_url, monkeypatch):
    """Given a worker making a PDF, when another PDF that is not cached is asked for meanwhile, then it is refused
    at once with 503, Retry-After and no-store (not queued on one of the worker's threads); once the first is made,
    asking again gets it."""
    making, release = threading.Event(), threading.Event()

    def slow_pdf(report, _release):
        making.set()
        release.wait(30)
        return b"%PDF-1.7 " + report.period.encode()

    monkeypatch.setattr(committee_report, "pdf_bytes", slow_pdf)
    app = make_app(public_url, mode="public")
    first = []
    worker = threading.Thread(target=lambda: first.append(app.server.test_client().get("/services/report.pdf")))
    worker.start()
    try:
        assert making.wait(30)
        refused = app.server.test_client().get("/services/report.pdf", query_string={"period": "2024-25 H1"})
        assert refused.status_code == 503
        assert refused.headers["Retry-After"] == "5" and refused.headers["Cache-Control"] == "no-store"
        assert app.server.test_client().get("/services/report.csv").status_code == 200  # the other files are not held
    finally:
        release.set()
        worker.join(30)
    assert first[0].status_code == 200
    later = app.server.test_client().get("/services/report.pdf", query_string={"period": "2024-25 H1"})
    assert later.status_code == 200 and later.data == b"%PDF-1.7 2024-25 H1"


def test_sixteen_concurrent_report_pdfs_leave_the_health_check_under_a_second(small_release, tmp_path):
    """`16 concurrent GET /services/report.pdf` against gunicorn (the Procfile's 2 workers of 8 threads) used to
    render 16 PDFs at once, 11 to 14 s each, with /healthz at 5.9 to 8.9 s at p95. Now each worker makes the PDF
    once while the others are refused with 503 and Retry-After; each client, asking again after Retry-After, gets
    it from the cache; /healthz, asked every 0.25 s throughout, answers under 1 s at p95."""
    env = server_env(VRU_MODE="public", VRU_DATA_DIR=str(small_release))
    with gunicorn_server(env, tmp_path / "gunicorn.log", workers=2) as base:
        storm = render_limits.pdf_storm(base, clients=STORM_CLIENTS)
    assert storm["pdfs"] == STORM_CLIENTS and set(storm["statuses"]) <= {"200", "503"}, storm
    assert storm["made"] <= 2, storm  # once per worker (with REDIS_URL, once for all)
    assert storm["health"]["failed"] == 0 and storm["health"]["p95"] < HEALTH_P95_BOUND_SECONDS, storm
