"""Chromium driven by Playwright (the fixtures that start it and the servers it visits are in
tests/browser/conftest.py): a page that logs its errors, waiting until Dash has drawn a page, and axe-core's
accessibility checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from tests.support import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_VERSION = "4.14.1"
AXE_JS = ROOT / ".cache" / "axe" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
NAVIGATION_TIMEOUT_MS = 90_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclasses.dataclass
class PageLog:
    """What a page reported: console messages of type error, uncaught exceptions, every request URL."""

    console_errors: list[str] = dataclasses.field(default_factory=list)
    page_errors: list[str] = dataclasses.field(default_factory=list)
    requests: list[str] = dataclasses.field(default_factory=list)

    def errors(self) -> list[str]:
        return [f"console error: {e}" for e in self.console_errors] + [
            f"uncaught exception: {e}" for e in self.page_errors
        ]


def open_page(browser, *, timeout_ms: int = 20_000):
    """A fresh context and page with a PageLog attached; close the context when done."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(timeout_ms)
    # A page's load waits for its chart pictures (dashboard/charts/facade.py); on a fresh test server each view's
    # pictures are drawn on first request, by an image renderer that first has to start Chromium.
    context.set_default_navigation_timeout(max(timeout_ms, NAVIGATION_TIMEOUT_MS))
    page = context.new_page()
    log = PageLog()

    def on_console(msg):
        if msg.type == "error":
            loc = msg.location or {}
            log.console_errors.append(f"{msg.text} ({loc.get('url', '')}:{loc.get('lineNumber', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda err: log.page_errors.append(str(err)))
    page.on("request", lambda req: log.requests.append(req.url))
    return context, page, log


# Drawn: the page's <h1> is in, Dash is not loading anything, and every dcc.Graph holds a Plotly SVG.
_PAGE_DRAWN_JS = (
    """() => !!document.querySelector('#main h1') && !document.querySelector('[data-dash-is-loading="true"]')"""
)
_SETTLED_JS = """() => !!document.querySelector('#main h1')
    && !document.querySelector('[data-dash-is-loading="true"]')
    && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.js-plotly-plot .main-svg'))"""
_NO_PICTURES_LEFT_JS = """() => !document.querySelector('#react-entry-point button.chart-facade')"""
# A public page loads Dash when the reader first reaches for something that needs it (dashboard/ui/dash_on_demand.py):
# what every such interaction calls (tests/browser/dashboard/ui/test_dash_on_demand.py tests the interactions).
_START_DASH_JS = """() => window.vruDash && window.vruDash.boot()"""
# A public chart is first its picture in a button (dashboard/charts/facade.py); a click draws the interactive chart.
_DRAW_CHARTS_JS = (
    """() => document.querySelectorAll('#react-entry-point button.chart-facade').forEach(b => b.click())"""
)


def settle(page, *, timeout_ms: int = 20_000, charts: bool = True) -> None:
    """Start Dash as a reader's first interaction does, then wait until the network is quiet and Dash has
    drawn the page and (with `charts`, after a click on each chart's picture, as a reader's) its interactive charts.

    Does not raise if charts never draw: the tests' own assertions say which ones."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    page.evaluate(_START_DASH_JS)
    try:
        page.wait_for_function(_PAGE_DRAWN_JS, timeout=timeout_ms)
        if charts:
            page.evaluate(_DRAW_CHARTS_JS)
            page.wait_for_function(_NO_PICTURES_LEFT_JS, timeout=timeout_ms)
        page.wait_for_function(_SETTLED_JS, timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    page.wait_for_load_state("networkidle", timeout=timeout_ms)


AXE_URL_PATH = "/__browser-tests__/axe.min.js"


def run_axe(page, axe_path: Path) -> list[dict]:
    """axe-core's WCAG 2.x A and AA violations on the page as it is now.

    The dashboard's Content-Security-Policy allows scripts from its own origin only (no
    inline scripts), so axe is not inlined (add_script_tag(path=...)) but loaded from a
    same-origin URL that Playwright answers with the file: the policy stays enforced."""
    origin = page.evaluate("() => location.origin")
    url = origin + AXE_URL_PATH
    page.route(url, lambda route: route.fulfill(path=str(axe_path), content_type="text/javascript"))
    page.add_script_tag(url=url)
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )


def describe_violations(violations: list[dict], *, nodes: int = 3) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)] {v['helpUrl']}")
        for n in v["nodes"][:nodes]:
            summary = " ".join((n["summary"] or "").split())
            lines.append(f"    {n['target']}: {summary[:300]}")
    return "\n".join(lines)


def select_options(page, selector: str) -> list[tuple[str, str]]:
    """The (value, text) of every option of the <select> at `selector` that has a value."""
    return page.locator(f"{selector} option").evaluate_all(
        "os => os.filter(o => o.value).map(o => [o.value, o.textContent])"
    )
