"""What the dashboard benchmarks share: a release built by the ETL, the public dashboard
served by gunicorn on a free loopback port, the requests a real browser sends to it
(recorded in headless Chromium), and replaying them over HTTP with other filter values.

Used by scripts/bench_dashboard.py (callback timings, one request at a time) and
scripts/loadtest.py (concurrent users). Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from _page_choices import combination, read_choices

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UPDATE_PATH = "/_dash-update-component"
# Page path -> (the prefix of its component ids, the filter whose <select> is changed to record
# its callback). Ids follow dashboard/pages/__init__.py: "{page id}-content", "{page id}-period", ...
FILTER_PAGES = {
    "/": ("overview", "period"),
    "/reach": ("reach", "period"),
    "/geography": ("geography", "period"),
    "/kpis": ("kpis", "period"),
    "/spend": ("spend", "period"),
    "/services": ("services", "borough"),
    "/funding-need": ("funding-need", "period"),
}
# Requests a browser keeps in its cache between pages (fingerprinted bundles, styles, icons):
# not part of what a page load asks the server for once a visitor has seen one page.
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"
# As the Procfile: idle connections kept longer than a proxy in front keeps its own (deploy/nginx/).
KEEP_ALIVE_SECONDS = 75
# Environment variables the server must not inherit from the caller's shell.
SERVER_ENV_DROPPED = ("VRU_INTERNAL_DATABASE_URL", "VRU_PUBLIC_DATABASE_URL", "WEB_CONCURRENCY", "REDIS_URL")


# --------------------------------------------------------------------------- release


def etl_run(
    extracts: Path, *, data_dir: Path, as_of: str, internal_url: str | None = None, public_url: str | None = None
) -> None:
    """`vru-etl run --demo` in a child process; SQLite files in `data_dir` unless URLs are given."""
    env = dict(os.environ, VRU_DATA_DIR=str(data_dir))
    for var, url in (("VRU_INTERNAL_DATABASE_URL", internal_url), ("VRU_PUBLIC_DATABASE_URL", public_url)):
        env.pop(var, None)
        if url:
            env[var] = url
    run = subprocess.run(
        [sys.executable, "-m", "etl.cli", "run", "--input", str(extracts), "--demo", "--as-of", as_of],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise RuntimeError(f"the ETL run failed with exit {run.returncode}:\n{run.stderr[-3000:]}")


def published(database_url: str) -> dict:
    """Programmes (with their priority area), periods, boroughs and service areas of the live release."""
    from dashboard.data import db, queries

    engine = db.read_only_engine(database_url)
    try:
        rid = int(queries.live_release(engine)["release_id"])
        programmes = queries.programmes(engine, rid)
        return {
            "programmes": list(zip(programmes["programme_id"], programmes["priority_area"])),
            "periods": queries.periods(engine, rid),
            "boroughs": list(queries.boroughs(engine, rid)["gss_code"]),
            "service_areas": sorted(set(queries.services(engine, rid)["service_area"])),
        }
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving dashboard.app:server in public mode (or `mode`) with `env` added; stop() ends it and its
    workers.
    With `access_log`, each request's method, path, status and time in the worker (microseconds) is written there.
    `tree` serves the dashboard/ and assets/ of another copy of the project (to measure a change before making it)."""

    def __init__(
        self,
        *,
        env: dict,
        log: Path,
        workers: int = 2,
        threads: int = 1,
        access_log: Path | None = None,
        tree: Path = ROOT,
        mode: str = "public",
        access_log_format: str = ACCESS_LOG_FORMAT,
    ):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.workers = workers
        server_env = {k: v for k, v in os.environ.items() if k not in SERVER_ENV_DROPPED}
        server_env.update(env, VRU_MODE=mode)  # internal: scripts/bench_internal.py gives the secret and the user store
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self._log_file = log.open("w")
        # Its own process group, so stop() reaches the master and its workers and nothing else.
        # No control socket: its default path is shared by every gunicorn of this user.
        logging = ["--access-logfile", str(access_log), "--access-logformat", access_log_format] if access_log else []
        self.proc = subprocess.Popen(
            [
                str(gunicorn),
                "--workers",
                str(workers),
                "--threads",
                str(threads),  # more than 1: gthread workers
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--keep-alive",
                str(KEEP_ALIVE_SECONDS),
                "--no-control-socket",
                *logging,
                "--pythonpath",
                str(tree),
                "dashboard.app:server",
            ],
            cwd=tree,
            env=server_env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

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

    def worker_pids(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(p) for p in children]

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


# --------------------------------------------------------------------------- what the browser sends


@dataclass
class PageRequests:
    """What a browser sent for one page: `load` every request of a visit to it, in order, but the
    static files it caches; `change` the filter callback sent when one <select> changed; `seen`
    every filter combination the browser asked for; `on_load` how many filter-callback requests
    it sent while loading, before any filter was touched; `choices` what each filter offered and showed
    then (scripts/_page_choices.py). Requests are dicts of method, path (with query), body (parsed JSON or
    None) and headers."""

    load: list[dict] = field(default_factory=list)
    change: dict | None = None
    seen: set = field(default_factory=set)
    on_load: int = 0
    choices: dict = field(default_factory=dict)


def header(headers: dict, name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name), "")


