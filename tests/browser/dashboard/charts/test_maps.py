"""The borough maps (dashboard/charts/maps.py) from the keyboard, in headless Chromium (assets/map-keys.js): the
interactive map takes the focus, the arrow keys name each borough in turn, in its hover label and in a status
message a screen reader reads out, and Enter chooses it as a click does."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

HOVER = "#geography-map .hoverlayer .hovertext"
STATUS = "body > p[role=status]"


@pytest.mark.parametrize("view", ["", "?view=tiles"], ids=["map", "tiles"])
def test_the_arrow_keys_name_each_borough_and_enter_chooses_it(view, page, page_log, dashboard_url):
    page.goto(dashboard_url + "/geography" + view, wait_until="networkidle")
    page.locator(".first-paint button.chart-facade").first.click()
    drawn = page.locator("#react-entry-point #geography-map .js-plotly-plot .main-svg").first
    expect(drawn).to_be_visible(timeout=30_000)  # Dash and plotly.js load on this first click
    the_map = page.locator("#geography-map")
    expect(the_map).to_have_attribute("tabindex", "0")
    expect(the_map).to_have_attribute("role", "application")
    the_map.focus()
    # Alphabetical: Barking and Dagenham first, then Barnet.
    expect(page.locator(HOVER)).to_contain_text("Barking and Dagenham")
    page.keyboard.press("ArrowRight")
    expect(page.locator(HOVER)).to_contain_text("Barnet")
    expect(page.locator(STATUS)).to_contain_text("Barnet:")
    page.keyboard.press("End")
    expect(page.locator(STATUS)).to_contain_text("Westminster")
    page.keyboard.press("Enter")
    page.wait_for_url("**borough=E09000033**")
    assert not page_log.errors()
