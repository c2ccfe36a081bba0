"""Benchmark of the public dashboard at benchmark scale (a release from 1,000,000 participants).

Builds a release from the benchmark extract (bench-out/extracts-N, made as
scripts/bench_etl.py makes it; a release under bench-out/release-N is reused while it
is newer than the extract and the ETL code), serves it with gunicorn (2 workers, on a
free loopback port, public mode) and prints:

1. First load: what a first visit to a page (default `/`, plus the pages with charts)
   transfers in headless Chromium with an empty cache, until the network is idle: the
   sum of the encoded (on-the-wire, compressed, incl. headers) sizes from the CDP event
   Network.loadingFinished, the decoded size, and the largest resources.
2. Callback server time: the real POST /_dash-update-component bodies the browser sends
   when a filter changes on /, /reach, /geography, /kpis and /spend are recorded, then
   replayed with urllib against the server with the filter values varied over the
   published programmes, periods and boroughs. For each filter combination the first
   request is "cold" (no worker has built that view yet) and the repeats are "warm".

3. Internal mode (scripts/bench_internal.py): every internal page's routing callback,
   signed in, cold and warm, from the same release's internal database.

    .venv/bin/python scripts/bench_dashboard.py [--participants N] [--out bench-out] [--requests 40]
                                                [--internal-only | --no-internal] [--rounds 5]

Targets compared: first load at most 1.5 MB transferred; callback p95 at most 100 ms.
A benchmark, not a test: it prints figures and asserts nothing. Traffic goes only to
127.0.0.1, and the number of requests is bounded.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench_etl  # the extract folder convention: bench-out/extracts-N, its seed and date
import bench_internal
from _dashserver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FILTER_PAGES,
    UPDATE_PATH,
    Gunicorn,
    capture,
    etl_run,
    header,
    post,
    published,
    replay_headers,
)
from _page_choices import combinations

TARGET_FIRST_LOAD_BYTES = 1_500_000  # 1.5 MB (decimal, as the figures below)
TARGET_P95_MS = 100.0
# The pages whose filter callback is timed: route -> (prefix of its component ids, the filter changed).
PAGES = {route: FILTER_PAGES[route] for route in ("/", "/reach", "/geography", "/kpis", "/spend")}


# --------------------------------------------------------------------------- release


def _newest_mtime(paths) -> float:
    return max((p.stat().st_mtime for p in paths if p.is_file()), default=0.0)


def _release(extracts: Path, out: Path, participants: int, rebuild: bool) -> tuple[Path, str]:
    """The data dir holding public.db: reused if newer than the extract and the ETL code, else built."""
    data = out / f"release-{participants}"
    public = data / "public.db"
    inputs = [
        *extracts.glob("*.csv"),
        extracts / ".bench-params",
        *(ROOT / "etl").rglob("*.py"),
        *(ROOT / "sql").glob("*.sql"),
    ]
    if not rebuild and public.exists() and public.stat().st_mtime > _newest_mtime(inputs):
        return data, "reused"
    tmp = Path(tempfile.mkdtemp(prefix=f".release-{participants}-", dir=out))
    started = time.perf_counter()
    try:
        etl_run(extracts, data_dir=tmp, as_of=bench_etl.AS_OF)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if data.exists():
        shutil.rmtree(data)
    tmp.rename(data)  # only a finished release is ever reused
    return data, f"built in {time.perf_counter() - started:.1f} s"


# --------------------------------------------------------------------------- first load


def first_load(browser, url: str) -> dict:
    """Every request of a first visit with an empty cache, until the network is idle."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # a new context has an empty cache
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        requests: dict[str, dict] = {}

        def sent(e):
            requests.setdefault(
                e["requestId"],
                {
                    "url": e["request"]["url"],
                    "method": e["request"]["method"],
                    "decoded": 0,
                    "encoded": None,
                    "encoding": "",
                    "type": e.get("type", ""),
                    "failed": False,
                },
            )

        def received(e):
            r = requests.get(e["requestId"])
            if r is not None:
                r["encoding"] = header(e["response"].get("headers", {}), "content-encoding")
                r["status"] = e["response"].get("status")

        def data(e):
            if e["requestId"] in requests:
                requests[e["requestId"]]["decoded"] += e["dataLength"]

        def finished(e):
            if e["requestId"] in requests:
                requests[e["requestId"]]["encoded"] = e["encodedDataLength"]

        def failed(e):
            if e["requestId"] in requests:
                requests[e["requestId"]]["failed"] = True

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.responseReceived", received)
        cdp.on("Network.dataReceived", data)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", failed)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        started = time.perf_counter()
        page.goto(url, wait_until="networkidle", timeout=180_000)
        seconds = time.perf_counter() - started
        page.wait_for_timeout(1500)  # anything loaded late (lazy chunks) is counted too
        if page.locator("#_dash-global-error-container, .dash-fe-error__title").count():
            print(f"  warning: {url} shows a Dash error", file=sys.stderr)
        rows = [r for r in requests.values() if r["url"].startswith("http")]
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        return {
            "elsewhere": sorted({r["url"] for r in rows if not r["url"].startswith(origin + "/")}),
            "requests": len(rows),
            "unfinished": sum(1 for r in rows if r["encoded"] is None or r["failed"]),
            "encoded": sum(r["encoded"] or 0 for r in rows),
            "decoded": sum(r["decoded"] for r in rows),
            "seconds": seconds,
            "resources": sorted(rows, key=lambda r: -(r["encoded"] or 0)),
        }
    finally:
        context.close()