def is_filter_callback(body: dict, prefix: str) -> bool:
    return f"{prefix}-content.children" in str(body.get("output", ""))


def capture(browser, base: str, pages: dict) -> dict[str, PageRequests]:
    """Visit each page of `pages` (route -> (prefix, filter key)) in one browser context, then change
    its filter's <select> to the option after the current one; keyed by prefix."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    found = {prefix: PageRequests() for prefix, _ in pages.values()}
    phase: list[tuple[str, str]] = []  # ("load" | "change", prefix) while one is under way

    def on_request(req):
        split = urlsplit(req.url)
        if not phase or f"{split.scheme}://{split.netloc}" != base or split.path.startswith(STATIC_PREFIXES):
            return
        (what, prefix), found_page = phase[0], found[phase[0][1]]
        path = split.path + (
            f"?{split.query}" if split.query else ""
        )  # callbacks carry ?endId=<this page load's signed token>
        body = None
        if req.method == "POST":
            try:
                body = json.loads(req.post_data or "")
            except ValueError:
                body = None
        record = {"method": req.method, "path": path, "body": body, "headers": req.all_headers()}
        filter_callback = body is not None and split.path == UPDATE_PATH and is_filter_callback(body, prefix)
        if filter_callback:
            found_page.seen.add(combination(body))
        if what == "load":
            found_page.load.append(record)
            found_page.on_load += filter_callback
        elif filter_callback and found_page.change is None:
            found_page.change = record

    try:
        page = context.new_page()
        page.on("request", on_request)
        for route, (prefix, key) in pages.items():
            phase[:] = [("load", prefix)]
            page.goto(base + route, wait_until="networkidle", timeout=180_000)
            # A public page loads Dash on the reader's first interaction (dashboard/ui/dash_on_demand.py); a simulated
            # user interacts, so a page load here is the HTML and then all that Dash asks for.
            page.evaluate("() => window.vruDash && window.vruDash.boot()")
            page.wait_for_function("() => !document.querySelector('.first-paint')", timeout=180_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            select = f"#{prefix}-{key}"
            # A page that folds its filters (the home page) shows them when the reader opens the disclosure.
            page.evaluate(
                "s => { const d = document.querySelector(s).closest('details'); if (d) { d.open = true; } }", select
            )
            found[prefix].choices = read_choices(page, prefix)
            current = page.input_value(select)
            options = page.eval_on_selector_all(
                f"{select} option", "els => els.filter(e => e.value && !e.disabled).map(e => e.value)"
            )
            choice = next(v for v in options if v != current)
            phase[:] = [("change", prefix)]
            with page.expect_response(
                lambda r, prefix=prefix: (
                    urlsplit(r.url).path == UPDATE_PATH and f"{prefix}-content.children" in (r.request.post_data or "")
                ),
                timeout=120_000,
            ) as response:
                page.select_option(select, choice)
            response.value.finished()
            page.wait_for_load_state("networkidle")
            phase.clear()
    finally:
        context.close()
    return found


# --------------------------------------------------------------------------- replay


def decode(data: bytes, encoding: str) -> bytes:
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


def replay_headers(captured: dict) -> dict:
    headers = {
        k: v
        for k, v in captured.items()
        if not k.startswith(":") and k.lower() not in ("host", "content-length", "connection", "cookie")
    }
    if not header(headers, "accept-encoding"):
        headers["Accept-Encoding"] = "gzip, deflate, br, zstd"  # what Chromium sends
    return headers


# Each thread (a simulated user) keeps one connection per server, as a browser keeps its connections alive.
_connections = threading.local()
_retried = [0]  # requests sent again after a kept-alive connection was closed under them (all threads)
_retried_lock = threading.Lock()
IDEMPOTENT = ("GET", "HEAD")
# The connection closed before any answer: on a kept-alive connection, the server had closed it while idle.
CLOSED_UNDER_US = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


def retried() -> int:
    """How many requests were sent again because a kept-alive connection was closed under them."""
    return _retried[0]


def _connection(base: str, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
    """This thread's connection to `base` (and whether it has served a request before: kept alive)."""
    pool = _connections.__dict__.setdefault("by_base", {})
    conn = pool.get(base)
    if conn is None:
        split = urlsplit(base)
        conn = pool[base] = http.client.HTTPConnection(split.hostname, split.port, timeout=timeout)
        return conn, False
    conn.timeout = timeout
    if conn.sock is not None:
        conn.sock.settimeout(timeout)
    return conn, conn.sock is not None


