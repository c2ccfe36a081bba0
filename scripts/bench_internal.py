"""Internal mode's part of `make bench-dashboard`: server time of every internal
page's callback on a release built from 1,000,000 participants.

Internal pages are built by Dash Pages' routing callback (POST /_dash-update-component with the
page's path and query), so that is what is timed: the body the browser sends for it is recorded
in headless Chromium once, signed in, then replayed with urllib for each internal page and, where
a page takes ?programme=, for several programmes. gunicorn runs one worker, restarted before each
round, so a round's first request per page and query is "cold" (nothing cached in that worker)
and its repeats "warm" (in the same worker).

    .venv/bin/python scripts/bench_dashboard.py --internal-only [--rounds 5]

Traffic goes only to 127.0.0.1; the number of requests is bounded (rounds x pages x (1 + repeats)).
"""

from __future__ import annotations

import copy
import http.cookiejar
import re
import secrets
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _dashserver import CHROMIUM, CHROMIUM_ARGS, UPDATE_PATH, Gunicorn, published, replay_headers, send

TARGET_WARM_P95_MS, TARGET_COLD_P95_MS = 100.0, 300.0
USER, PASSWORD = "bench-director", "bench " + secrets.token_hex(8)
# Page -> whether it takes ?programme= (then each round asks for other programmes).
PAGES = {
    "/internal/attention": False,
    "/internal/providers": True,
    "/internal/spend-profile": True,
    "/kpis/trajectories": True,
    "/internal/audit": False,
    "/internal/data-quality": False,
    "/internal/releases": False,
}
ROUTER_OUTPUT = "_pages_content"


def _sign_in(base: str) -> str:
    """Sign in over HTTP; the session cookie's Cookie header value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/signin", timeout=60).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"username": USER, "password": PASSWORD, "csrf_token": token, "next": "/internal/attention"}
    ).encode()
    opener.open(base + "/signin", data=data, timeout=60).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "vru_session" not in cookies:
        raise RuntimeError("could not sign in to the internal dashboard")
    return cookies


def _capture_router(base: str, cookie: str) -> tuple[dict, dict, str]:
    """The routing callback's body and headers as Chromium sends them when an internal page opens."""
    from playwright.sync_api import sync_playwright

    def routing(r) -> bool:
        return (
            r.method == "POST"
            and urllib.parse.urlsplit(r.url).path == UPDATE_PATH
            and ROUTER_OUTPUT in (r.post_data or "")
        )

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            name, value = cookie.split(";")[0].split("=", 1)
            context.add_cookies([{"name": name, "value": value, "url": base}])
            page = context.new_page()
            with page.expect_request(routing, timeout=180_000) as sent:
                page.goto(base + "/internal/attention", timeout=180_000)
            request = sent.value
            parts = urllib.parse.urlsplit(request.url)  # Dash 4 adds a signed ?endId= for the callback
            return request.post_data_json, request.headers, parts.path + (f"?{parts.query}" if parts.query else "")
        finally:
            browser.close()


def _for_page(body: dict, *, path: str, search: str) -> dict:
    out = copy.deepcopy(body)
    for item in out.get("inputs", []) + out.get("state", []):
        if item.get("id") == "_pages_location" and item.get("property") == "pathname":
            item["value"] = path
        elif item.get("id") == "_pages_location" and item.get("property") == "search":
            item["value"] = search
    return out


def _stats(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return float("nan"), float("nan"), float("nan")
    a = np.asarray(values)
    return float(np.percentile(a, 50)), float(np.percentile(a, 95)), float(a.max())


def run(data: Path, out: Path, *, rounds: int, repeats: int) -> dict:
    """Measure, print and return {page: {"cold": [...], "warm": [...], "errors": n}}."""
    from dashboard.access import users

    auth_url = f"sqlite:///{(out / 'bench-internal-auth.db').resolve()}"
    store = users.engine(auth_url)
    if USER in {name for name, *_ in users.list_users(store)}:
        users.remove_user(store, username=USER)
    users.add_user(store, username=USER, password=PASSWORD)
    programmes = [
        programme for programme, _area in published(f"sqlite:///{(data / 'internal.db').resolve()}")["programmes"]
    ]
    env = {
        "VRU_DATA_DIR": str(data.resolve()),
        "VRU_SECRET_KEY": secrets.token_hex(32),
        "VRU_AUTH_DATABASE_URL": auth_url,
        "VRU_COOKIE_SECURE": "0",
    }  # plain HTTP on loopback
    results = {page: {"cold": [], "warm": [], "errors": 0} for page in PAGES}
    # The browser's request is recorded on a server of its own, so that the first round starts cold too.
    server = Gunicorn(env=env, log=out / "bench-internal-gunicorn.log", workers=1, mode="internal")
    try:
        server.wait_ready()
        body, captured, path = _capture_router(server.base, _sign_in(server.base))
    finally:
        server.stop()
    headers = replay_headers(captured)
    print(
        f"\n(3) internal mode: page-routing callback replayed, 1 gunicorn worker restarted before each of {rounds} "
        "rounds, "
        f"{repeats} warm repeats (targets p95 at most {TARGET_WARM_P95_MS:.0f} ms warm, {TARGET_COLD_P95_MS:.0f} ms "
        "cold)"
    )
    for round_number in range(rounds):
        server = Gunicorn(env=env, log=out / "bench-internal-gunicorn.log", workers=1, mode="internal")
        try:
            server.wait_ready()
            cookie = _sign_in(server.base)
            for page, by_programme in PAGES.items():
                search = (
                    "?" + urllib.parse.urlencode({"programme": programmes[round_number % len(programmes)]})
                    if by_programme
                    else ""
                )
                request = _for_page(body, path=page, search=search)
                for i in range(1 + repeats):
                    r = send(server.base, "POST", path, headers=headers | {"Cookie": cookie}, body=request)
                    results[page]["cold" if i == 0 else "warm"].append(r["ms"])
                    results[page]["errors"] += not (r["status"] == 200 and ROUTER_OUTPUT.encode() in r["data"])
                results[page].setdefault("queries", []).append(search)
        finally:
            server.stop()
    print(
        f"  {'page':<26} | {'cold n':>6} {'p50':>7} {'p95':>7} {'max':>7} | {'warm n':>6} {'p50':>7} {'p95':>7} "
        f"{'max':>7} | {'errors':>6}"
    )
    for page, r in results.items():
        c, w = _stats(r["cold"]), _stats(r["warm"])
        verdict = "met" if c[1] <= TARGET_COLD_P95_MS and w[1] <= TARGET_WARM_P95_MS else "MISSED"
        print(
            f"  {page:<26} | {len(r['cold']):>6} {c[0]:>7.1f} {c[1]:>7.1f} {c[2]:>7.1f} | {len(r['warm']):>6} "
            f"{w[0]:>7.1f} {w[1]:>7.1f} {w[2]:>7.1f} |"
            f" {r['errors']:>6}  {verdict}"
        )
    asked = sorted({q for r in results.values() for q in r.get("queries", []) if q})
    print(f"  (pages taking ?programme= were asked for {', '.join(asked)}; milliseconds, connect to last byte)")
    return results
