"""Browser fixtures: a real release, the public dashboard served by gunicorn, and Chromium.

Loaded as a pytest plugin by tests/conftest.py (`pytest_plugins`). What they need,
Debian's chromium and axe-core, `make test` fetches with scripts/test-browser-deps.sh.
Without them the fixtures FAIL, they do not skip: a suite that skipped its browser
tests would pass without ever loading a page.

Fixtures
- `browser_release` (session): a data folder holding public.db and internal.db,
  built by the ETL from small generated extracts.
- `dashboard_url` (session): base URL (http://127.0.0.1:<port>) of
  `gunicorn dashboard.app:server` in public mode on that release; stopped at the end.
- `browser` (session): headless Chromium driven by Playwright.
- `page` (function): a fresh page in its own browser context; `page_log` records
  its console errors, uncaught exceptions and every request URL.
- `axe_script` (session): path of axe.min.js (axe-core, injected to check accessibility).

Helpers: `settle(page)` waits until Dash has drawn the page and every chart; `run_axe(page)`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
DEPS_SCRIPT = "scripts/test-browser-deps.sh"
# Big enough for the disclosure audit to pass and every page to have published and [c] cells;
# small enough to build in about 12 s.
PARTICIPANTS = 12_000
SEED = 7
AS_OF = "2026-11-22"
SERVER_START_TIMEOUT = 60
NAVIGATION_TIMEOUT_MS = 90_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _fail_missing(what: str) -> None:
    pytest.fail(
        f"{what} The browser tests need it: run `make test`, or `bash {DEPS_SCRIPT}` (as root to install chromium).",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def browser_release(small_release) -> Path:
    """A live release in a data folder (public.db, internal.db): the session's small release (tests/conftest.py)."""
    return small_release


def _clean_env(**extra: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "VRU_PUBLIC_DATABASE_URL",
            "VRU_INTERNAL_DATABASE_URL",
            "VRU_PSEUDONYM_KEY",
            "VRU_MODE",
            "VRU_SECRET_KEY",
            "VRU_AUTH_DATABASE_URL",
        )
    }
    env.setdefault(
        "VRU_IMAGE_WARMUP", "0"
    )  # no background image drawing in the shared browser servers (tests/test_images.py tests it)
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The Procfile's worker model: gthread workers of this many threads.
GUNICORN_THREADS = 8


def gunicorn_command(port: int, *, workers: int, threads: int = GUNICORN_THREADS) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--no-control-socket",
        "dashboard.app:server",
    ]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def _gunicorn(
    env: dict, log_path: Path, *, workers: int = 1, wait_for_healthy: bool = True, wait_for_port_only: bool = False
) -> Iterator[str]:
    """gunicorn serving dashboard.app:server on a free loopback port, with the Procfile's worker model and
    VRU_PUBLIC_BASE_URL its own address (unless `env` sets it); yields
    its base URL once /healthz answers 200 (with wait_for_healthy=False, once it answers at all: the database
    may be down; with wait_for_port_only, once it accepts connections, before any request has reached it)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # As deployed: absolute links (embed snippets) from the configured address, here its own.
    env = {"VRU_PUBLIC_BASE_URL": base, **env}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            gunicorn_command(port, workers=workers), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while wait_for_port_only and not _listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not listen on {port}:\n{log_path.read_text()[-4000:]}", pytrace=False)
            time.sleep(0.05)
        while not wait_for_port_only:
            if proc.poll() is not None:
                pytest.fail(
                    f"gunicorn exited with {proc.returncode} before serving:\n{log_path.read_text()[-4000:]}",
                    pytrace=False,
                )
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as resp:
                    if resp.status == 200:
                        break
            except urllib.error.HTTPError as err:  # 503: serving, without its database
                err.close()
                if not wait_for_healthy:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the dashboard did not answer /healthz within {SERVER_START_TIMEOUT} "
                    f"s:\n{log_path.read_text()[-4000:]}",
                    pytrace=False,
                )
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def dashboard_url(browser_release, tmp_path_factory) -> Iterator[str]:
    """The public dashboard under gunicorn (one worker) on a free loopback port."""
    env = _clean_env(VRU_MODE="public", VRU_DATA_DIR=str(browser_release))
    with _gunicorn(env, tmp_path_factory.mktemp("browser-server") / "gunicorn.log") as base:
        yield base


INTERNAL_USER, INTERNAL_PASSWORD = "director", "correct horse battery staple"


def sign_in(page, base: str) -> None:
    """Sign in as INTERNAL_USER on the internal dashboard at `base` (the form submitted; the caller waits for where it
    leads)."""
    page.goto(base + "/signin")
    page.fill("#username", INTERNAL_USER)
    page.fill("#password", INTERNAL_PASSWORD)
    page.click("button[type=submit]")


@pytest.fixture(scope="session")
def internal_dashboard_url(browser_release, tmp_path_factory) -> Iterator[str]:
    """The internal dashboard under gunicorn, with one user (INTERNAL_USER) in a fresh user store."""
    folder = tmp_path_factory.mktemp("browser-internal")
    auth_url = f"sqlite:///{folder / 'auth.db'}"
    env = _clean_env(
        VRU_MODE="internal", VRU_DATA_DIR=str(browser_release), VRU_SECRET_KEY="k" * 64, VRU_AUTH_DATABASE_URL=auth_url
    )
    added = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "add-user", INTERNAL_USER],
        input=INTERNAL_PASSWORD + "\n",
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if added.returncode != 0:
        pytest.fail(f"could not add the test user: {added.stderr}", pytrace=False)
    with _gunicorn(env, folder / "gunicorn.log") as base:
        yield base


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_JS.is_file():
        _fail_missing(f"axe-core {AXE_VERSION} is missing ({AXE_JS.relative_to(ROOT)}).")
    return AXE_JS


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        _fail_missing(f"Debian's chromium is missing ({CHROMIUM}).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


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


@pytest.fixture
def _page_and_log(browser):
    context, page, log = open_page(browser)
    try:
        yield page, log
    finally:
        context.close()


@pytest.fixture
def page(_page_and_log):
    return _page_and_log[0]


@pytest.fixture
def page_log(_page_and_log) -> PageLog:
    return _page_and_log[1]


# Drawn: the page's <h1> is in, Dash is not loading anything, and every dcc.Graph holds a Plotly SVG.
_PAGE_DRAWN_JS = (
    """() => !!document.querySelector('#main h1') && !document.querySelector('[data-dash-is-loading="true"]')"""
)
_SETTLED_JS = """() => !!document.querySelector('#main h1')
    && !document.querySelector('[data-dash-is-loading="true"]')
    && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.js-plotly-plot .main-svg'))"""
_NO_PICTURES_LEFT_JS = """() => !document.querySelector('#react-entry-point button.chart-facade')"""


# A public page loads Dash when the reader first reaches for something that needs it (dashboard/ui/dash_on_demand.py):
# what every such interaction calls (tests/test_browser_on_demand.py tests the interactions themselves).
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
