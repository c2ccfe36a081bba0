"""The services directory's search in a real browser (dashboard/pages/services.py, headless Chromium): postcode
look-ups typed as a person would, words with a service area, age and referral route chosen by keyboard, a click on
the map, the list's pages and order, the state kept in the URL, and the page passing axe-core's WCAG 2.2 AA checks."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.register.directory import PER_PAGE
from tests.support.browser import describe_violations, run_axe, settle

pytestmark = pytest.mark.slow
COUNT = re.compile(r"^([\d,]+) services? match")


def _count(page) -> int:
    text = page.locator("#services-content [role=status] strong").inner_text()
    return int(COUNT.match(text).group(1).replace(",", ""))


def _rows(page) -> int:
    """The rows of the list's page shown (at most PER_PAGE)."""
    return page.locator("#services-content .service-row").count()


def _listed(page) -> int:
    """How many services the list holds: the rows shown, or all the matches when there is more than one page."""
    return min(_count(page), PER_PAGE) if _rows(page) == PER_PAGE else _rows(page)


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
    assert _rows(page) == min(found, PER_PAGE)
    assert (0 < found < everything) if finds else found == 0


def test_an_emptied_postcode_box_shows_every_service_again(page, dashboard_url):
    page.goto(dashboard_url + "/services?postcode=SE1+7PB")
    settle(page)
    near = _count(page)
    _search_postcode(page, "")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('postcode')")
    settle(page)
    expect(page.locator("#services-postcode-message")).to_have_count(0)
    assert _count(page) > near and _rows(page) == min(_count(page), PER_PAGE)


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
    assert both <= in_area and _rows(page) == min(both, PER_PAGE)
    assert all(f"{area} · " in t for t in page.locator("#services-content .service-row").all_inner_texts())

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
    assert _rows(page) == min(both, PER_PAGE)
    assert parse_qs(urlsplit(page.url).query) == {"age": ["15"], "route": ["police"]}
    first = page.locator("#services-content .service-row a").first
    assert re.fullmatch(r"/services/SVC\d+", first.get_attribute("href"))
    violations = run_axe(page, axe_script)
    assert violations == [], describe_violations(violations)


def test_the_lists_pages_and_order_by_keyboard_and_a_new_order_starts_at_the_first_page(
    page, dashboard_url, axe_script
):
    """Given 29 services, when Next is followed by keyboard, then the address says page 2 and the list is numbered
    from 21, its page link marked current; when the order is changed, then the list is back on page 1 in that order."""
    page.goto(dashboard_url + "/services")
    settle(page)
    assert _count(page) > PER_PAGE and _rows(page) == PER_PAGE
    page.get_by_role("navigation", name="Pages of the services list").get_by_role("link", name="Next page, 2").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/services\?page=2$"))
    settle(page)
    expect(page.locator("#services-results")).to_have_attribute("start", "21")
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("2")
    page.locator("#services-sort").select_option("funding")
    page.wait_for_function("() => location.search === '?sort=funding'")
    settle(page)
    expect(page.locator("#services-content")).to_contain_text("Showing 1 to 20 of")
    assert run_axe(page, axe_script) == []


def test_the_lists_pages_work_without_javascript(browser, dashboard_url):
    """With scripts off, the first paint's page links lead to the next page of the list, and the sort is a form."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(dashboard_url + "/services")
        page.get_by_role("link", name="Next page, 2").first.click()
        page.wait_for_url(re.compile(r"/services\?page=2$"))
        assert page.locator(".service-row").count() > 0
        expect(page.locator(".pagination [aria-current=page]").first).to_have_text("2")
        page.locator("select[name=sort]").first.select_option("rating")
        page.get_by_role("button", name="Show these figures").first.click()
        page.wait_for_url(re.compile(r"sort=rating"))
        assert "page=" not in page.url  # a new search starts at the first page
    finally:
        context.close()


# ------------------------------------------------------------------ at MOPAC's scale
SERVICES_AT_SCALE = 300  # MOPAC commissions about £90m a year of services: hundreds, not the demo's 29
HEIGHT_LIMIT_PX = 6_000  # /services at 1,280 px wide with 300 services: a long page, but one a reader can scroll


@pytest.fixture(scope="module")
def register_at_scale(tmp_path_factory):
    """The public dashboard under gunicorn on a release whose register holds 300 services (vru-etl generate
    --services 300)."""
    from etl import pipeline
    from etl.demo.generate import generate
    from tests.support.extracts import AS_OF_DATE, SEED, SMALL_PARTICIPANTS
    from tests.support.servers import gunicorn_server, server_env

    folder = tmp_path_factory.mktemp("register-at-scale")
    generate(
        folder / "extracts", participants=SMALL_PARTICIPANTS, seed=SEED, as_of=AS_OF_DATE, services=SERVICES_AT_SCALE
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(folder))
        pipeline.run(
            folder / "extracts",
            demo=True,
            as_of=AS_OF_DATE,
            internal_url=f"sqlite:///{folder / 'internal.db'}",
            public_url=f"sqlite:///{folder / 'public.db'}",
        )
    env = server_env(VRU_MODE="public", VRU_DATA_DIR=str(folder))
    with gunicorn_server(env, folder / "gunicorn.log") as base:
        yield base


@pytest.mark.parametrize("query", ["", "?sort=funding&page=15", "?postcode=SE1"])
def test_the_directory_of_300_services_is_at_most_6000_px_tall_at_1280_px(browser, register_at_scale, query):
    """Given 300 services, when /services is shown at 1,280 px (as first painted, and once Dash has drawn it), then
    the page is at most 6,000 px tall, the list shows 20 of them, and its pages reach the last service."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(register_at_scale + "/services" + query)
        first_paint = page.evaluate("() => document.documentElement.scrollHeight")
        settle(page)
        drawn = page.evaluate("() => document.documentElement.scrollHeight")
        assert max(first_paint, drawn) <= HEIGHT_LIMIT_PX, (query, first_paint, drawn)
        if not query:
            assert _count(page) == SERVICES_AT_SCALE and _rows(page) == PER_PAGE
            expect(page.locator(".pagination").get_by_role("link", name="Page 15")).to_have_count(1)
    finally:
        context.close()
