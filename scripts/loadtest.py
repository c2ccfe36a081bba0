"""Load test of the public dashboard: concurrent users on gunicorn and PostgreSQL, on loopback.

Set-up, all of it throwaway: a PostgreSQL cluster (Debian's binaries, as the tests start
it: tests/support/postgres.py) with sql/postgres_roles.sql applied; a demo release of
--participants people loaded by the ETL as `vru_etl` (the extract is cached under
bench-out/extracts-N, as scripts/bench_etl.py makes it); a Redis server for the app's
shared cache (REDIS_URL; `--no-redis` to compare, and without `redis-server` installed);
gunicorn with --workers gthread workers of --threads threads and the Procfile's keep-alive (--threads 1 for sync
workers)
serving public mode as `vru_public_app`, which reads the public schema only. Headless
Chromium then visits each page once to record what it sends.

Each simulated user keeps its connection to the server alive between requests, as a browser does, and sends a GET
again once when that connection was closed under it before any answer (browsers do the same); until the time
(--duration) or the request budget (--requests) is spent, which ends the test:
1. loads a page, the seven filtered pages in turn from a random start: its HTML, then
   /_dash-layout and /_dash-dependencies, then the callbacks the browser sent on load
   (the page router and the page's own), with the endId of this visit's HTML. Bundles,
   styles and icons are taken as already in the browser's cache.
2. changes filters 1 to --changes times: the page's recorded filter callback
   (POST /_dash-update-component) with other values, drawn from --views combinations per
   page of the choices its controls offer (read from the page: scripts/_page_choices.py), the first
   more often (weights 1/rank: a few views are popular, most are rare).
Users start within the first --ramp seconds; each waits --think seconds (uniform) between
two actions, but not between the requests of one page load (the browser does not).

Printed: requests, duration, throughput; latency (connect to last byte) p50/p95/p99 for
all requests, per kind (page load, filter change), per request and per page; errors by
status; where the CPU went. Exit status 1 if any request failed (a status other than
200 or 204, an answer without what was asked for, or no answer), else 0: the latency
target (p95 at most 300 ms at 50 users on 2 cores) is reported, not asserted.

    .venv/bin/python scripts/loadtest.py [--users 50] [--duration 60] [--requests 20000] [--workers 2] [--no-redis]

Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))
import bench_etl  # the extract folder convention: bench-out/extracts-N, its seed and date
from _dashserver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FILTER_PAGES,
    UPDATE_PATH,
    Gunicorn,
    answers,
    capture,
    etl_run,
    free_port,
    published,
    replay_headers,
    retried,
    send,
)
from _page_choices import combinations

TARGET_P95_MS = 300.0
TARGET_USERS = 50
REQUEST_TIMEOUT_S = 30.0  # an answer slower than this counts as an error
WARM_UP_PER_WORKER = 10  # sequential requests before any concurrent one (see main)
# Hard limits on the options: the test must stay a bounded load on this machine.
MAX_USERS, MAX_DURATION_S, MAX_REQUESTS = 500, 900, 200_000
# Dash's own component id of the page container: a layout without it is the "data unavailable" shell.
PAGES_CONTAINER = "_pages_content"
END_ID = re.compile(r'"end_id"\s*:\s*"([^"]+)"')


# --------------------------------------------------------------------------- services


class Redis:
    """A throwaway redis-server on a free loopback port, nothing saved to disk."""

    def __init__(self, *, folder: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
                "--logfile",
                str(folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def command(self, *words: str) -> bytes:
        """One inline command; its reply: a status line, or a bulk string's contents."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s, s.makefile("rb") as reply:
            s.sendall((" ".join(words) + "\r\n").encode())
            line = reply.readline()
            return (
                reply.read(int(line[1:])) if line.startswith(b"$") else line
            )  # a bulk string: its length, then its bytes

    def wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}")
            try:
                if self.command("PING").startswith(b"+PONG"):
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"redis-server did not answer within {timeout:.0f} s")

    def stats(self) -> dict:
        """Keys held and lookups that hit or missed: whether the app used the cache at all."""
        info = self.command("INFO", "all").decode(errors="replace")
        fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line and not line.startswith("#"))
        keys = sum(int(v.split(",")[0].removeprefix("keys=")) for k, v in fields.items() if re.fullmatch(r"db\d+", k))
        return {
            "keys": keys,
            "hits": int(fields.get("keyspace_hits", 0)),
            "misses": int(fields.get("keyspace_misses", 0)),
            "memory": fields.get("used_memory_human", "?"),
        }

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def postgres_release(extracts: Path, *, folder: Path):
    """A PostgreSQL cluster set up as in production with one release in it; returns (server, the public app's URL)."""
    from tests.support.postgres import PostgresServer, find_pg_bindir

    server = PostgresServer(find_pg_bindir())
    try:
        server.initdb()
        server.start()
        name = server.create_database("vru_load")
        with server.connect(name) as conn:
            conn.execute((ROOT / "sql" / "postgres_roles.sql").read_text())
        etl = f"postgresql+psycopg://vru_etl@127.0.0.1:{server.port}/{name}?options=-csearch_path%3D"
        etl_run(
            extracts,
            data_dir=folder,
            as_of=bench_etl.AS_OF,
            internal_url=etl + "vru_internal",
            public_url=etl + "vru_public",
        )
    except BaseException:
        server.cleanup()
        raise
    return server, f"postgresql+psycopg://vru_public_app@127.0.0.1:{server.port}/{name}"


