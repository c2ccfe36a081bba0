"""What every page looks like: a screenshot of each public page at a phone's width (360 px) and a laptop's (1,280 px),
and of the internal attention page at 1,280 px, compared with the reference pictures in references/.

A page that changes how it looks fails here until someone has looked at it and updated its reference on purpose:
`make snapshots` writes every reference anew (tests/README.md). On a failure the screenshot and an image of the
pixels that differ are kept in .cache/snapshots/ (which git ignores). The pages are drawn on a fixed date
(tests/support/frozen_clock.py), from the small extracts' release, so nothing dated today changes them. Each
screenshot is the top of the page, down to HEIGHT_CAP_PX, to keep the references small.
"""

from __future__ import annotations

import os
import re
import time

import pytest

from tests.support import ROOT, snapshots
from tests.support.frozen_clock import FROZEN_AT
from tests.support.signin import sign_in

pytestmark = pytest.mark.slow

REFERENCES = ROOT / "tests" / "browser" / "visual" / "references"
FAILED = ROOT / ".cache" / "snapshots"
UPDATE = os.environ.get("VRU_UPDATE_SNAPSHOTS") == "1"  # set by `make snapshots`
WIDTHS = (360, 1280)
VIEWPORT_HEIGHT_PX = {360: 800, 1280: 900}
HEIGHT_CAP_PX = {360: 2400, 1280: 1800}
# A page per programme or per service: these stand for them.
EXAMPLES = {"programme_id": "divert", "service_id": "SVC001"}


def public_routes() -> list[str]:
    """Every public page of the registry, a path template filled with an example of each variable."""
    from dashboard.pages.registry import PUBLIC

    return [
        re.sub(r"<([^>]+)>", lambda m: EXAMPLES[m.group(1)], page.path_template) if page.path_template else page.path
        for page in PUBLIC
    ]


def _name(route: str, width: int) -> str:
    return f"{route.strip('/').replace('/', '-') or 'overview'}-{width}.png"


# Ready for a screenshot: every picture loaded, fonts in, Dash done where it runs (internal pages).
READY_JS = """() => document.fonts.status === 'loaded'
    && [...document.images].every(i => i.complete)
    && !document.querySelector('[data-dash-is-loading="true"]')"""


# Where every block of the page is: on a loaded machine a picture or a table can settle a pixel or two after the page
# says it is ready, which moves all below it.
LAYOUT_JS = """() => JSON.stringify([document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('main *')].filter(e => e.children.length === 0)
        .map(e => { const r = e.getBoundingClientRect();
                    return [r.top, r.left, r.width, r.height].map(Math.round); })])"""


def _wait_for_a_still_layout(page, *, checks: int = 3, every_ms: int = 250, timeout_s: float = 20) -> None:
    """Wait until the page's layout is the same `checks` times in a row, `every_ms` apart (or give up after
    `timeout_s` and let the comparison say what differs)."""
    deadline = time.monotonic() + timeout_s
    last, same = None, 0
    while same < checks and time.monotonic() < deadline:
        page.wait_for_timeout(every_ms)
        now = page.evaluate(LAYOUT_JS)
        same = same + 1 if now == last else 0
        last = now


def _shoot(browser, url: str, *, width: int, cookie: dict | None = None) -> bytes:
    context = browser.new_context(
        viewport={"width": width, "height": VIEWPORT_HEIGHT_PX[width]},
        device_scale_factor=1,
        locale="en-GB",
        timezone_id="Europe/London",
        reduced_motion="reduce",
    )
    try:
        if cookie:
            context.add_cookies([cookie])
        page = context.new_page()
        page.clock.set_fixed_time(FROZEN_AT)  # anything the page's scripts date, as the server does
        page.goto(url, wait_until="networkidle", timeout=120_000)
        page.wait_for_function(READY_JS, timeout=60_000)
        _wait_for_a_still_layout(page)
        height = min(page.evaluate("() => document.documentElement.scrollHeight"), HEIGHT_CAP_PX[width])
        return page.screenshot(
            full_page=True,
            clip={"x": 0, "y": 0, "width": width, "height": height},
            animations="disabled",
            caret="hide",
        )
    finally:
        context.close()


def _check(png: bytes, name: str) -> None:
    reference = REFERENCES / name
    if UPDATE:
        snapshots.save_reference(png, reference)
        return
    assert reference.exists(), f"no reference for {name}: look at the page, then run `make snapshots`"
    result, diff = snapshots.compare(png, reference)
    if not result.matches:
        FAILED.mkdir(parents=True, exist_ok=True)
        (FAILED / name).write_bytes(png)
        if diff is not None:
            diff.save(FAILED / name.replace(".png", "-diff.png"))
        pytest.fail(
            f"{name} looks different: {result.reason}. The screenshot and the differing pixels are in "
            f"{FAILED.relative_to(ROOT)}/; if the change is meant, run `make snapshots` and commit the references.",
            pytrace=False,
        )


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("route", public_routes())
def test_every_public_page_looks_as_its_reference(route, width, browser, frozen_public_url):
    name = _name(route, width)
    png = _shoot(browser, frozen_public_url + route, width=width)
    if not UPDATE and (REFERENCES / name).exists() and not snapshots.compare(png, REFERENCES / name)[0].matches:
        # Once more, in a new browser context: on a loaded machine a page can be caught before its last style is
        # applied. A page that really changed differs the second time too.
        png = _shoot(browser, frozen_public_url + route, width=width)
    _check(png, name)


def test_the_attention_page_looks_as_its_reference(browser, frozen_internal_url):
    # Signed in over HTTP, the session given to the browser as a cookie of the browsing session: the server's cookie
    # expires hours after the frozen time, which the browser's own clock has passed.
    cookie = {"name": "vru_session", "value": sign_in(frozen_internal_url), "url": frozen_internal_url}
    png = _shoot(browser, frozen_internal_url + "/internal/attention", width=1280, cookie=cookie)
    _check(png, _name("/internal/attention", 1280))
