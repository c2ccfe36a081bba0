"""Internal mode in real Chromium: signing in, an internal page, signing out; accessible throughout."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import run_axe, settle
from tests.support.signin import PASSWORD, USERNAME

pytestmark = pytest.mark.slow


def _no_violations(page, axe_script, where):
    violations = run_axe(page, axe_script)
    assert not violations, f"{where}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations
    )


def test_sign_in_view_an_internal_page_and_sign_out(page, page_log, internal_dashboard_url, axe_script):
    """Given a user, when they open a page, they are sent to sign in; a wrong password is refused with a
    message; the right one opens the page with the not-for-publication banner and true figures; the data
    quality page lists the late returns; signing out ends the session."""
    page.goto(internal_dashboard_url + "/reach")
    assert "/signin?next=/reach" in page.url
    _no_violations(page, axe_script, "sign-in page")

    page.fill("#username", USERNAME)
    page.fill("#password", "not the right password")
    page.click("button[type=submit]")
    expect(page.locator("[role=alert]")).to_contain_text("not right")
    _no_violations(page, axe_script, "sign-in page with an error")

    # After a failure the same username and address wait a second before the next try (dashboard/access/throttle.py);
    # a person retyping takes longer than that, a test does not.
    page.wait_for_timeout(1_500)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(internal_dashboard_url + "/reach*")
    settle(page)
    expect(page.locator(".internal-banner")).to_contain_text("not for publication")
    expect(page.locator("#main h1")).to_have_text("Reach: who is helped")
    assert page.locator(".js-plotly-plot .main-svg").count() >= 1

    page.goto(internal_dashboard_url + "/internal/data-quality")
    settle(page)
    expect(page.locator("#main h1")).to_have_text("Data quality")
    expect(page.locator("table").first).to_contain_text("Provider")
    expect(page.locator("#main")).to_contain_text("days late")
    _no_violations(page, axe_script, "data quality page")

    page.click("text=Sign out")
    page.wait_for_url("**/signin")
    page.goto(internal_dashboard_url + "/internal/data-quality")
    assert "/signin" in page.url
    assert not page_log.errors(), page_log.errors()