# --------------------------------------------------------------------------- CPU accounting


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _chromium_pids() -> list[int]:
    """Every Chromium process on the machine: during the load, the workers' chart renderers (kaleido starts them in
    a session of their own, so they are not the workers' children). The script's own recording browser is closed
    before the load begins."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("chromium", "chrome", "headless_shell"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / tick, sum(values) / tick


class CpuMeter:
    """CPU seconds per group of processes over the load (processes that exit meanwhile are missed)."""

    def __init__(self, groups: dict):
        self.groups = groups  # name -> function returning the pids of the group
        self.before = self._read()
        self.machine_before = _machine_busy()
        self.self_before = resource.getrusage(resource.RUSAGE_SELF)

    def _read(self) -> dict:
        return {name: {pid: _cpu_seconds(pid) for pid in pids()} for name, pids in self.groups.items()}

    def result(self) -> dict:
        after, machine = self._read(), _machine_busy()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        out = {
            name: sum(t - self.before[name].get(pid, 0.0) for pid, t in pids.items()) for name, pids in after.items()
        }
        out["load generator (this script)"] = (
            usage.ru_utime + usage.ru_stime - self.self_before.ru_utime - self.self_before.ru_stime
        )
        busy, total = machine[0] - self.machine_before[0], machine[1] - self.machine_before[1]
        return {"groups": out, "machine_busy": busy, "machine_total": total}


# --------------------------------------------------------------------------- simulated users


@dataclass(frozen=True)
class Sample:
    kind: str  # "page load" or "filter change"
    request: str  # what was asked: "HTML", "/_dash-layout", ..., "callback on load", "filter callback"
    page: str
    status: int | str
    ok: bool
    ms: float
    kb: float  # compressed answer


class Budget:
    """The shared limits: a number of requests and a deadline; `stop` ends every user."""

    def __init__(self, *, requests: int, seconds: float):
        self.deadline = time.monotonic() + seconds
        self.stop = threading.Event()
        self._left = requests
        self._lock = threading.Lock()

    def take(self) -> bool:
        if self.stop.is_set() or time.monotonic() >= self.deadline:
            return False
        with self._lock:
            if self._left <= 0:
                self.stop.set()
                return False
            self._left -= 1
            return True

    def wait(self, seconds: float) -> bool:
        """Sleep, unless the test ends first; False when it has."""
        left = self.deadline - time.monotonic()
        if seconds >= left:
            self.stop.wait(max(left, 0))
            return False
        return not self.stop.wait(seconds)


@dataclass(frozen=True)
class PageScript:
    """What a simulated user sends for one page: its load requests and the filter-change bodies to draw from."""

    route: str
    prefix: str
    load: list
    filter_path: str
    filter_headers: dict
    views: list
    weights: list


def _expected_output(body: dict) -> str:
    outputs = body.get("outputs")
    first = outputs[0] if isinstance(outputs, list) else outputs
    return first["id"] if isinstance(first, dict) and isinstance(first.get("id"), str) else ""


def _with_end_id(path: str, end_id: str | None) -> str:
    return re.sub(r"endId=[^&]*", f"endId={end_id}", path) if end_id and "endId=" in path else path


def _checked(
    kind: str,
    request: str,
    page: str,
    r: dict,
    *,
    expect: bytes | None = None,
    output: str = "",
    or_nothing: bool = False,
) -> Sample:
    status = r["status"]
    ok = status == 204 or (
        status == 200
        and (expect is None or expect in r["data"])
        and (not output or answers(r["data"], output, or_nothing=or_nothing))
    )
    return Sample(kind, request, page, status, ok, r["ms"], r["bytes"] / 1000)


def load_page(base: str, script: PageScript, budget: Budget, samples: list, visits: list) -> tuple[bool, str | None]:
    """The requests of one visit, one after the other: whether they were all sent (not if the
    test ended meanwhile), and the visit's endId. Its time, first request to last answer, goes to `visits`."""
    end_id, started = None, time.perf_counter()
    for req in script.load:
        if not budget.take():
            return False, end_id
        headers = replay_headers(req["headers"])
        if req["method"] == "GET":
            r = send(base, "GET", req["path"], headers=headers, timeout=REQUEST_TIMEOUT_S)
            path = req["path"].split("?")[0]
            if path == script.route:
                match = END_ID.search(r["data"].decode(errors="replace"))
                end_id = match.group(1) if match else None
                samples.append(_checked("page load", "HTML", script.route, r, expect=b"_dash-config"))
            else:
                samples.append(
                    _checked(
                        "page load",
                        path,
                        script.route,
                        r,
                        expect=PAGES_CONTAINER.encode() if path == "/_dash-layout" else None,
                    )
                )
        else:
            r = send(
                base,
                req["method"],
                _with_end_id(req["path"], end_id),
                headers=headers,
                body=req["body"],
                timeout=REQUEST_TIMEOUT_S,
            )
            # Some answer on load with nothing to update (e.g. a map click that has not happened).
            samples.append(
                _checked(
                    "page load",
                    "callback on load",
                    script.route,
                    r,
                    output=_expected_output(req["body"] or {}),
                    or_nothing=True,
                )
            )
    visits.append((time.perf_counter() - started) * 1000)
    return True, end_id


