"""The Committee report page (dashboard/pages/committee_report.py) in real Chromium: axe finds no WCAG A/AA
violation, and the page prints to A4 landscape PDF (Playwright page.pdf, the browser's own print) naming every service
without clipping, with page numbers and the release on every page."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess

import pytest
from playwright.sync_api import expect

from tests.support.browser import describe_violations, run_axe, settle

pytestmark = pytest.mark.slow


def _services(browser_release) -> list[str]:
    with sqlite3.connect(browser_release / "public.db") as conn:
        return [n for (n,) in conn.execute("SELECT name FROM services")]


@pytest.mark.parametrize("route", ["/services/report", "/services/report?period=2024-25%20H1"])
def test_the_report_has_no_accessibility_violations(page, page_log, dashboard_url, axe_script, route):
    page.goto(dashboard_url + route)
    settle(page)
    expect(page.locator("h1")).to_contain_text("report to the Police and Crime Committee")
    violations = run_axe(page, axe_script)
    assert not violations, describe_violations(violations)
    assert not page_log.errors()


def test_the_report_names_every_service_with_its_rating_in_words(page, dashboard_url, browser_release):
    page.goto(dashboard_url + "/services/report")
    settle(page)
    text = page.locator(".services-report").inner_text()
    for name in _services(browser_release):
        assert name in text, name
    assert "Services with no review in" in text
    words = page.locator(".services-report .report-table .rag").all_inner_texts()
    assert words and all(w.split(" ", 1)[1] in ("On track", "At risk", "Off track") for w in words)


def test_the_report_prints_to_a4_landscape_without_clipping(page, dashboard_url, browser_release, tmp_path):
    """Given the report, when Chromium prints it (print media, the page's own @page size), then every page is A4
    landscape,
    numbered 'Page i of n' with the release, every service is on paper, and no table is wider than the page."""
    page.goto(dashboard_url + "/services/report")
    settle(page)
    page.emulate_media(media="print")
    # A4 landscape less the margins, at 96 px per inch: no table may overflow it.
    page.set_viewport_size({"width": round((297 - 20) / 25.4 * 96), "height": 700})
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.services-report table')].filter(t => t.scrollWidth > "
        "t.parentElement.clientWidth + 1).length"
    )
    assert overflow == 0
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size: +84[12]\.\d+ x 59[45]\.\d+ pts \(A4\)", info), info  # landscape: wider than tall
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    assert all(f"Page {i} of {len(pages)}" in p for i, p in enumerate(pages, start=1))
    assert all("Release 1 of" in p for p in pages), "the release and date are on every page"
    # Narrow cells wrap names over lines (and long words anywhere), so each cell's text is compared without spaces,
    # in the order the PDF draws it (-raw).
    drawn = "".join(
        subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for name in _services(browser_release):
        assert "".join(name.split()) in drawn, name
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    if keep := os.environ.get("VRU_TEST_KEEP_PRINTS"):  # to look at the pages: a folder to copy them to
        shutil.copytree(tmp_path, keep, dirs_exist_ok=True)
    assert len(list(tmp_path.glob("page-*.png"))) == len(pages)
