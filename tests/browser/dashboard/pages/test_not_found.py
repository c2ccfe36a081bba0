"""The page an unknown address gets (dashboard/pages/not_found.py), in real Chromium."""

from __future__ import annotations

from tests.support.browser import run_axe


def test_the_404_page_is_accessible(page, dashboard_url, axe_script):
    """The page an unknown address gets (dashboard/pages/not_found.py): 404, and no WCAG 2.2 A/AA violation."""
    response = page.goto(dashboard_url + "/no-such-page")
    assert response.status == 404
    assert run_axe(page, axe_script) == []
    page.fill("#not-found-q", "mentoring")
    page.press("#not-found-q", "Enter")
    page.wait_for_url("**/services?q=mentoring")
