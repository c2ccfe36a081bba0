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

    .venv/bin/python scripts/bench_dashboard.py [--participants N] [--out bench-out] [--requests 40]

Targets compared: first load at most 1.5 MB transferred; callback p95 at most 100 ms.
A benchmark, not a test: it prints figures and asserts nothing. Traffic goes only to
127.0.0.1, and the number of requests is bounded.
"""
from __future__ import annotations

import argparse
import copy
import gzip
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bench_etl  # the extract folder convention: bench-out/extracts-N, its seed and date

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGET_FIRST_LOAD_BYTES = 1_500_000  # 1.5 MB (decimal, as the figures below)
TARGET_P95_MS = 100.0
# Page path -> the prefix of its component ids (see dashboard/views.py: "{page}-content", "{page}-period", ...).
PAGES = {"/": "overview", "/reach": "reach", "/geography": "geography", "/kpis": "kpis", "/spend": "spend"}
UPDATE_PATH = "/_dash-update-component"
ALL = "all"


# --------------------------------------------------------------------------- release

def _newest_mtime(paths) -> float:
    return max((p.stat().st_mtime for p in paths if p.is_file()), default=0.0)


def _release(extracts: Path, out: Path, participants: int, rebuild: bool) -> tuple[Path, str]:
    """The data dir holding public.db: reused if newer than the extract and the ETL code, else built."""
    data = out / f"release-{participants}"
    public = data / "public.db"
    inputs = [*extracts.glob("*.csv"), extracts / ".bench-params", *(ROOT / "etl").rglob("*.py"), *(ROOT / "sql").glob("*.sql")]
    if not rebuild and public.exists() and public.stat().st_mtime > _newest_mtime(inputs):
        return data, "reused"
    tmp = Path(tempfile.mkdtemp(prefix=f".release-{participants}-", dir=out))
    env = dict(os.environ, VRU_DATA_DIR=str(tmp))
    for var in ("VRU_INTERNAL_DATABASE_URL", "VRU_PUBLIC_DATABASE_URL"):
        env.pop(var, None)
    started = time.perf_counter()
    try:
        run = subprocess.run([sys.executable, "-m", "etl.cli", "run", "--input", str(extracts), "--demo", "--as-of", bench_etl.AS_OF],
                             check=False, cwd=ROOT, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            raise RuntimeError(f"the ETL run failed with exit {run.returncode}:\n{run.stderr[-3000:]}")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if data.exists():
        shutil.rmtree(data)
    tmp.rename(data)  # only a finished release is ever reused
    return data, f"built in {time.perf_counter() - started:.1f} s"


# --------------------------------------------------------------------------- server

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving dashboard.app:server in public mode; stop() ends it and its workers."""

    def __init__(self, data: Path, log: Path, workers: int = 2):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = dict(os.environ, VRU_DATA_DIR=str(data.resolve()), VRU_MODE="public")
        for var in ("VRU_INTERNAL_DATABASE_URL", "VRU_PUBLIC_DATABASE_URL", "WEB_CONCURRENCY"):
            env.pop(var, None)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self._log_file = log.open("w")
        # Its own process group, so stop() reaches the master and both workers and nothing else.
        self.proc = subprocess.Popen([str(gunicorn), "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}", "--timeout", "120",
                                      "dashboard.app:server"], cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def wait_ready(self, timeout: float = 120.0) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=10) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._log_file.close()


# --------------------------------------------------------------------------- first load

def _header(headers: dict, name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name), "")


