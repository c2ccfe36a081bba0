"""The public dashboard in a real browser (headless Chromium, driven by Playwright), route by route.

One release and one gunicorn server for the whole session (tests/browser/conftest.py). Each route is loaded once
and checked three ways: no console errors and every chart drawn, no request leaving the loopback host, and no WCAG
2.x A/AA violations found by axe-core.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

import pytest

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
    "/services/SVC001",
    "/funding-need",
    "/revisions",
    "/about",
    "/about/data-dictionary",
]
# /kpis for all programmes is a table; its charts appear once a programme is chosen.
CHART_ROUTES = {
    "/reach",
    "/geography",
    "/spend",
    "/programmes/divert",
    "/funding-need",
    "/services",
    "/services/SVC001",
}
# Extra states checked by axe and for errors: a borough's own view drawn as tiles, one programme's KPI charts,
# services near a postcode and the message for a postcode outside London.
STATES = [
    *ROUTES,
    "/geography?view=tiles&borough=E09000022",
    "/kpis?programme=divert",
    "/services?postcode=SE1+7PB",
    "/services?postcode=M1+1AE",
    "/services?sort=funding&page=2",
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
