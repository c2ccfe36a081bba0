"""The services directory's search in a real browser (dashboard/pages/services.py, headless Chromium): postcode
look-ups typed as a person would, words with a service area, age and referral route chosen by keyboard, a click on
the map, the state kept in the URL, and the page passing axe-core's WCAG 2.2 AA checks."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.browser import describe_violations, run_axe, settle

pytestmark = pytest.mark.slow
COUNT = re.compile(r"^([\d,]+) services? match")


def _count(page) -> int:
    text = page.locator("#services-content [role=status] strong").inner_text()
    return int(COUNT.match(text).group(1).replace(",", ""))


def _cards(page) -> int:
    return page.locator("#services-content .service-card").count()


def _query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def _search_postcode(page, text: str) -> None:
    box = page.locator("#services-postcode")
    box.fill(text)
    box.press("Enter")  # debounced: the search runs on Enter or when the box loses focus


@pytest.mark.parametrize(
    ("typed", "message", "in_url", "finds"),
    [
        (
            "se1 7pb",
            "SE1 7PB is in postcode district SE1, which covers parts of Southwark and Lambeth",
            "SE1 7PB",
            True,
        ),
        ("CR0", "Postcode district CR0, which covers parts of Croydon", "CR0", True),
        ("M1 1AE", "M1 1AE is outside London", "M1 1AE", False),
        ("XYZ!", "“XYZ!” is not a UK postcode or postcode district", "XYZ!", False),
    ],
)
def test_postcode_lookups(page, dashboard_url, typed, message, in_url, finds):
    page.goto(dashboard_url + "/services")
    settle(page)
    everything = _count(page)
    _search_postcode(page, typed)
    expect(page.locator("#services-postcode-message")).to_contain_text(message)
    page.wait_for_function("v => new URLSearchParams(location.search).get('postcode') === v", arg=in_url)
    settle(page)
    found = _count(page)
    assert found == _cards(page)
    assert (0 < found < everything) if finds else found == 0


def test_an_emptied_postcode_box_shows_every_service_again(page, dashboard_url):
    page.goto(dashboard_url + "/services?postcode=SE1+7PB")
    settle(page)
    near = _count(page)
    _search_postcode(page, "")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('postcode')")
    settle(page)
    expect(page.locator("#services-postcode-message")).to_have_count(0)
    assert _count(page) == _cards(page) > near


def test_words_service_area_and_postcode_combine_and_survive_a_reload(page, dashboard_url):
    page.goto(dashboard_url + "/services")
    settle(page)
    area = page.locator("#services-area option").evaluate_all(
        "os => os.map(o => o.value).filter(v => v && v !== 'all')"
    )[0]
    page.select_option("#services-area", area)
    page.wait_for_function("v => new URLSearchParams(location.search).get('area') === v", arg=area)
    settle(page)
    in_area = _count(page)
    _search_postcode(page, "N1")
    page.wait_for_function("() => new URLSearchParams(location.search).get('postcode') === 'N1'")
    settle(page)
    both = _count(page)
    assert both <= in_area and both == _cards(page)
    assert all(f" · {area} · " in t for t in page.locator("#services-content .service-card").all_inner_texts())

    page.reload()
    settle(page)
    expect(page.locator("#services-area")).to_have_value(area)
    expect(page.locator("#services-postcode")).to_have_value("N1")
    assert _count(page) == both and _query(page) == {"postcode": ["N1"], "area": [area]}


def test_a_click_on_the_map_chooses_that_borough(page, dashboard_url):
    """Headless Chromium draws the WebGL map but gives it no pointer hits (plotly's hover data stay
    empty), so the click is the event plotly emits for a click on Hackney; dcc.Graph, the callback
    and the URL are real."""
    page.goto(dashboard_url + "/services")
    settle(page)
    # dcc.Graph binds its click handler only once plotly has drawn the map, which on a loaded
    # machine can be after the page has settled: emit until the click is taken (a click on the
    # same borough again changes nothing).
    page.wait_for_function(
        """() => {
        if (new URLSearchParams(location.search).get('borough') === 'E09000012') return true;
        const map = document.querySelector('#services-map .js-plotly-plot');
        if (map && map.emit) map.emit('plotly_click', {points: [{location: 'E09000012', curveNumber: 0, pointNumber:
        11}], event: {}});
        return false;
    }""",
        polling=1000,
        timeout=30_000,
    )
    expect(page.locator("#services-borough")).to_have_value("E09000012")
    expect(page.locator("#services-content [role=status]")).to_contain_text("in Hackney")


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