def _drop(base: str) -> None:
    conn = _connections.__dict__.get("by_base", {}).pop(base, None)
    if conn is not None:
        conn.close()


def send(base: str, method: str, path: str, *, headers: dict, body: dict | None = None, timeout: float = 120) -> dict:
    """One request on loopback, on this thread's kept-alive connection to `base`: wall time (send to last byte),
    status (an exception's name when there was no answer), the decoded body (b"" without one, or for an error) and
    the compressed size. A GET whose kept-alive connection was closed under it before any answer is sent again once,
    on a new connection, as browsers do (`retried()` counts them)."""
    data = None if body is None else json.dumps(body).encode()
    started = time.perf_counter()
    for attempt in (1, 2):
        conn, kept_alive = _connection(base, timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            raw = r.read()
        except CLOSED_UNDER_US as err:
            _drop(base)
            if kept_alive and attempt == 1 and method in IDEMPOTENT:
                with _retried_lock:
                    _retried[0] += 1
                continue
            return {"ms": (time.perf_counter() - started) * 1000, "status": type(err).__name__, "data": b"", "bytes": 0}
        except (OSError, http.client.HTTPException) as err:
            _drop(base)
            return {"ms": (time.perf_counter() - started) * 1000, "status": type(err).__name__, "data": b"", "bytes": 0}
        ms = (time.perf_counter() - started) * 1000
        if r.will_close:
            _drop(base)
        if r.status >= 400:
            return {"ms": ms, "status": r.status, "data": b"", "bytes": 0}
        try:
            decoded = decode(raw, r.headers.get("Content-Encoding", ""))
        except (OSError, ValueError, ImportError):
            decoded = b""
        return {"ms": ms, "status": r.status, "data": decoded, "bytes": len(raw)}
    raise AssertionError("unreachable")


def answers(data: bytes, output_id: str, *, or_nothing: bool = False) -> bool:
    """Whether a callback's JSON answer updates `output_id` (or, with `or_nothing`, updates nothing: no_update)."""
    try:
        response = json.loads(data).get("response")
    except (ValueError, AttributeError):
        return False
    return isinstance(response, dict) and (output_id in response or (or_nothing and not response))


def post(base: str, path: str, body: dict, headers: dict, prefix: str) -> dict:
    """One replayed filter callback: wall time on loopback, status, compressed size, and whether it answered."""
    r = send(base, "POST", path, headers=headers, body=body)
    return {
        "ms": r["ms"],
        "status": r["status"],
        "ok": r["status"] == 200 and answers(r["data"], f"{prefix}-content"),
        "bytes": r["bytes"],
    }