def first_load(browser, url: str) -> dict:
    """Every request of a first visit with an empty cache, until the network is idle."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # a new context has an empty cache
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        requests: dict[str, dict] = {}

        def sent(e):
            requests.setdefault(e["requestId"], {"url": e["request"]["url"], "method": e["request"]["method"], "decoded": 0, "encoded": None,
                                                 "encoding": "", "type": e.get("type", ""), "failed": False})

        def received(e):
            r = requests.get(e["requestId"])
            if r is not None:
                r["encoding"] = _header(e["response"].get("headers", {}), "content-encoding")
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


# --------------------------------------------------------------------------- callback capture and replay

def _is_filter_callback(body: dict, page: str) -> bool:
    return f"{page}-content.children" in str(body.get("output", ""))


def capture_callbacks(browser, base: str) -> tuple[dict, dict, dict]:
    """Per page: the filter-callback request the browser sends when the Period select changes
    (body, headers, path), every filter combination the browser asked for, and how many
    filter-callback requests the page sent while loading, before any filter was touched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    captured: dict[str, dict] = {}
    seen: dict[str, set] = {p: set() for p in PAGES.values()}
    on_load: dict[str, int] = {p: 0 for p in PAGES.values()}
    changing: list[str] = []  # the page whose select is being changed, if any

    def on_request(req):
        if req.method != "POST" or urlsplit(req.url).path != UPDATE_PATH:
            return
        try:
            body = json.loads(req.post_data or "")
        except ValueError:
            return
        for page in PAGES.values():
            if not _is_filter_callback(body, page):
                continue
            seen[page].add(_combination(body))
            if f"{page}-period.value" in body.get("changedPropIds", []) and changing == [page] and page not in captured:
                split = urlsplit(req.url)  # the renderer adds ?endId=<this page load's signed token>
                captured[page] = {"body": body, "headers": req.all_headers(), "path": split.path + (f"?{split.query}" if split.query else "")}
            elif not changing:
                on_load[page] += 1

    try:
        page = context.new_page()
        page.on("request", on_request)
        for route, name in PAGES.items():
            page.goto(base + route, wait_until="networkidle", timeout=180_000)
            page.wait_for_timeout(500)
            select = f"#{name}-period"
            current = page.input_value(select)
            options = page.eval_on_selector_all(f"{select} option", "els => els.filter(e => e.value && !e.disabled).map(e => e.value)")
            choice = next(v for v in options if v != current)  # the period before the default one
            changing.append(name)
            with page.expect_response(lambda r, name=name: urlsplit(r.url).path == UPDATE_PATH and f"{name}-content.children" in (r.request.post_data or ""),
                                      timeout=120_000) as response:
                page.select_option(select, choice)
            response.value.finished()
            page.wait_for_load_state("networkidle")
            changing.clear()
    finally:
        context.close()
    return captured, seen, on_load


def _combination(body: dict) -> tuple:
    return tuple(sorted((i["id"], i.get("value")) for i in body.get("inputs", [])))


def _with_values(body: dict, page: str, values: dict) -> dict:
    out = copy.deepcopy(body)
    for item in out["inputs"]:
        key = item["id"].removeprefix(f"{page}-")
        if key in values:
            item["value"] = values[key]
    return out


def _published(data: Path) -> dict:
    """Programmes (with their priority area), periods and boroughs of the live release."""
    from dashboard import db, queries

    engine = db.read_only_engine(f"sqlite:///{(data / 'public.db').resolve()}")
    rid = int(queries.live_release(engine)["release_id"])
    programmes = queries.programmes(engine, rid)
    return {
        "programmes": list(zip(programmes["programme_id"], programmes["priority_area"])),
        "periods": queries.periods(engine, rid),
        "boroughs": list(queries.boroughs(engine, rid)["gss_code"]),
    }


def combinations(body: dict, page: str, published: dict, seen: set, count: int, rng: random.Random) -> list[dict]:
    """`count` distinct filter combinations this page's callback takes, none that the browser already asked for."""
    keys = [i["id"].removeprefix(f"{page}-") for i in body["inputs"]]
    areas = sorted({a for _, a in published["programmes"]})
    years = [p for p in published["periods"] if " Q" not in p]
    default = {"area": ALL, "programme": ALL, "period": years[-1] if years else "", "borough": ALL, "view": "map"}
    seen = set(seen) | {_combination(_with_values(body, page, default))}
    out, tries = [], 0
    while len(out) < count and tries < 100 * count:
        tries += 1
        area = rng.choice(areas) if rng.random() < 0.3 else ALL
        pool = [p for p, a in published["programmes"] if area in (ALL, a)]
        values = {
            "area": area,
            "programme": rng.choice(pool) if rng.random() < 0.7 else ALL,
            "period": rng.choice(published["periods"]),
            "borough": rng.choice(published["boroughs"]) if rng.random() < 0.5 else ALL,
            "view": rng.choice(["map", "tiles"]),
        }
        values = {k: v for k, v in values.items() if k in keys}
        candidate = _with_values(body, page, values)
        key = _combination(candidate)
        if key not in seen:
            seen.add(key)
            out.append(candidate)
    return out