def user(
    number: int,
    *,
    base: str,
    scripts: list,
    budget: Budget,
    samples: list,
    visits: list,
    seed: int,
    think: tuple,
    changes: int,
    ramp: float,
) -> None:
    rng = random.Random(seed * 1_000_003 + number)
    if not budget.wait(rng.uniform(0, ramp)):
        return
    start = rng.randrange(len(scripts))
    for visit in itertools.count():  # until the budget's deadline or requests run out
        script = scripts[(start + visit) % len(scripts)]
        loaded, end_id = load_page(base, script, budget, samples, visits)
        if not loaded:
            return
        for _ in range(rng.randint(1, changes)):
            if not budget.wait(rng.uniform(*think)) or not budget.take():
                return
            body = rng.choices(script.views, weights=script.weights)[0]
            r = send(
                base,
                "POST",
                _with_end_id(script.filter_path, end_id),
                headers=script.filter_headers,
                body=body,
                timeout=REQUEST_TIMEOUT_S,
            )
            samples.append(
                _checked("filter change", "filter callback", script.route, r, output=f"{script.prefix}-content")
            )
        if not budget.wait(rng.uniform(*think)):
            return


def page_scripts(captured: dict, values: dict, *, routes: list[str], views: int, seed: int) -> list[PageScript]:
    rng = random.Random(seed)
    out = []
    for route in routes:
        prefix = FILTER_PAGES[route][0]
        found = captured[prefix]
        if found.change is None:
            raise RuntimeError(f"no filter callback was recorded on {route}")
        pool = combinations(found.change["body"], prefix, values, found.seen, views, rng, choices=found.choices)
        out.append(
            PageScript(
                route,
                prefix,
                found.load,
                found.change["path"],
                replay_headers(found.change["headers"]),
                pool,
                [1 / (rank + 1) for rank in range(len(pool))],
            )
        )
    return out


# --------------------------------------------------------------------------- report


