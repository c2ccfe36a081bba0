"""Search by age and referral route on /services in a real browser (issue 13): typed and chosen with the
keyboard, kept in the URL, the count matching the cards, and the page passing axe-core's WCAG 2.2 AA checks."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.dashboard.pages.test_services import _count
from tests.support.browser import describe_violations, run_axe, settle

pytestmark = pytest.mark.slow


def test_age_and_referral_route_by_keyboard(page, dashboard_url, axe_script):
    page.goto(dashboard_url + "/services")
    settle(page)
    everything = _count(page)
    page.locator("#services-age").focus()
    page.keyboard.type("15")
    page.keyboard.press("Enter")  # debounced, as the other search boxes
    page.wait_for_function("() => new URLSearchParams(location.search).get('age') === '15'")
    settle(page)
    for_age = _count(page)
    page.locator("#services-route").focus()
    page.locator("#services-route").select_option("police")
    page.wait_for_function("() => new URLSearchParams(location.search).get('route') === 'police'")
    settle(page)
    both = _count(page)
    assert 0 < both <= for_age < everything
    assert both == page.locator("#services-content .service-card").count()
    assert parse_qs(urlsplit(page.url).query) == {"age": ["15"], "route": ["police"]}
    assert page.locator("#services-content .service-status").first.inner_text().split(":")[0] in (
        "Running",
        "Ending soon",
        "Ended",
    )
    violations = run_axe(page, axe_script)
    assert violations == [], describe_violations(violations)
