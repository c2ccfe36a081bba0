"""The browser tier's fixtures: the public and internal dashboards served by gunicorn on the session's small release,
and headless Chromium driven by Playwright (tests/support/browser.py).

What they need, Debian's chromium and axe-core, `make test` fetches with scripts/test-browser-deps.sh. Without them
the fixtures FAIL, they do not skip: a suite that skipped its browser tests would pass without ever loading a page.

- `browser_release` (session): a data folder holding public.db and internal.db (tests/conftest.py's small release).
- `dashboard_url` (session): base URL (http://127.0.0.1:<port>) of `gunicorn dashboard.app:server` in public mode on
  that release; stopped at the end. `internal_dashboard_url` (session): the same in internal mode, with the tests'
  one user (tests/support/signin.py).
- `browser` (session): headless Chromium driven by Playwright.
- `page` (function): a fresh page in its own browser context; `page_log` records its console errors, uncaught
  exceptions and every request URL.
- `axe_script` (session): path of axe.min.js (axe-core, injected to check accessibility).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT
from tests.support.browser import AXE_JS, AXE_VERSION, CHROMIUM, CHROMIUM_ARGS, PageLog, open_page
from tests.support.servers import gunicorn_server, server_env
from tests.support.signin import internal_server

DEPS_SCRIPT = "scripts/test-browser-deps.sh"


def _fail_missing(what: str) -> None:
    pytest.fail(
        f"{what} The browser tests need it: run `make test`, or `bash {DEPS_SCRIPT}` (as root to install chromium).",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def browser_release(small_release) -> Path:
    """A live release in a data folder (public.db, internal.db): the session's small release (tests/conftest.py)."""
    return small_release


@pytest.fixture(scope="session")
def dashboard_url(browser_release, tmp_path_factory) -> Iterator[str]:
    """The public dashboard under gunicorn (one worker) on a free loopback port."""
    env = server_env(VRU_MODE="public", VRU_DATA_DIR=str(browser_release))
    with gunicorn_server(env, tmp_path_factory.mktemp("browser-server") / "gunicorn.log") as base:
        yield base


@pytest.fixture(scope="session")
def internal_dashboard_url(browser_release, tmp_path_factory) -> Iterator[str]:
    """The internal dashboard under gunicorn, with one user (USERNAME) in a fresh user store."""
    with internal_server(browser_release, tmp_path_factory.mktemp("browser-internal")) as base:
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