def worker_times(access_log: Path, *, offset: int, workers: int, seconds: float) -> dict:
    """Per kind of request, the milliseconds each spent in a worker (gunicorn's %(D)s), from the access log after
    `offset`."""
    with access_log.open("rb") as f:
        f.seek(offset)
        lines = f.read().decode(errors="replace").splitlines()
    times: dict[str, list[float]] = {
        "page HTML": [],
        "/_dash-layout": [],
        "/_dash-dependencies": [],
        "callbacks (on load and filter)": [],
    }
    for line in lines:
        _method, path, _status, micros = line.split()
        kind = path if path in times else "callbacks (on load and filter)" if path == UPDATE_PATH else "page HTML"
        times[kind].append(int(micros) / 1000)
    busy = sum(sum(t) for t in times.values()) / 1000
    return {"times": times, "busy": busy, "available": workers * seconds}


def _percentiles(values: list[float]) -> str:
    if not values:
        return f"{0:>6} {'-':>7} {'-':>7} {'-':>7} {'-':>7}"
    a = np.asarray(values)
    p50, p95, p99 = np.percentile(a, [50, 95, 99])
    return f"{len(a):>6} {p50:>7.1f} {p95:>7.1f} {p99:>7.1f} {a.max():>7.1f}"


def _row(group: list[Sample]) -> str:
    return _percentiles([s.ms for s in group]) + (f" {np.mean([s.kb for s in group]):>8.1f}" if group else "")


def report(
    samples: list[Sample],
    *,
    visits: list[float],
    server: dict,
    seconds: float,
    cpu: dict,
    redis_stats: dict | None,
    users: int,
) -> int:
    errors = [s for s in samples if not s.ok]
    print(
        f"\nrequests: {len(samples)} in {seconds:.1f} s: {len(samples) / seconds:.1f} requests/s; "
        f"page loads {sum(s.request == 'HTML' for s in samples)}, "
        f"filter changes {sum(s.kind == 'filter change' for s in samples)}"
    )
    print(
        f"\nlatency, ms (connect to last byte)       {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} "
        f"{'kB mean':>8}"
    )
    rows = [("all requests", samples)]
    rows += [(f"  {kind}", [s for s in samples if s.kind == kind]) for kind in ("page load", "filter change")]
    rows += [
        (f"    {req}", [s for s in samples if s.request == req])
        for req in ("HTML", "/_dash-layout", "/_dash-dependencies", "callback on load", "filter callback")
    ]
    for label, group in rows:
        print(f"  {label:<38} {_row(group)}")
    print(f"  {'whole page load (HTML to last callback)':<38} {_percentiles(visits)}")
    print("  per page:")
    visited = {s.page for s in samples}
    for route in (r for r in FILTER_PAGES if r in visited):
        for kind in ("page load", "filter change"):
            print(f"    {route:<14} {kind:<23} {_row([s for s in samples if s.page == route and s.kind == kind])}")

    print("\ntime in a gunicorn worker, ms (its access log; the rest of the latency is waiting for a free worker)")
    for label, times in server["times"].items():
        print(f"  {label:<38} {_percentiles(times)}")
    print(
        f"  in all {server['busy']:.1f} s of {server['available']:.1f} worker-seconds "
        f"({100 * server['busy'] / max(server['available'], 1e-9):.0f}%; "
        "over 100% when a worker's threads overlap)"
    )

    by_status = Counter(s.status for s in errors)
    print(
        "\nerrors: " + ("none" if not errors else ", ".join(f"{status}: {n}" for status, n in by_status.most_common()))
    )
    print(f"requests sent again after a kept-alive connection was closed under them (as browsers do): {retried()}")
    for s in errors[:5]:
        print(f"  e.g. {s.kind} {s.page} {s.request}: {s.status} after {s.ms:.0f} ms")

    p95 = float(np.percentile([s.ms for s in samples], 95)) if samples else float("nan")
    print(
        f"\ntargets at {users} users (target {TARGET_USERS}): no errors: {'met' if not errors else 'MISSED'}; "
        f"p95 at most {TARGET_P95_MS:.0f} ms: {'met' if p95 <= TARGET_P95_MS else 'MISSED'} ({p95:.1f} ms)"
    )

    cores = os.cpu_count() or 1
    print(
        f"\nCPU during the load: the machine was busy {cpu['machine_busy']:.1f} of {cpu['machine_total']:.1f} "
        "core-seconds "
        f"({100 * cpu['machine_busy'] / max(cpu['machine_total'], 1e-9):.0f}% of {cores} cores); of which"
    )
    for name, used in cpu["groups"].items():
        print(f"  {name:<34} {used:>7.1f} s")
    known = sum(cpu["groups"].values())
    print(f"  {'anything else on the machine':<34} {max(cpu['machine_busy'] - known, 0):>7.1f} s")
    if redis_stats is not None:
        print(
            f"Redis: {redis_stats['keys']} keys, {redis_stats['hits']} hits, {redis_stats['misses']} misses, "
            f"{redis_stats['memory']} used"
            + (
                " (the app did not use it: REDIS_URL is ignored by this version)"
                if not redis_stats["keys"] and not redis_stats["hits"]
                else ""
            )
        )
    return 1 if errors else 0


