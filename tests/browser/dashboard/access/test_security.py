"""The Content-Security-Policy without 'unsafe-eval' in real Chromium (dashboard/access/security.py): with eval
allowed, a script injected into a page could run any text as code.

The policy is the app's own, served by gunicorn: every chart on the pages with the most
kinds of chart (bars and lines, the borough map (plotly's SVG choropleth), boxes and
scatters) must draw, and the browser must report no violation of the policy.
"""

from __future__ import annotations

import pytest

from tests.support.browser import open_page, settle

pytestmark = pytest.mark.slow

ROUTES = ["/reach", "/geography", "/spend"]
# Every violation the document sees; Chromium also logs each one as a console error.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
    `${e.effectiveDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.mark.parametrize("route", ROUTES)
def test_charts_draw_under_a_policy_without_eval(browser, dashboard_url, route):
    """Given the dashboard's own CSP, which allows no eval, when a chart page loads in Chromium, then every
    chart draws (the map too) and no violation is reported."""
    context, page, log = open_page(browser)
    try:
        context.add_init_script(RECORD_VIOLATIONS)
        response = page.goto(dashboard_url + route)
        policy = response.headers["content-security-policy"]
        script_src = next(part for part in policy.split("; ") if part.startswith("script-src"))
        assert "'unsafe-eval'" not in script_src
        settle(page)
        violations = page.evaluate("() => window.__cspViolations")
        console = [e for e in log.console_errors if "Content Security Policy" in e or "unsafe-eval" in e]
        assert not violations and not console, f"{route}: the browser refused something:\n" + "\n".join(
            violations + console
        )
        graphs = page.locator(".dash-graph").count()
        drawn = page.locator(".dash-graph .js-plotly-plot .main-svg").evaluate_all(
            "svgs => new Set(svgs.map(s => s.closest('.dash-graph').id)).size"
        )
        assert graphs >= 1 and drawn == graphs, f"{route}: {drawn} of {graphs} charts drawn"
        if route == "/geography":
            # The borough map is plotly's SVG choropleth: one path per borough, no WebGL, no worker.
            page.wait_for_function("() => document.querySelectorAll('#geography-map .choroplethlocation').length >= 30")
            assert page.locator("#geography-map canvas").count() == 0
        assert not log.errors(), f"{route}: " + "\n".join(log.errors())
    finally:
        context.close()
