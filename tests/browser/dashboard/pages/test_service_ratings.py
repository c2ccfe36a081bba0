"""A service's ratings by six-monthly period on its card (dashboard/pages/service_ratings.py), in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import settle

pytestmark = pytest.mark.slow


def test_service_cards_show_ratings_by_period(page, dashboard_url):
    page.goto(dashboard_url + "/services")
    settle(page)
    card = page.locator("#services-content .service-card").first
    expect(card.locator(".service-latest-review, .service-ratings")).not_to_have_count(0)
    card.locator(".service-ratings summary").click()
    rows = card.locator(".service-ratings tbody tr").all_inner_texts()
    assert len(rows) >= 2
    changes = ("Improved from", "Declined from", "No change", "First review", "No review")
    assert all(any(c in r for c in changes) for r in rows), rows
    expect(page.locator("a[href='/services/report']")).to_have_count(1)