# --------------------------------------------------------------------------- main


def _think(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    low, high = float(low), float(high or low)
    if not 0 <= low <= high <= 60:
        raise argparse.ArgumentTypeError("think time: MIN-MAX seconds, 0 <= MIN <= MAX <= 60")
    return low, high


def _uptime() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=TARGET_USERS, help=f"simulated users at once (default {TARGET_USERS})")
    p.add_argument("--duration", type=float, default=60, help="seconds of load at most (default 60)")
    p.add_argument("--requests", type=int, default=20_000, help="requests at most (default 20000)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument(
        "--threads",
        type=int,
        default=8,
        help="threads per worker (default 8: gthread workers, as the Procfile; 1: sync workers)",
    )
    p.add_argument(
        "--participants", type=int, default=60_000, help="people in the demo release (default 60000, London's scale)"
    )
    p.add_argument("--seed", type=int, default=1, help="seed of the users' choices and the filter values")
    p.add_argument(
        "--think", type=_think, default=(1.0, 3.0), help="seconds between two actions of a user, MIN-MAX (default 1-3)"
    )
    p.add_argument("--changes", type=int, default=4, help="filter changes per page visit at most (default 4)")
    p.add_argument(
        "--views", type=int, default=40, help="filter combinations per page the users draw from (default 40)"
    )
    p.add_argument("--ramp", type=float, default=5, help="users start within this many seconds (default 5)")
    p.add_argument(
        "--pages",
        default=",".join(FILTER_PAGES),
        help=f"comma-separated pages the users visit (default all: {','.join(FILTER_PAGES)})",
    )
    p.add_argument("--no-redis", action="store_true", help="no shared cache: each worker keeps its own")
    p.add_argument(
        "--out", type=Path, default=Path("bench-out"), help="where the extract is cached and logs are written"
    )
    args = p.parse_args()
    if not (
        1 <= args.users <= MAX_USERS
        and 1 <= args.duration <= MAX_DURATION_S
        and 1 <= args.requests <= MAX_REQUESTS
        and 1 <= args.workers <= 16
        and 1 <= args.threads <= 32
        and 1 <= args.changes <= 20
        and 1 <= args.views <= 1000
        and 0 <= args.ramp <= args.duration
    ):
        p.error(
            f"--users 1..{MAX_USERS}, --duration 1..{MAX_DURATION_S}, --requests 1..{MAX_REQUESTS}, --workers 1..16, "
            "--threads 1..32, "
            "--changes 1..20, --views 1..1000, --ramp 0..duration"
        )
    routes = [r.strip() for r in args.pages.split(",") if r.strip()]
    if not routes or set(routes) - set(FILTER_PAGES):
        p.error(f"--pages: some of {', '.join(FILTER_PAGES)}")
    if not Path(CHROMIUM).exists():
        p.error(f"{CHROMIUM} is needed to record what a browser sends (apt-get install chromium)")
    use_redis = not args.no_redis and shutil.which("redis-server") is not None
    if not args.no_redis and not use_redis:
        print(
            "note: redis-server not found (apt-get install redis-server): running without the shared cache",
            file=sys.stderr,
        )

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that every server is stopped on SIGTERM too
    return run(args, routes=routes, redis=use_redis)


