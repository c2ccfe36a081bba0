"""Funding against need (dashboard/pages/funding_need.py) on a phone, in real Chromium: the inner and outer London
comparison fits the screen, each area a block of its figures, with no gap under its caption."""

from __future__ import annotations

import pytest

from tests.support.browser import describe_violations, run_axe, settle

pytestmark = pytest.mark.slow
PHONE = {"width": 360, "height": 800}


def test_on_a_phone_the_inner_and_outer_london_table_fits_without_a_gap(page, dashboard_url, axe_script):
    page.set_viewport_size(PHONE)
    page.goto(dashboard_url + "/funding-need")
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table = page.locator("table.data-table", has=page.locator("caption", has_text="inner against outer London"))
    assert table.locator("xpath=..").evaluate("r => r.scrollWidth <= r.clientWidth"), "the table scrolls sideways"
    gap = table.evaluate(
        "t => t.tBodies[0].rows[0].getBoundingClientRect().top - t.caption.getBoundingClientRect().bottom"
    )
    assert gap < 12, f"{gap:.0f} px between the caption and the first area"
    areas = table.locator("tbody tr")
    assert areas.count() == 3
    assert areas.first.locator("td").first.inner_text() == "Inner London"
    # Every figure is named beside its value (the cell's ::before, from its data-label).
    shown = areas.first.locator("td").evaluate_all(
        "cells => cells.slice(1).map(c => getComputedStyle(c, '::before').content)"
    )
    assert shown[:3] == ['"Boroughs"', '"Allocation"', '"£ per resident"'] and len(shown) == 6
    last = table.locator("tbody tr:first-child td:last-child")
    box = last.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]  # the last column is on the screen, not cut off
    assert table.get_attribute("role") == "table" and last.get_attribute("role") == "cell"
    violations = run_axe(page, axe_script)  # the stacked table, at a phone's width
    assert violations == [], describe_violations(violations)
