"""The public dashboard in a real browser (headless Chromium, driven by Playwright).

One release and one gunicorn server for the whole file (tests/browser.py). Each route
is loaded once and checked three ways: no console errors and every chart drawn, no
request leaving the loopback host, and no WCAG 2.x A/AA violations found by axe-core.
Then the filters, the keyboard and the table alternatives are exercised on fresh pages.
"""

# The fixtures are imported from tests/browser.py, so their names are parameters here too.
from __future__ import annotations

import dataclasses
import html
import re
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

# Fixtures come from tests/browser.py, registered as a plugin in tests/conftest.py:
# importing them here as well would start a second Playwright in the same session.
from tests.support.browser import describe_violations, open_page, run_axe, settle

ROUTES = [
    "/",
    "/reach",
    "/geography",
    "/kpis",
    "/spend",
    "/programmes",
    "/programmes/divert",
    "/services",
    "/funding-need",
    "/revisions",
    "/about",
    "/about/data-dictionary",
]
# /kpis for all programmes is a table; its charts appear once a programme is chosen.
CHART_ROUTES = {"/reach", "/geography", "/spend", "/programmes/divert", "/funding-need", "/services"}
# Extra states checked by axe and for errors: a borough's own view drawn as tiles, one programme's KPI charts,
# services near a postcode and the message for a postcode outside London.
STATES = [
    *ROUTES,
    "/geography?view=tiles&borough=E09000022",
    "/kpis?programme=divert",
    "/services?postcode=SE1+7PB",
    "/services?postcode=M1+1AE",
]

pytestmark = pytest.mark.slow


@dataclasses.dataclass
class Visit:
    route: str
    errors: list[str]
    requests: list[str]
    plots: int
    plots_without_svg: list[str]
    graphs: int
    violations: list[dict]


