"""A service's page (dashboard/pages/service.py) on a phone, in real Chromium: its funding rounds fit the screen and
link to where to apply."""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import pytest

from dashboard.register.directory import LONDON_WIDE
from tests.support.browser import describe_violations, run_axe, settle

pytestmark = pytest.mark.slow
PHONE = {"width": 360, "height": 800}
ROUNDS = "Open and upcoming funding rounds in the boroughs it covers"


def _london_wide_service(release) -> str:
    """A service every funding round's area covers, so that its page lists them all."""
    with sqlite3.connect(f"file:{release / 'public.db'}?mode=ro", uri=True) as conn:
        (found,) = conn.execute(
            "SELECT s.service_id FROM services s JOIN releases r USING (release_id) "
            "WHERE r.is_live AND s.boroughs_covered = ? ORDER BY s.service_id LIMIT 1",
            (LONDON_WIDE,),
        ).fetchone()
    return found


def test_on_a_phone_the_funding_rounds_fit_and_link_to_where_to_apply(page, dashboard_url, axe_script, browser_release):
    """Given a 360 px screen, when a service's page is open, then neither the page nor the rounds' table scrolls
    sideways, and every round's address is a link in the same tab, named by its host."""
    page.set_viewport_size(PHONE)
    page.goto(dashboard_url + "/services/" + _london_wide_service(browser_release))
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    table = page.locator("table.data-table", has=page.locator("caption", has_text=ROUNDS))
    region = table.locator("xpath=..")
    assert region.evaluate("r => r.scrollWidth <= r.clientWidth"), "the rounds' table scrolls sideways"
    rows = table.locator("tbody tr")
    links = table.locator("tbody td[data-label='Apply at'] a")
    assert rows.count() > 0 and links.count() == rows.count()
    for link in links.all():
        href = link.get_attribute("href")
        assert urlsplit(href).scheme in ("http", "https") and link.get_attribute("target") is None
        # The host is what the link shows; the round it applies for follows for screen readers.
        assert link.text_content().startswith(urlsplit(href).hostname + " (apply for ")
        assert link.evaluate("a => a.firstChild.textContent") == urlsplit(href).hostname
    violations = run_axe(page, axe_script)  # the stacked table, at a phone's width
    assert violations == [], describe_violations(violations)
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
