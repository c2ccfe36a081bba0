"""A service's ratings by six-monthly period on its page (dashboard/pages/service_ratings.py), in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import settle

pytestmark = pytest.mark.slow


def test_a_service_page_shows_its_ratings_by_period_as_a_chart_and_a_table(page, dashboard_url):
    page.goto(dashboard_url + "/services/SVC001")
    settle(page)
    expect(page.locator(".service-latest-review")).to_have_count(1)
    card = page.locator("#services-ratings-SVC001-summary").locator("xpath=ancestor::div[contains(@class, 'card')]")
    expect(card.locator(".js-plotly-plot")).to_have_count(1)  # the picture became the interactive chart
    card.locator(".table-alternative summary").click()
    rows = card.locator(".table-alternative tbody tr").all_inner_texts()
    assert len(rows) >= 2
    changes = ("Improved from", "Declined from", "No change", "First review", "No review")
    assert all(any(c in r for c in changes) for r in rows), rows
    expect(page.locator("a[href='/services']").first).to_be_visible()