@pytest.fixture(scope="module", params=STATES)
def visit(request, browser, dashboard_url, axe_script) -> Visit:
    """Load one route once; record errors, requests and charts, then run axe with every table shown."""
    route = request.param
    context, pg, log = open_page(browser)
    try:
        pg.goto(dashboard_url + route)
        settle(pg)
        plots = pg.locator(".js-plotly-plot")
        without_svg = pg.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
            .filter(p => !p.querySelector('.main-svg')).map(p => p.closest('.dash-graph')?.id || '(no id)')""")
        result = Visit(
            route=route,
            errors=log.errors(),
            requests=list(log.requests),
            plots=plots.count(),
            plots_without_svg=without_svg,
            graphs=pg.locator(".dash-graph").count(),
            violations=[],
        )
        # Check the table alternatives too, not only what shows before a <details> is opened.
        pg.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        result.violations = run_axe(pg, axe_script)
        result.errors = log.errors()
        return result
    finally:
        context.close()


def test_route_loads_without_errors_and_draws_its_charts(visit):
    assert not visit.errors, f"{visit.route}: the browser reported errors:\n" + "\n".join(visit.errors)
    path = urlsplit(visit.route).path
    if path in CHART_ROUTES or "programme=" in visit.route:
        assert visit.plots >= 1, f"{visit.route}: no chart on a chart page"
    assert visit.plots == visit.graphs, f"{visit.route}: {visit.graphs} dcc.Graph but {visit.plots} Plotly charts"
    assert not visit.plots_without_svg, f"{visit.route}: charts not drawn (no .main-svg): {visit.plots_without_svg}"


def test_route_requests_stay_on_the_server(visit, dashboard_url):
    # blob: URLs of the page's own origin are made in the browser (plotly.js turning a chart into a PNG), never fetched
    # from afar.
    allowed = (dashboard_url + "/", "data:", f"blob:{dashboard_url}/")
    outside = sorted({u for u in visit.requests if not u.startswith(allowed)})
    assert visit.requests, f"{visit.route}: no requests recorded"
    assert not outside, f"{visit.route}: requests leave the loopback host:\n" + "\n".join(outside)


def test_route_has_no_accessibility_violations(visit):
    assert not visit.violations, f"{visit.route}: axe-core found WCAG A/AA violations:\n" + describe_violations(
        visit.violations
    )


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _wait_for_query(page, key: str, value: str) -> None:
    page.wait_for_function("([k, v]) => new URLSearchParams(location.search).get(k) === v", arg=[key, value])
    assert _query(page).get(key) == [value], page.url


def _options(page, selector: str) -> list[tuple[str, str]]:
    return page.locator(f"{selector} option").evaluate_all(
        "os => os.filter(o => o.value).map(o => [o.value, o.textContent])"
    )


def test_reach_programme_filter_updates_the_chart_and_the_url_restores_it(page, dashboard_url):
    page.goto(dashboard_url + "/reach")
    settle(page)
    heading = page.locator(".chart-card", has=page.locator("#reach-trend")).locator("h2").first
    before = heading.inner_text()
    assert "all programmes" in before, before
    value, name = next((v, n) for v, n in _options(page, "#reach-programme") if v != "all")

    page.select_option("#reach-programme", value)
    expect(heading).to_contain_text(name)
    assert heading.inner_text() != before
    _wait_for_query(page, "programme", value)
    settle(page)

    page.reload()
    settle(page)
    expect(page.locator("#reach-programme")).to_have_value(value)
    expect(page.locator("#reach-programme option:checked")).to_have_text(name)
    expect(page.locator(".chart-card", has=page.locator("#reach-trend")).locator("h2").first).to_contain_text(name)
    assert _query(page).get("programme") == [value], page.url


def test_geography_borough_filter_and_tiles_view(page, dashboard_url):
    page.goto(dashboard_url + "/geography")
    settle(page)
    code, name = next((v, n) for v, n in _options(page, "#geography-borough") if v.startswith("E09"))

    page.select_option("#geography-borough", code)
    expect(
        page.get_by_role("heading", name=re.compile(rf"^{re.escape(name)} \((Inner|Outer) London\)$"))
    ).to_be_visible()
    _wait_for_query(page, "borough", code)
    settle(page)
    expect(page.locator("#geography-borough-trend .main-svg").first).to_be_attached()

    page.get_by_label("Equal-size tiles (London Squared)").check()
    _wait_for_query(page, "view", "tiles")
    assert _query(page).get("borough") == [code], page.url
    settle(page)
    expect(page.get_by_label("Equal-size tiles (London Squared)")).to_be_checked()
    # Tiles are a Plotly scatter in SVG, not a WebGL map.
    expect(page.locator("#geography-map .main-svg").first).to_be_attached()
    expect(page.locator("#geography-map canvas")).to_have_count(0)


def _skip_to_main(page) -> None:
    """Fresh page: the first Tab reaches the skip link, and Enter moves focus into <main>."""
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.textContent.trim(), "
        "document.activeElement.getAttribute('href')]"
    )
    assert focused == ["A", "Skip to main content", "#main"], focused
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('#main') !== null || location.hash === '#main'")


def _tab_to_first_select(page) -> str:
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "SELECT":
            break
    assert page.evaluate("() => document.activeElement === document.querySelector('#main select')"), (
        "Tab from the main content does not reach the first filter first: "
        + page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    )
    return page.evaluate("() => document.activeElement.id")


def _arrow_down_changes_content(page, select_id: str, content_id: str) -> str:
    select = page.locator(f"#{select_id}")
    before_text, before_value = page.locator(f"#{content_id}").inner_text(), select.input_value()
    page.keyboard.press("ArrowDown")
    chosen = select.input_value()
    assert chosen != before_value, "ArrowDown did not change the focused <select>"
    page.wait_for_function(
        "([id, before]) => document.getElementById(id).innerText !== before", arg=[content_id, before_text]
    )
    settle(page)
    return chosen


def test_keyboard_skip_link_then_first_filter(page, dashboard_url):
    # /kpis: its first filter (Priority area) changes what the page shows. One programme's
    # KPIs (not all 19 charts) keep the page quick; an area without it resets the programme.
    page.goto(dashboard_url + "/kpis?programme=divert")
    settle(page)
    _skip_to_main(page)
    settle(page)  # the skip link makes Dash rebuild the page (bug: see the test below); let it finish
    assert _tab_to_first_select(page) == "kpis-area"
    chosen = _arrow_down_changes_content(page, "kpis-area", "kpis-content")
    _wait_for_query(page, "area", chosen)
    expect(page.locator("#kpis-area")).to_have_value(chosen)
    expect(page.locator("#kpis-area")).to_be_focused()
    headline_areas = page.locator("#kpis-content .headline-label").all_inner_texts()
    assert headline_areas == [chosen], headline_areas


def test_filter_chosen_right_after_the_skip_link_is_kept(page, page_log, dashboard_url):
    page.goto(dashboard_url + "/kpis?programme=divert")
    settle(page)
    updates_before = sum("/_dash-update-component" in u for u in page_log.requests)
    _skip_to_main(page)
    assert _tab_to_first_select(page) == "kpis-area"
    page.keyboard.press("ArrowDown")  # straight away, as a keyboard user would
    chosen = page.locator("#kpis-area").input_value()
    assert chosen != "all"
    page.wait_for_timeout(300)
    settle(page)
    expect(page.locator("#kpis-area")).to_have_value(chosen, timeout=1000)
    expect(page.locator("#kpis-area")).to_be_focused(timeout=1000)
    assert _query(page).get("area") == [chosen], page.url
    # One round trip for the filter; none to rebuild the page.
    updates = [u for u in page_log.requests if "/_dash-update-component" in u][updates_before:]
    assert len(updates) == 1, f"{len(updates)} callback requests after the skip link and one filter change"


def test_programme_reset_by_area_stays_reset(page, dashboard_url, browser_release):
    page.goto(dashboard_url + "/reach?programme=divert")
    settle(page)
    assert page.locator("#reach-programme option:checked").inner_text().startswith("DIVERT")
    with sqlite3.connect(browser_release / "public.db") as db:
        area_of = dict(
            db.execute(
                "SELECT programme_id, priority_area FROM programmes WHERE release_id = (SELECT max(release_id) FROM "
                "programmes)"
            )
        )
    other = next(v for v, _ in _options(page, "#reach-area") if v not in ("all", area_of["divert"]))
    page.select_option("#reach-area", other)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('programme')")
    settle(page)
    expect(page.locator("#reach-programme option:checked")).to_have_text("All programmes")

    page.select_option("#reach-area", "all")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('area')")
    settle(page)
    expect(page.locator("#reach-programme option:checked")).to_have_text("All programmes", timeout=1000)
    assert "programme" not in _query(page), page.url
    expect(page.locator(".chart-card", has=page.locator("#reach-trend")).locator("h2").first).to_contain_text(
        "all programmes", timeout=1000
    )


def test_reach_chart_has_a_table_alternative(page, dashboard_url):
    page.goto(dashboard_url + "/reach")
    settle(page)
    card = page.locator(".chart-card").first
    details = card.locator("details").first
    table = details.locator("table")
    expect(table).to_be_hidden()

    details.locator("summary").click()
    expect(table).to_be_visible()
    caption = table.locator("caption")
    expect(caption).to_be_visible()
    assert caption.inner_text().strip() == card.locator("h2").first.inner_text().strip()
    assert table.locator("thead th[scope=col]").count() >= 2
    cells = table.locator("tbody td.text-end").all_inner_texts()
    assert cells, "the table has no numeric cells"
    assert all(re.fullmatch(r"\[c\]|\d{1,3}(,\d{3})*|not available", c.strip()) for c in cells), cells
    assert any(re.fullmatch(r"\d{1,3}(,\d{3})*", c.strip()) for c in cells), cells


def test_chart_exports_arrive_with_source_and_licence(browser, dashboard_url, tmp_path):
    """Given the reach page, when the gender chart is saved as PNG and SVG and its numbers as CSV, then a valid
    PNG, an SVG whose text carries the source, release and licence, and the CSV of that chart arrive."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(dashboard_url + "/reach?programme=girls-young-women&period=2023-24")
        settle(page)
        files = {}
        for fmt in ("png", "svg"):
            with page.expect_download() as download:
                page.click(f"button.chart-export[data-graph='reach-gender'][data-format='{fmt}']")
            files[fmt] = tmp_path / download.value.suggested_filename
            download.value.save_as(files[fmt])
        with page.expect_download() as download:
            page.click("a[href^='/download/reach/reach-gender.csv']")
        csv_name = download.value.suggested_filename
        csv_text = download.value.path().read_text()
    finally:
        context.close()
    assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = files["svg"].read_text()
    assert "Source: London Violence Reduction Unit, release" in svg and "Open Government Licence v3.0" in svg
    assert "Young people reached by gender" in svg and "programme: girls-young-women" in svg
    assert "[c]: suppressed" in svg
    assert csv_name.startswith("london-vru-reach-gender-girls-young-women-2023-24-release-")
    assert csv_text.splitlines()[0] == "Gender,Young people,release_id,licence"


