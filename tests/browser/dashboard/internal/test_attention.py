"""Internal mode's performance-management pages in real Chromium (dashboard/internal/attention.py and the pages it
links to): a signed-in director goes from what needs attention to each detail, every page accessible (axe), and an
image export reaches the audit trail."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import describe_violations, run_axe, settle
from tests.support.signin import USERNAME, sign_in

pytestmark = pytest.mark.slow


def _accessible(page, axe_script, where: str) -> None:
    violations = run_axe(page, axe_script)
    assert not violations, f"{where}: {describe_violations(violations)}"


def test_signed_in_director_goes_from_attention_to_each_detail_and_exports_are_audited(
    page, page_log, internal_dashboard_url, axe_script
):
    """Given a director, when they sign in, they land on what needs attention; its links open the KPI trajectory, the
    spend profile and the providers compared, each accessible; saving a chart as PNG appears in the audit trail."""
    base = internal_dashboard_url
    sign_in(page, base)
    page.wait_for_url(base + "/internal/attention")
    settle(page)
    expect(page.locator("#main h1")).to_have_text("Needs attention")
    expect(page.locator("#attention-kpis")).to_contain_text("off track")
    expect(page.locator("#attention-returns")).to_contain_text("return missing")
    expect(page.locator("#attention-spend")).to_contain_text("over profile")
    _accessible(page, axe_script, "needs attention")

    page.locator("#attention-kpis a").first.click()
    page.wait_for_url("**/kpis/trajectories?programme=*")
    settle(page)
    expect(page.locator("#main h1")).to_have_text("KPI trajectories")
    expect(page.locator(".trajectory .js-plotly-plot").first).to_be_visible()
    expect(page.locator(".trajectory").first).to_contain_text("Off track")
    _accessible(page, axe_script, "KPI trajectories (internal)")

    page.goto(base + "/internal/attention")
    settle(page)
    page.locator("#attention-spend a").first.click()
    page.wait_for_url("**/internal/spend-profile?*")
    settle(page)
    expect(page.locator("#main h1")).to_have_text("Spend against profile")
    expect(page.locator("#spend-profile .main-svg").first).to_be_visible()
    _accessible(page, axe_script, "spend against profile")
    with page.expect_download():
        page.click("button.chart-export[data-graph=spend-profile][data-format=png]")

    page.goto(base + "/internal/providers?programme=myends")
    settle(page)
    expect(page.locator("#main h1")).to_have_text("Providers compared: MyEnds")
    for name in ("Bridges Community Consortium", "Eastside Community Hubs", "Westway Youth Clubs"):
        expect(page.locator("table.data-table").first).to_contain_text(name)
    page.click("th a:has-text('Completion rate')")
    page.wait_for_url("**sort=completion_rate*")
    settle(page)
    expect(page.locator("th[aria-sort]")).to_contain_text("Completion rate")
    _accessible(page, axe_script, "providers compared")

    page.goto(base + "/internal/audit")
    settle(page)
    expect(page.locator("#main table")).to_contain_text("Image export")
    expect(page.locator("#main table")).to_contain_text("spend-profile.png")
    expect(page.locator("#main table")).to_contain_text("Signed in")
    _accessible(page, axe_script, "audit trail")
    page.select_option("#audit-user", USERNAME)
    page.click("#main form button[type=submit]")
    page.wait_for_url(f"**/internal/audit?user={USERNAME}*")
    settle(page)
    expect(page.locator("#main table")).to_contain_text(USERNAME)
    assert not page_log.errors(), page_log.errors()
