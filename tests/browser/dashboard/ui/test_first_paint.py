"""The first paint in real Chromium (dashboard/ui/first_paint.py): read and accessible before Dash has drawn the page,
the figures without JavaScript, gone once Dash has drawn."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import describe_violations, open_page, run_axe, settle

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("route", ["/", "/services?postcode=SE1+7PB"])
def test_before_dash_has_drawn_the_page_its_first_paint_reads_and_is_accessible(
    browser, dashboard_url, axe_script, route
):
    """The index carries the page as HTML (dashboard/ui/first_paint.py): with Dash's scripts held back,
    a visitor already sees the page's heading, figures and filters (usable, as a form), and axe finds nothing."""
    context, pg, _log = open_page(browser)
    try:
        pg.route("**/_dash-component-suites/**", lambda r: r.abort())
        pg.goto(dashboard_url + route, wait_until="load")
        copy = pg.locator(".first-paint")
        expect(copy).to_be_visible()
        expect(pg.locator("#react-entry-point")).to_be_hidden()
        expect(copy.get_by_role("heading", level=1)).to_be_visible()
        expect(copy.get_by_role("link", name="Skip to main content")).to_have_attribute("href", "#first-paint-main")
        controls = copy.locator("form[data-filters] select, form[data-filters] input")
        assert controls.count() >= 2 and all(controls.nth(i).is_enabled() for i in range(controls.count()))
        if route == "/":
            assert copy.locator(".headline-value").count() == 4
            copy.get_by_text("Choose a period, programme or borough").click()  # the home page folds its filters
            expect(copy.get_by_label("Period")).to_be_visible()  # labels still name the controls
        else:
            expect(copy.get_by_text("SE1 7PB is in postcode district SE1", exact=False)).to_be_visible()
        violations = run_axe(pg, axe_script)
        assert not violations, describe_violations(violations)
    finally:
        context.close()


def test_without_javascript_the_page_still_shows_its_figures(browser, dashboard_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 412, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(dashboard_url + "/")
        expect(pg.get_by_role("heading", level=1)).to_have_text("London Violence Reduction Unit: performance")
        expect(pg.locator(".headline-value").first).to_be_visible()
        # The filters are a form to the page's own address, with a button to send it (folded on the home page).
        pg.get_by_text("Choose a period, programme or borough").click()
        period = pg.get_by_role("combobox", name="Period")
        older = period.locator("option").nth(1).get_attribute("value")
        period.select_option(older)
        pg.get_by_role("button", name="Show these figures").click()
        pg.wait_for_load_state("load")
        assert f"period={older}" in pg.url
        # Another view than the default one: its filters are open, showing what the reader chose.
        expect(pg.get_by_role("combobox", name="Period")).to_have_value(older)
    finally:
        context.close()


def test_once_dash_has_drawn_the_page_its_first_paint_is_gone(page, page_log, dashboard_url):
    page.goto(dashboard_url + "/reach")
    settle(page)
    assert page.locator(".first-paint").count() == 0
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("main")).to_have_count(1)
    expect(page.locator("#reach-programme")).to_be_enabled()
    assert not page_log.errors()
