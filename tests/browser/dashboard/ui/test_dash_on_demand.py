"""Dash loaded on a public page when the reader first reaches for something (dashboard/ui/dash_on_demand.py,
assets/dash-on-demand.js), in headless Chromium: nothing of Dash's is fetched before, and each way in
(a filter, a chart's picture pointed at or reached by keyboard, a button) ends on Dash's page with
the reader's action done, their focus and their open tables kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

SUITES = "/_dash-component-suites/"
COPY = ".first-paint"
GONE_JS = "() => !document.querySelector('.first-paint')"


def _dash_requests(log) -> list[str]:
    return [u for u in log.requests if SUITES in u]


def test_a_public_page_fetches_nothing_of_dash_until_the_reader_reaches_for_it(page, page_log, dashboard_url):
    page.goto(dashboard_url + "/reach", wait_until="networkidle")
    page.wait_for_timeout(500)  # scripts that would fetch Dash late (after load) have had their moment
    assert not _dash_requests(page_log)
    expect(page.locator(COPY).get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(COPY + " button.chart-facade img").first).to_be_visible()  # the chart's picture
    # Pointing at the picture loads Dash, and that chart is drawn as the interactive one, though the pointer has moved
    # on.
    # The pointer moves on by coordinates: Dash may already have replaced the first paint (heading and all) by then.
    heading = page.locator(COPY + " h1").bounding_box()
    page.locator(COPY + " button.chart-facade").first.hover()
    page.mouse.move(heading["x"] + 5, heading["y"] + 5)
    page.wait_for_function(GONE_JS)
    expect(page.locator("#react-entry-point #reach-trend .js-plotly-plot")).to_have_count(1)
    assert _dash_requests(page_log)
    assert not page_log.errors()


def test_a_filter_changed_before_dash_has_loaded_is_the_view_dash_draws(page, page_log, dashboard_url):
    page.goto(dashboard_url + "/reach", wait_until="networkidle")
    period = page.locator(COPY).get_by_role("combobox", name="Period")
    older = period.locator("option").nth(1).get_attribute("value")
    period.focus()
    period.select_option(older)
    assert f"period={older}" in page.url  # the address takes the view at once, and Dash draws it
    page.wait_for_function(GONE_JS)
    expect(page.locator("#reach-period")).to_have_value(older)
    expect(page.locator("#reach-period")).to_be_focused()  # the reader is where they were
    expect(page.locator("#reach-trend-summary")).to_contain_text(older)
    assert not page_log.errors()


def test_a_filter_changed_after_dash_has_read_the_address_still_reaches_dash(page, page_log, dashboard_url):
    held, released = [], []

    def hold(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/_dash-update-component*", hold)  # Dash's first callbacks wait: it has read the address by then
    page.goto(dashboard_url + "/reach", wait_until="networkidle")
    copy = page.locator(COPY)
    older = copy.get_by_role("combobox", name="Period").locator("option").nth(1).get_attribute("value")
    copy.get_by_role("combobox", name="Period").select_option(older)
    while not held:
        page.wait_for_timeout(50)
    programme = copy.get_by_role("combobox", name="Programme")
    chosen = programme.locator("option").nth(1).get_attribute("value")
    programme.select_option(chosen)
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_function(GONE_JS)
    expect(page.locator("#reach-programme")).to_have_value(chosen)
    expect(page.locator("#reach-period")).to_have_value(older)
    page.wait_for_function(
        f"() => window.location.search.includes('programme={chosen}') && "
        f"window.location.search.includes('period={older}')"
    )
    assert not page_log.errors()


def test_a_radio_button_chosen_by_keyboard_before_dash_has_loaded_is_the_view_dash_draws(page, page_log, dashboard_url):
    """The radio-button path (dash-on-demand.js's group()): the arrow key that moves "Show boroughs as" to the tiles
    in the first paint puts view=tiles in the address, and Dash draws the tiles with that button checked and focused."""
    page.goto(dashboard_url + "/geography", wait_until="networkidle")
    shown_as = page.locator(COPY).get_by_role("group", name="Show boroughs as")
    shown_as.get_by_role("radio", name="Map").focus()
    page.keyboard.press("ArrowDown")
    assert "view=tiles" in page.url
    page.wait_for_function(GONE_JS)
    tiles = page.locator("#react-entry-point").get_by_role("radio", name="Equal-size tiles (London Squared)")
    expect(tiles).to_be_checked()
    expect(tiles).to_be_focused()
    expect(page.locator("#geography-map-summary")).to_contain_text("Tile map (London Squared)")
    assert not page_log.errors()


def test_a_chart_reached_by_keyboard_is_drawn_and_keeps_the_focus(page, page_log, dashboard_url):
    page.goto(dashboard_url + "/geography", wait_until="networkidle")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('chart-facade')"):
            break
    else:
        pytest.fail("no chart picture reached with Tab")
    page.wait_for_function(GONE_JS)
    expect(page.locator("#react-entry-point #geography-map .js-plotly-plot")).to_have_count(1)
    expect(page.locator("#react-entry-point .chart-box").first).to_be_focused()
    assert not page_log.errors()


def test_a_button_pressed_before_dash_has_loaded_is_pressed_on_dash_page(page, page_log, dashboard_url):
    page.goto(dashboard_url + "/reach?period=2024-25", wait_until="networkidle")
    page.locator(COPY).get_by_role("button", name="Copy a link to this view").click()
    page.wait_for_function(GONE_JS)
    # Headless Chromium on http: no clipboard, so the page shows the address to copy.
    expect(page.locator("#reach-copy-status")).to_contain_text("/reach?period=2024-25")
    assert not page_log.errors()


def test_a_table_opened_before_dash_has_loaded_stays_open(page, page_log, dashboard_url):
    page.goto(dashboard_url + "/reach", wait_until="networkidle")
    page.locator(COPY + " details.table-alternative summary").nth(1).click()
    page.evaluate("() => window.vruDash.boot()")  # as the reader's next interaction would
    page.wait_for_function(GONE_JS)
    opened = page.evaluate("() => [...document.querySelectorAll('details.table-alternative')].map(d => d.open)")
    assert opened[1] and not opened[0], opened
    assert not page_log.errors()


def test_dash_that_cannot_load_leaves_the_page_working_and_says_so(page, dashboard_url):
    page.route(f"**{SUITES}**", lambda route: route.abort())
    page.goto(dashboard_url + "/reach", wait_until="networkidle")
    page.locator(COPY + " button.chart-facade").first.hover()
    expect(page.get_by_role("status").filter(has_text="could not be loaded")).to_be_visible()
    expect(page.locator(COPY)).to_be_visible()  # the page stays, with its figures, tables and links
    expect(page.locator(COPY + " details.table-alternative").first).to_be_visible()


def test_the_skip_link_works_on_the_page_before_dash_has_loaded(page, page_log, dashboard_url):
    page.goto(dashboard_url + "/kpis", wait_until="networkidle")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#first-paint-main"
    page.keyboard.press("Enter")
    expect(page.locator("#first-paint-main")).to_be_focused()
    page.keyboard.press("Tab")  # on to the page's first filter, still the first paint's
    assert page.evaluate("() => document.activeElement.dataset.control") == "kpis-area"
    assert not _dash_requests(page_log)