def run(args: argparse.Namespace, *, routes: list[str], redis: bool) -> int:
    """Set everything up, record the pages in Chromium, run the users, report; every server is stopped after."""
    out = args.out.resolve()
    extracts = out / f"extracts-{args.participants}"
    extracts.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as cleanup:
        folder = Path(tempfile.mkdtemp(prefix="vru-loadtest-"))
        cleanup.callback(shutil.rmtree, folder, ignore_errors=True)
        started = time.perf_counter()
        generated = bench_etl._generate(extracts, args.participants)
        pg, app_url = postgres_release(extracts, folder=folder)
        cleanup.callback(pg.cleanup)
        print(
            f"release: {args.participants:,} participants ({'extract generated, ' if generated else 'extract cached, '}"
            f"built into PostgreSQL in {time.perf_counter() - started:.1f} s); the app reads it as vru_public_app"
        )
        env = {"VRU_PUBLIC_DATABASE_URL": app_url, "VRU_DATA_DIR": str(folder)}
        cache = None
        if redis:
            cache = Redis(folder=folder)
            cleanup.callback(cache.stop)
            cache.wait_ready()
            env["REDIS_URL"] = cache.url
        access_log = folder / "access.log"
        server = Gunicorn(
            env=env,
            log=out / "loadtest-gunicorn.log",
            workers=args.workers,
            threads=args.threads,
            access_log=access_log,
        )
        cleanup.callback(server.stop)
        ready = server.wait_ready()
        # A few requests one at a time first, so the first concurrent ones find the caches warm
        # (Dash itself is set up when the app is built: dashboard/app.py).
        for _ in range(WARM_UP_PER_WORKER * args.workers):
            send(server.base, "GET", "/", headers={}, timeout=REQUEST_TIMEOUT_S)

        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                captured = capture(browser, server.base, {route: FILTER_PAGES[route] for route in routes})
            finally:
                browser.close()
        scripts = page_scripts(captured, published(app_url), routes=routes, views=args.views, seed=args.seed)
        kind = "sync workers" if args.threads == 1 else f"gthread workers of {args.threads} threads"
        print(
            f"server: gunicorn, {args.workers} {kind}, {server.base} (answered after {ready:.1f} s); "
            f"cache: {'Redis at ' + cache.url if cache else 'per worker (no Redis)'}"
        )
        print(
            f"users: {args.users}, think {args.think[0]:g}-{args.think[1]:g} s, 1-{args.changes} filter changes per "
            "visit, "
            f"{args.views} views per page; bounds: {args.duration:g} s, {args.requests} requests"
        )

        postmaster = int((pg.datadir / "postmaster.pid").read_text().split()[0])
        groups = {
            f"gunicorn workers ({args.workers})": server.worker_pids,
            # The workers draw the chart pictures of views not drawn before in a headless Chromium of their own.
            "chart renderers (Chromium)": _chromium_pids,
            "PostgreSQL": lambda: [postmaster, *_children(postmaster)],
        }
        if cache:
            groups["Redis"] = lambda: [cache.proc.pid]
        logged = access_log.stat().st_size  # what the recording in Chromium asked for is not counted
        samples, visits, seconds, usage = drive(server.base, scripts, args, cpu=CpuMeter(groups))
        time.sleep(1)  # gunicorn writes its access log line after the answer
        in_worker = worker_times(access_log, offset=logged, workers=args.workers, seconds=seconds)
        return report(
            samples,
            visits=visits,
            server=in_worker,
            seconds=seconds,
            cpu=usage,
            redis_stats=cache.stats() if cache else None,
            users=args.users,
        )


def drive(
    base: str, scripts: list[PageScript], args: argparse.Namespace, *, cpu: CpuMeter
) -> tuple[list[Sample], list[float], float, dict]:
    """The users, each on its own thread, until the budget is spent: (samples, whole visits in ms, seconds, CPU
    used)."""
    print(f"load average before: {_uptime()} ({os.cpu_count()} cores)")
    budget = Budget(requests=args.requests, seconds=args.duration)
    samples: list[Sample] = []
    visits: list[float] = []
    threads = [
        threading.Thread(
            target=user,
            name=f"user-{i}",
            daemon=True,
            kwargs={
                "number": i,
                "base": base,
                "scripts": scripts,
                "budget": budget,
                "samples": samples,
                "visits": visits,
                "seed": args.seed,
                "think": args.think,
                "changes": args.changes,
                "ramp": args.ramp,
            },
        )
        for i in range(args.users)
    ]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:  # every user stops at the deadline; a request in flight ends within its timeout
        t.join(timeout=max(budget.deadline - time.monotonic(), 0) + REQUEST_TIMEOUT_S + 5)
    budget.stop.set()
    seconds = time.perf_counter() - began
    usage = cpu.result()
    print(f"load average after: {_uptime()}")
    return list(samples), list(visits), seconds, usage


if __name__ == "__main__":
    sys.exit(main())