# --------------------------------------------------------------------------- callback replay


def measure_callbacks(base: str, captured: dict, published: dict, requests: int, repeats: int, seed: int) -> dict:
    """Per page: cold and warm timings. Each combination is sent 1 + `repeats` times in a row."""
    rng = random.Random(seed)
    per = repeats + 1
    results = {}
    for page, _ in PAGES.values():
        change = captured[page].change
        if change is None:
            continue
        body, path, headers = change["body"], change["path"], replay_headers(change["headers"])
        combos = combinations(
            body, page, published, captured[page].seen, max(1, requests // per), rng, choices=captured[page].choices
        )
        cold, warm, bad, sizes = [], [], 0, []
        for combo in combos:
            for i in range(per):
                r = post(base, path, combo, headers, page)
                (cold if i == 0 else warm).append(r["ms"])
                bad += not r["ok"]
                sizes.append(r["bytes"])
        results[page] = {
            "cold": cold,
            "warm": warm,
            "errors": bad,
            "combinations": len(combos),
            "bytes": float(np.mean(sizes)) if sizes else 0.0,
        }
    return results


# --------------------------------------------------------------------------- report


def _mb(n: float) -> str:
    return f"{n / 1e6:,.2f} MB"


def _kb(n: float) -> str:
    return f"{n / 1e3:,.1f} kB"


def _stats(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return float("nan"), float("nan"), float("nan")
    a = np.asarray(values)
    return float(np.percentile(a, 50)), float(np.percentile(a, 95)), float(a.max())


def _short(url: str, base: str) -> str:
    path = url.removeprefix(base)
    return path if len(path) <= 78 else path[:36] + "..." + path[-39:]


def print_first_load(loads: dict, base: str) -> None:
    print(
        f"\n(1) first load, empty cache, until network idle (target: at most {_mb(TARGET_FIRST_LOAD_BYTES)} "
        "transferred)"
    )
    print(f"  {'page':<12} {'requests':>8} {'elsewhere':>9} {'transferred':>12} {'decoded':>11} {'load s':>7}  target")
    for route, r in loads.items():
        verdict = "met" if r["encoded"] <= TARGET_FIRST_LOAD_BYTES else "MISSED"
        extra = f" ({r['unfinished']} unfinished)" if r["unfinished"] else ""
        print(
            f"  {route:<12} {r['requests']:>8} {len(r['elsewhere']):>9} {_mb(r['encoded']):>12} "
            f"{_mb(r['decoded']):>11} {r['seconds']:>7.1f}  {verdict}{extra}"
        )
    print("  ('elsewhere': requests to any other host, e.g. a CDN; 'transferred' includes response headers)")
    for route, r in loads.items():
        for u in r["elsewhere"]:
            print(f"  {route} also asked for {u}")
        for res in r["resources"]:
            if res["encoded"] is None or res["failed"]:
                print(f"  {route}: not finished or failed (not counted): {res['method']} {_short(res['url'], base)}")
    first = next(iter(loads))
    heaviest = max(loads, key=lambda route: loads[route]["encoded"])
    for route in dict.fromkeys([first, heaviest]):
        r = loads[route]
        print(f"  largest 5 resources of {route} (transferred / decoded, encoding):")
        for res in r["resources"][:5]:
            print(
                f"    {_kb(res['encoded'] or 0):>10} / {_kb(res['decoded']):>10}  {res['encoding'] or 'identity':<8} "
                f"{_short(res['url'], base)}"
            )


def print_callbacks(results: dict, requests: int, repeats: int) -> None:
    print(
        f"\n(2) server time per filter callback, POST {UPDATE_PATH} replayed on loopback "
        f"(about {requests} per callback: each combination once cold, then {repeats} warm repeats; target p95 at most "
        f"{TARGET_P95_MS:.0f} ms)"
    )
    print(
        f"  {'callback':<10} {'combos':>6} | {'cold n':>6} {'p50':>7} {'p95':>7} {'max':>7} | {'warm n':>6} {'p50':>7} "
        f"{'p95':>7} {'max':>7} | {'resp':>9} {'errors':>6}"
    )
    all_cold, all_warm = [], []
    for page, r in results.items():
        c, w = _stats(r["cold"]), _stats(r["warm"])
        all_cold += r["cold"]
        all_warm += r["warm"]
        print(
            f"  {page:<10} {r['combinations']:>6} | {len(r['cold']):>6} {c[0]:>7.1f} {c[1]:>7.1f} {c[2]:>7.1f} | "
            f"{len(r['warm']):>6} {w[0]:>7.1f} {w[1]:>7.1f} {w[2]:>7.1f} | {_kb(r['bytes']):>9} {r['errors']:>6}"
        )
    c, w = _stats(all_cold), _stats(all_warm)
    print(
        f"  {'overall':<10} {'':>6} | {len(all_cold):>6} {c[0]:>7.1f} {c[1]:>7.1f} {c[2]:>7.1f} | "
        f"{len(all_warm):>6} {w[0]:>7.1f} {w[1]:>7.1f} {w[2]:>7.1f} |"
    )
    print("  (milliseconds, connect to last byte; 'resp' is the mean compressed response size)")
    for label, stats in (("cold", c), ("warm", w)):
        print(
            f"  target p95 <= {TARGET_P95_MS:.0f} ms, {label}: {'met' if stats[1] <= TARGET_P95_MS else 'MISSED'} "
            f"({stats[1]:.1f} ms overall)"
        )
    for page, r in results.items():
        for label in ("cold", "warm"):
            p95 = _stats(r[label])[1]
            if p95 > TARGET_P95_MS:
                print(f"    {page} {label}: p95 {p95:.1f} ms over the target")
    print(
        "  note: with 2 gunicorn workers, each keeping its own query cache, a warm repeat can be the first request "
        "for that combination in the other worker."
    )


# --------------------------------------------------------------------------- main


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--participants", type=int, default=1_000_000)
    p.add_argument("--out", type=Path, default=Path("bench-out"))
    p.add_argument("--requests", type=int, default=40, help="replayed requests per callback (default 40)")
    p.add_argument("--repeats", type=int, default=3, help="warm repeats after each cold request (default 3)")
    p.add_argument(
        "--first-load",
        default=",".join(PAGES),
        help="comma-separated pages to measure a first load of, `/` first (default: the five filtered pages)",
    )
    p.add_argument("--rebuild", action="store_true", help="build the release even if bench-out holds a current one")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--internal-only", action="store_true", help="measure internal mode only (part 3)")
    p.add_argument("--no-internal", action="store_true", help="measure public mode only (parts 1 and 2)")
    p.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="internal mode: server restarts, each giving one cold request per page (default 5)",
    )
    args = p.parse_args()
    if not 1 <= args.requests <= 400 or not 0 <= args.repeats <= 20:
        p.error("--requests must be 1..400 and --repeats 0..20")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the server is stopped on SIGTERM too
    out = args.out.resolve()
    extracts = out / f"extracts-{args.participants}"
    extracts.mkdir(parents=True, exist_ok=True)
    gen_seconds = bench_etl._generate(extracts, args.participants)
    print(
        f"extract: {extracts.relative_to(ROOT) if extracts.is_relative_to(ROOT) else extracts}"
        + (f" (generated in {gen_seconds:.1f} s)" if gen_seconds else " (cached)")
    )
    data, how = _release(extracts, out, args.participants, args.rebuild)
    database_url = f"sqlite:///{(data / 'public.db').resolve()}"
    values = published(database_url)
    print(
        f"release: {data / 'public.db'} ({how}); {len(values['programmes'])} programmes, {len(values['periods'])} "
        "periods, "
        f"{len(values['boroughs'])} boroughs"
    )

    if not args.internal_only:
        _public(args, out, data, values)
    if not args.no_internal:
        bench_internal.run(data, out, rounds=max(1, min(args.rounds, 20)), repeats=args.repeats)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def _public(args, out: Path, data: Path, values: dict) -> None:
    import dash
    from playwright.sync_api import sync_playwright
    from plotly.offline import get_plotlyjs_version

    server = Gunicorn(env={"VRU_DATA_DIR": str(data.resolve())}, log=out / "bench-dashboard-gunicorn.log")
    try:
        print(
            f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores; other work "
            "on the machine slows the timings)"
        )
        ready = server.wait_ready()
        print(
            f"server: gunicorn, 2 workers, {server.base} (answered after {ready:.1f} s); Dash {dash.__version__}, "
            f"plotly.js {get_plotlyjs_version()}"
        )
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                print(f"browser: Chromium {browser.version}, headless")
                routes = [r.strip() for r in args.first_load.split(",") if r.strip()]
                loads = {route: first_load(browser, server.base + route) for route in routes}
                print_first_load(loads, server.base)
                captured = capture(browser, server.base, PAGES)
            finally:
                browser.close()
        reloaded = [f"{p} ({c.on_load})" for p, c in captured.items() if c.on_load]
        if reloaded:
            print(
                "note: on load, before any filter was touched, the browser already sent filter-callback requests for: "
                f"{', '.join(reloaded)}"
            )
        missing = [p for p, c in captured.items() if c.change is None]
        if missing:
            print(f"warning: no filter callback captured for {', '.join(missing)}", file=sys.stderr)
        results = measure_callbacks(server.base, captured, values, args.requests, args.repeats, args.seed)
    finally:
        server.stop()
    print_callbacks(results, args.requests, args.repeats)


if __name__ == "__main__":
    sys.exit(main())
