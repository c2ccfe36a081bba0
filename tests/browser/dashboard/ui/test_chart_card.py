"""A chart's card in real Chromium (dashboard/ui/chart_card.py): its table alternative and the files it saves."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import settle

pytestmark = pytest.mark.slow


def test_reach_chart_has_a_table_alternative(page, dashboard_url):
    page.goto(dashboard_url + "/reach")
    settle(page)
    card = page.locator(".chart-card").first
    details = card.locator("details").first
    table = details.locator("table")
    expect(table).to_be_hidden()

    details.locator("summary").click()
    expect(table).to_be_visible()
    caption = table.locator("caption")
    expect(caption).to_be_visible()
    assert caption.inner_text().strip() == card.locator("h2").first.inner_text().strip()
    assert table.locator("thead th[scope=col]").count() >= 2
    cells = table.locator("tbody td.text-end").all_inner_texts()
    assert cells, "the table has no numeric cells"
    assert all(re.fullmatch(r"\[c\]|\d{1,3}(,\d{3})*|not available", c.strip()) for c in cells), cells
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})*", c.strip()) for c in cells), cells


def test_chart_exports_arrive_with_source_and_licence(browser, dashboard_url, tmp_path):
    """Given the reach page, when the gender chart is saved as PNG and SVG and its numbers as CSV, then a valid
    PNG, an SVG whose text carries the source, release and licence, and the CSV of that chart arrive."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(dashboard_url + "/reach?programme=girls-young-women&period=2023-24")
        settle(page)
        files = {}
        for fmt in ("png", "svg"):
            with page.expect_download() as download:
                page.click(f"button.chart-export[data-graph='reach-gender'][data-format='{fmt}']")
            files[fmt] = tmp_path / download.value.suggested_filename
            download.value.save_as(files[fmt])
        with page.expect_download() as download:
            page.click("a[href^='/download/reach/reach-gender.csv']")
        csv_name = download.value.suggested_filename
        csv_text = download.value.path().read_text()
    finally:
        context.close()
    assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = files["svg"].read_text()
    assert "Source: London Violence Reduction Unit, release" in svg and "Open Government Licence v3.0" in svg
    assert "Young people reached by gender" in svg and "programme: girls-young-women" in svg
    assert "[c]: suppressed" in svg
    assert csv_name.startswith("london-vru-reach-gender-girls-young-women-2023-24-release-")
    assert csv_text.splitlines()[0] == "Gender,Young people,release_id,licence"
