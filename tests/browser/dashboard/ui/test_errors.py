"""The page a reader gets while the database is down (dashboard/ui/errors.py), in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.ui import errors
from tests.support.browser import describe_violations, open_page, run_axe, select_options, settle
from tests.support.outage import ask, assert_everything_served, assert_everything_unavailable, dashboard, reach_callback

pytestmark = pytest.mark.slow


def assert_page_accessible_in_chromium(browser, axe_script, url: str) -> None:
    """The unavailable page in a real browser: its heading drawn, no script error, no axe-core WCAG violation."""
    context, page, log = open_page(browser)
    try:
        response = page.goto(url)
        assert response.status == 503
        assert page.locator("h1").inner_text() == errors.TITLE
        violations = run_axe(page, axe_script)
        assert not violations, describe_violations(violations)
        assert not log.page_errors
    finally:
        context.close()


def test_database_down_when_the_app_starts_then_back(pg_server, pg_public_db, tmp_path, browser, axe_script):
    """Given PostgreSQL is stopped
    When the public dashboard starts under gunicorn and is asked for pages, a Dash callback, a download and /healthz
    Then it starts; every page is the clear "figures unavailable" page and the rest a short message, all 503 with
    Retry-After and fast (the page passes axe-core's WCAG checks in Chromium); and once PostgreSQL is started again the
    very next requests are all served, without
    restarting gunicorn."""
    with pg_server.stopped(), dashboard(pg_server.url(pg_public_db), tmp_path / "gunicorn.log") as base:
        callback = reach_callback(base)
        assert_everything_unavailable(base, callback)
        assert_page_accessible_in_chromium(browser, axe_script, base + "/reach?programme=divert")

        pg_server.start()
        first = ask(base, "/reach")
        assert first.status == 200, first.text[:500]
        assert_everything_served(base, callback)
        print(f"\ndown at start: first request after PostgreSQL was back answered 200 in {first.seconds:.3f} s")


def test_a_filter_change_while_the_database_is_down_says_so(page, dashboard_url):
    """The server's 503 for a callback (tests/integration/dashboard/ui/test_errors.py makes it with a stopped
    PostgreSQL) is answered here by the browser's route handler, to check what the page does with it: a notice that
    screen readers announce, gone after the next update that succeeds."""
    page.goto(dashboard_url + "/reach")
    settle(page)
    page.route(
        "**/_dash-update-component*",
        lambda route: route.fulfill(status=503, body="The figures are unavailable at the moment."),
    )
    value = next(v for v, _ in select_options(page, "#reach-programme") if v != "all")
    page.select_option("#reach-programme", value)
    expect(page.locator("#unavailable-notice[role=alert]")).to_contain_text("The figures are unavailable at the moment")
    page.unroute("**/_dash-update-component*")
    page.select_option("#reach-programme", "all")
    expect(page.locator("#unavailable-notice")).to_have_count(0)