def test_copy_link_copies_the_address_of_the_view(browser, dashboard_url):
    """Given the reach page for one programme, when 'Copy a link to this view' is pressed, then the
    clipboard holds the page's address with its filters, and the status says so."""
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=dashboard_url)
    page = context.new_page()
    try:
        page.goto(dashboard_url + "/reach?programme=divert&period=2023-24")
        settle(page)
        page.click("#reach-copy-link")
        expect(page.locator("#reach-copy-status")).to_contain_text("Link copied")
        copied = page.evaluate("() => navigator.clipboard.readText()")
    finally:
        context.close()
    assert copied.startswith(dashboard_url + "/reach?") and "programme=divert" in copied and "period=2023-24" in copied


def test_embed_draws_in_a_frame_on_another_site(browser, dashboard_url, axe_script):
    """Given a page on another origin with the copy-paste iframe, when it loads, then the chart draws inside
    the frame with no errors, and the embed page itself passes axe."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(dashboard_url + "/reach?programme=divert")
        settle(page)
        snippet = page.locator("#reach-trend-embed").input_value()
        assert snippet.startswith('<iframe src="' + dashboard_url + "/embed/reach/reach-trend?programme=divert")
        page.set_content(f"<html lang='en'><body><h1>A news story</h1>{snippet}</body></html>")
        frame = page.frame_locator("iframe")
        expect(frame.locator("#embed-chart .main-svg").first).to_be_visible(timeout=20_000)
        expect(frame.locator("text=See this chart on the London VRU dashboard")).to_be_visible()
        embed = context.new_page()
        embed.goto(html.unescape(snippet.split('src="')[1].split('"')[0]))  # the snippet is HTML: &amp; in its address
        embed.wait_for_load_state("networkidle")
        assert not run_axe(embed, axe_script)
    finally:
        context.close()
    assert not errors, errors


def test_a_filter_change_while_the_database_is_down_says_so(page, dashboard_url):
    """The server's 503 for a callback (tests/test_faults_postgres.py makes it with a stopped PostgreSQL) is
    answered here by the browser's route handler, to check what the page does with it: a notice that
    screen readers announce, gone after the next update that succeeds."""
    page.goto(dashboard_url + "/reach")
    settle(page)
    page.route(
        "**/_dash-update-component*",
        lambda route: route.fulfill(status=503, body="The figures are unavailable at the moment."),
    )
    value = next(v for v, _ in _options(page, "#reach-programme") if v != "all")
    page.select_option("#reach-programme", value)
    expect(page.locator("#unavailable-notice[role=alert]")).to_contain_text("The figures are unavailable at the moment")
    page.unroute("**/_dash-update-component*")
    page.select_option("#reach-programme", "all")
    expect(page.locator("#unavailable-notice")).to_have_count(0)


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
        # The filters are a form to the page's own address, with a button to send it.
        period = pg.get_by_role("combobox", name="Period")
        older = period.locator("option").nth(1).get_attribute("value")
        period.select_option(older)
        pg.get_by_role("button", name="Show these figures").click()
        pg.wait_for_load_state("load")
        assert f"period={older}" in pg.url
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