def _decode(data: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    if encoding == "gzip":
        return gzip.decompress(data)
    if encoding == "deflate":
        return zlib.decompress(data)
    if encoding == "br":
        import brotli
        return brotli.decompress(data)
    if encoding == "zstd":
        try:
            from compression import zstd  # Python 3.14
        except ImportError:
            from backports import zstd
        return zstd.decompress(data)
    return data


def _replay_headers(captured: dict) -> dict:
    headers = {k: v for k, v in captured.items() if not k.startswith(":") and k.lower() not in ("host", "content-length", "connection", "cookie")}
    if not _header(headers, "accept-encoding"):
        headers["Accept-Encoding"] = "gzip, deflate, br, zstd"  # what Chromium sends
    return headers


def post(base: str, path: str, body: dict, headers: dict, page: str) -> dict:
    """One replayed callback request: wall time on loopback (connect to last byte), status, sizes, and whether it answered."""
    data = json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            raw = r.read()
            ms = (time.perf_counter() - started) * 1000
            status, encoding = r.status, r.headers.get("Content-Encoding", "")
    except urllib.error.HTTPError as err:
        err.read()
        return {"ms": (time.perf_counter() - started) * 1000, "status": err.code, "ok": False, "bytes": 0}
    try:
        answer = json.loads(_decode(raw, encoding))
        ok = status == 200 and f"{page}-content" in answer.get("response", {})
    except (ValueError, OSError, ImportError):
        ok = False
    return {"ms": ms, "status": status, "ok": ok, "bytes": len(raw)}


def measure_callbacks(base: str, captured: dict, seen: dict, published: dict, requests: int, repeats: int, seed: int) -> dict:
    """Per page: cold and warm timings. Each combination is sent 1 + `repeats` times in a row."""
    rng = random.Random(seed)
    per = repeats + 1
    results = {}
    for page in PAGES.values():
        if page not in captured:
            continue
        body, path, headers = captured[page]["body"], captured[page]["path"], _replay_headers(captured[page]["headers"])
        combos = combinations(body, page, published, seen[page], max(1, requests // per), rng)
        cold, warm, bad, sizes = [], [], 0, []
        for combo in combos:
            for i in range(per):
                r = post(base, path, combo, headers, page)
                (cold if i == 0 else warm).append(r["ms"])
                bad += not r["ok"]
                sizes.append(r["bytes"])
        results[page] = {"cold": cold, "warm": warm, "errors": bad, "combinations": len(combos), "bytes": float(np.mean(sizes)) if sizes else 0.0}
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
    print(f"\n(1) first load, empty cache, until network idle (target: at most {_mb(TARGET_FIRST_LOAD_BYTES)} transferred)")
    print(f"  {'page':<12} {'requests':>8} {'elsewhere':>9} {'transferred':>12} {'decoded':>11} {'load s':>7}  target")
    for route, r in loads.items():
        verdict = "met" if r["encoded"] <= TARGET_FIRST_LOAD_BYTES else "MISSED"
        extra = f" ({r['unfinished']} unfinished)" if r["unfinished"] else ""
        print(f"  {route:<12} {r['requests']:>8} {len(r['elsewhere']):>9} {_mb(r['encoded']):>12} {_mb(r['decoded']):>11} {r['seconds']:>7.1f}  {verdict}{extra}")
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
            print(f"    {_kb(res['encoded'] or 0):>10} / {_kb(res['decoded']):>10}  {res['encoding'] or 'identity':<8} {_short(res['url'], base)}")


def print_callbacks(results: dict, requests: int, repeats: int) -> None:
    print(f"\n(2) server time per filter callback, POST {UPDATE_PATH} replayed on loopback "
          f"(about {requests} per callback: each combination once cold, then {repeats} warm repeats; target p95 at most {TARGET_P95_MS:.0f} ms)")
    print(f"  {'callback':<10} {'combos':>6} | {'cold n':>6} {'p50':>7} {'p95':>7} {'max':>7} | {'warm n':>6} {'p50':>7} {'p95':>7} {'max':>7} | {'resp':>9} {'errors':>6}")
    all_cold, all_warm = [], []
    for page, r in results.items():
        c, w = _stats(r["cold"]), _stats(r["warm"])
        all_cold += r["cold"]
        all_warm += r["warm"]
        print(f"  {page:<10} {r['combinations']:>6} | {len(r['cold']):>6} {c[0]:>7.1f} {c[1]:>7.1f} {c[2]:>7.1f} | "
              f"{len(r['warm']):>6} {w[0]:>7.1f} {w[1]:>7.1f} {w[2]:>7.1f} | {_kb(r['bytes']):>9} {r['errors']:>6}")
    c, w = _stats(all_cold), _stats(all_warm)
    print(f"  {'overall':<10} {'':>6} | {len(all_cold):>6} {c[0]:>7.1f} {c[1]:>7.1f} {c[2]:>7.1f} | "
          f"{len(all_warm):>6} {w[0]:>7.1f} {w[1]:>7.1f} {w[2]:>7.1f} |")
    print("  (milliseconds, connect to last byte; 'resp' is the mean compressed response size)")
    for label, stats in (("cold", c), ("warm", w)):
        print(f"  target p95 <= {TARGET_P95_MS:.0f} ms, {label}: {'met' if stats[1] <= TARGET_P95_MS else 'MISSED'} ({stats[1]:.1f} ms overall)")
    for page, r in results.items():
        for label in ("cold", "warm"):
            p95 = _stats(r[label])[1]
            if p95 > TARGET_P95_MS:
                print(f"    {page} {label}: p95 {p95:.1f} ms over the target")
    print("  note: with 2 gunicorn workers, each keeping its own query cache, a warm repeat can be the first request "
          "for that combination in the other worker.")


# --------------------------------------------------------------------------- main

def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--participants", type=int, default=1_000_000)
    p.add_argument("--out", type=Path, default=Path("bench-out"))
    p.add_argument("--requests", type=int, default=40, help="replayed requests per callback (default 40)")
    p.add_argument("--repeats", type=int, default=3, help="warm repeats after each cold request (default 3)")
    p.add_argument("--first-load", default=",".join(PAGES),
                   help="comma-separated pages to measure a first load of, `/` first (default: the five filtered pages)")
    p.add_argument("--rebuild", action="store_true", help="build the release even if bench-out holds a current one")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    if not 1 <= args.requests <= 400 or not 0 <= args.repeats <= 20:
        p.error("--requests must be 1..400 and --repeats 0..20")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the server is stopped on SIGTERM too
    out = args.out.resolve()
    extracts = out / f"extracts-{args.participants}"
    extracts.mkdir(parents=True, exist_ok=True)
    gen_seconds = bench_etl._generate(extracts, args.participants)
    print(f"extract: {extracts.relative_to(ROOT) if extracts.is_relative_to(ROOT) else extracts}"
          + (f" (generated in {gen_seconds:.1f} s)" if gen_seconds else " (cached)"))
    data, how = _release(extracts, out, args.participants, args.rebuild)
    published = _published(data)
    print(f"release: {data / 'public.db'} ({how}); {len(published['programmes'])} programmes, {len(published['periods'])} periods, "
          f"{len(published['boroughs'])} boroughs")

    import dash
    from playwright.sync_api import sync_playwright
    from plotly.offline import get_plotlyjs_version

    server = Gunicorn(data, out / "bench-dashboard-gunicorn.log")
    try:
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores; other work on the machine slows the timings)")
        ready = server.wait_ready()
        print(f"server: gunicorn, 2 workers, {server.base} (answered after {ready:.1f} s); Dash {dash.__version__}, plotly.js {get_plotlyjs_version()}")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                print(f"browser: Chromium {browser.version}, headless")
                routes = [r.strip() for r in args.first_load.split(",") if r.strip()]
                loads = {route: first_load(browser, server.base + route) for route in routes}
                print_first_load(loads, server.base)
                captured, seen, on_load = capture_callbacks(browser, server.base)
            finally:
                browser.close()
        reloaded = [f"{p} ({n})" for p, n in on_load.items() if n]
        if reloaded:
            print(f"note: on load, before any filter was touched, the browser already sent filter-callback requests for: {', '.join(reloaded)}")
        missing = [p for p in PAGES.values() if p not in captured]
        if missing:
            print(f"warning: no filter callback captured for {', '.join(missing)}", file=sys.stderr)
        results = measure_callbacks(server.base, captured, seen, published, args.requests, args.repeats, args.seed)
    finally:
        server.stop()
    print_callbacks(results, args.requests, args.repeats)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
