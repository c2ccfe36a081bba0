"""A news day: a spike of what shared links bring, at fixed rates, through the caching proxy and straight at gunicorn.

Set-up, all throwaway and on loopback: a demo release of --participants people (SQLite, built as
scripts/bench_dashboard.py builds it, kept under bench-out/release-N); gunicorn as the Procfile runs it (--workers
gthread workers of --threads threads, --keep-alive 75) with VRU_CACHE_MAX_AGE=--max-age; Debian's nginx in front of
it with the shipped deploy/nginx/ configuration (tests/support/nginx.py); a throwaway Redis for the app's shared
cache, as deployed (--no-redis to leave it out).

What is asked for: --views views of the filtered pages, with filters drawn from the release, and for each view what a
shared link to it brings, read from the page's own HTML: the page (half the time with the tracking parameters social
networks and newsletters add, fbclid different each time), its share preview (og:image, fetched by the networks'
crawlers), its charts' pictures (the card pictures the page shows, as a phone's and a laptop's browser pick them from
its <picture> sources, and the PNGs journalists copy) and its CSVs (scripts/_spike_links.py). Each
request draws a kind by --mix and a view with weight 1/rank: a few stories are read by most people.

Before the load, every address is asked for once straight at gunicorn, so that its own caches and pictures are warm
(--no-warm-up to skip): the load measures serving, not drawing a picture for the first time. nginx's cache starts
empty, so its misses are part of the run.

The load is an open loop (scripts/_spike_client.py): requests are sent at a fixed rate whatever the answers do, for
--step seconds at each rate of --rates through nginx, then of --direct-rates straight at gunicorn (stopping after the
first rate whose p95 passes 300 ms: beyond it the queue only grows). Latency runs from when a request was due to its
last byte. Per step it prints what was sent and whether the generator kept to its schedule, throughput,
p50/p95/p99/max, errors, nginx's X-Cache-Status counts and the requests that reached gunicorn (its access log), then
the targets: through nginx, no errors and p95 at most 50 ms at the highest rate the generator sustained, with gunicorn
asked at most once per address per max-age; straight, the rate where p95 passes 300 ms.

    .venv/bin/python scripts/bench_spike.py [--rates 250,500,1000] [--direct-rates 25,50,100,200,400] [--step 60]
        [--views 30] [--mix 50,20,15,15] [--processes 2] [--max-age 300] [--participants 60000] [--no-warm-up]
        [--no-redis] [--only nginx|gunicorn]

Traffic goes only to 127.0.0.1; rates, steps and connections are bounded (MAX_*).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import signal
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))
import bench_dashboard  # the release under bench-out/release-N
import bench_etl  # the extract folder convention: bench-out/extracts-N
from _dashserver import Gunicorn, published
from _spike_client import Plan, run_step
from _spike_links import links
from _spike_report import KINDS, TARGET_DIRECT_P95_MS, app_requests, per_address, report, targets
from loadtest import CpuMeter, Redis

from tests.support.nginx import Nginx

PAGES = ("/", "/reach", "/geography", "/kpis", "/spend")  # the filtered pages a story links to
MAX_RATE, MAX_STEP_SECONDS, MAX_CONNECTIONS, MAX_PROCESSES, MAX_VIEWS = 5000, 300, 4000, 8, 200
WARM_UP_THREADS = 4
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(q)s %(s)s %(D)s"
PUBLIC_BASE_URL = "https://dashboard.london-vru.example"  # only the paths of the links made from it are used
TRACKING = ("utm_source=twitter&utm_medium=social&utm_campaign=story", "utm_source=newsletter&utm_medium=email")


# --------------------------------------------------------------------------- what shared links bring


def views(values: dict, count: int, rng: random.Random) -> list[str]:
    """`count` distinct views of the filtered pages, most-shared first."""
    years = [p for p in values["periods"] if " Q" not in p]
    out: list[str] = []
    while len(out) < count:
        filters = {
            "programme": rng.choice(values["programmes"])[0] if rng.random() < 0.7 else "",
            "period": rng.choice(years) if rng.random() < 0.5 else "",
            "borough": rng.choice(values["boroughs"]) if rng.random() < 0.5 else "",
        }
        query = urlencode({k: v for k, v in filters.items() if v})
        view = rng.choice(PAGES) + (f"?{query}" if query else "")
        if view not in out:
            out.append(view)
    return out


def addresses(base: str, shared: list[str]) -> dict[str, list[tuple[str, int]]]:
    """For each kind, (path, rank of its view) of every address the views bring."""
    found: dict[str, list[tuple[str, int]]] = {kind: [] for kind in KINDS}
    for rank, view in enumerate(shared):
        with urllib.request.urlopen(base + view, timeout=120) as r:
            found_links = links(r.read().decode())
        found["page"].append((view, rank))
        for kind, paths in found_links.items():
            found[kind] += [(p, rank) for p in paths]
    return found


def warm_up(base: str, found: dict) -> tuple[int, float]:
    """Every address once, straight at gunicorn: its caches and pictures warm. (requests, seconds)"""
    paths = sorted({p for kind in found.values() for p, _ in kind})
    started = time.perf_counter()

    def get(path: str) -> None:
        with urllib.request.urlopen(base + path, timeout=180) as r:
            r.read()

    with ThreadPoolExecutor(WARM_UP_THREADS) as pool:
        list(pool.map(get, paths))
    return len(paths), time.perf_counter() - started


def schedule(found: dict, *, mix: list[float], count: int, rng: random.Random) -> tuple[list[str], list[int]]:
    """`count` requests: a kind by `mix`, then an address of that kind with weight 1/(rank of its view + 1)."""
    kinds = [k for k, kind in enumerate(KINDS) if found[kind] and mix[k] > 0]
    weights = {k: [1 / (rank + 1) for _, rank in found[KINDS[k]]] for k in kinds}
    paths, chosen = [], []
    for k in rng.choices(kinds, weights=[mix[k] for k in kinds], k=count):
        path = rng.choices(found[KINDS[k]], weights=weights[k])[0][0]
        if KINDS[k] == "page" and rng.random() < 0.5:
            extra = rng.choice((*TRACKING, f"fbclid=IwAR{rng.getrandbits(64):016x}"))
            path += ("&" if "?" in path else "?") + extra
        paths.append(path)
        chosen.append(k)
    return paths, chosen


# --------------------------------------------------------------------------- one step


def run(
    base: str, *, rate: float, seconds: float, paths: list[str], kinds: list[int], processes: int, connections: int
):
    """Send `paths` at `rate` per second from `processes` processes; their results, merged."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    n = len(paths)
    # Processes of their own (not forks: no lock or thread of this process), started before the clock starts.
    pool = multiprocessing.get_context("spawn").Pool(processes)
    pool.map(time.sleep, [0] * processes)
    start = time.time() + 0.5
    plans = [
        Plan(
            host=host,
            port=port,
            start=start,
            offsets=[i / rate for i in range(k, n, processes)],
            paths=paths[k::processes],
            kinds=kinds[k::processes],
            connections=max(1, connections // processes),
        )
        for k in range(processes)
    ]
    with pool:
        parts = pool.map(run_step, plans)
    merged = {
        key: [v for part in parts for v in part[key]] for key in ("latency", "lateness", "status", "cache", "kinds")
    }
    merged["bytes"] = sum(sum(part["bytes"]) for part in parts)
    merged["sent_seconds"] = max(part["sent_seconds"] for part in parts)
    for key in ("retried", "opened", "cpu_seconds"):
        merged[key] = sum(part[key] for part in parts)
    return merged


# --------------------------------------------------------------------------- main


def _rates(text: str) -> list[float]:
    rates = [float(r) for r in text.split(",") if r.strip()]
    if not rates or not all(0 < r <= MAX_RATE for r in rates):
        raise argparse.ArgumentTypeError(f"rates: comma-separated, each 1..{MAX_RATE} requests/s")
    return rates


def _mix(text: str) -> list[float]:
    mix = [float(x) for x in text.split(",")]
    if len(mix) != len(KINDS) or min(mix) < 0 or sum(mix) <= 0:
        raise argparse.ArgumentTypeError(f"mix: {len(KINDS)} weights, for {', '.join(KINDS)}")
    return mix


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rates", type=_rates, default=[250, 500, 1000], help="through nginx (default 250,500,1000)")
    p.add_argument("--direct-rates", type=_rates, default=[25, 50, 100, 200, 400], help="straight at gunicorn")
    p.add_argument(
        "--step", type=float, default=60, help=f"seconds at each rate (default 60, at most {MAX_STEP_SECONDS})"
    )
    p.add_argument("--views", type=int, default=30, help="distinct views shared (default 30)")
    p.add_argument("--mix", type=_mix, default=[50, 20, 15, 15], help="weights of " + ", ".join(KINDS))
    p.add_argument("--processes", type=int, default=2, help="load generator processes (default 2)")
    p.add_argument("--connections", type=int, default=2000, help="connections open at most, all processes")
    p.add_argument("--max-age", type=int, default=300, help="VRU_CACHE_MAX_AGE of the site (default 300)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2, as the Procfile)")
    p.add_argument("--threads", type=int, default=8, help="threads per worker (default 8, as the Procfile)")
    p.add_argument("--nginx-workers", type=int, default=1, help="nginx worker processes (default 1)")
    p.add_argument("--participants", type=int, default=60_000, help="people in the demo release (default 60000)")
    p.add_argument("--only", choices=("nginx", "gunicorn"), help="run one of the two")
    p.add_argument("--no-redis", action="store_true", help="no shared cache: each gunicorn worker keeps its own")
    p.add_argument("--no-warm-up", action="store_true", help="do not ask for every address once before the load")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, default=Path("bench-out"), help="where the release and logs are kept")
    args = p.parse_args()
    if not (
        0 < args.step <= MAX_STEP_SECONDS and 1 <= args.processes <= MAX_PROCESSES and 1 <= args.views <= MAX_VIEWS
    ):
        p.error(f"--step 1..{MAX_STEP_SECONDS}, --processes 1..{MAX_PROCESSES}, --views 1..{MAX_VIEWS}")
    if not (1 <= args.connections <= MAX_CONNECTIONS and args.max_age >= 1):
        p.error(f"--connections 1..{MAX_CONNECTIONS}, --max-age at least 1")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the servers are stopped on SIGTERM too

    out = args.out.resolve()
    extracts = out / f"extracts-{args.participants}"
    extracts.mkdir(parents=True, exist_ok=True)
    bench_etl._generate(extracts, args.participants)
    data, how = bench_dashboard._release(extracts, out, args.participants, False)
    print(f"release: {data / 'public.db'} ({how}); {os.cpu_count()} cores, load average {_load()}")
    cache = None
    if not args.no_redis:  # as deployed: a cache every worker shares, so a picture is drawn once, not once per worker
        cache = Redis(folder=out)
        cache.wait_ready()
    access_log = out / "bench-spike-access.log"
    access_log.unlink(missing_ok=True)
    env = {
        "VRU_DATA_DIR": str(data),
        "VRU_CACHE_MAX_AGE": str(args.max_age),
        "VRU_IMAGE_WARMUP": "0",  # the warm-up below draws what the load asks for, and nothing else
        # The warm-up stands for the site's own warmer, which no reader's picture budget limits: one client drawing
        # every picture of 30 views at once would otherwise be told to wait (503) like a reader who did.
        "VRU_IMAGE_RENDERS_PER_MINUTE": "100000",
        "VRU_PUBLIC_BASE_URL": PUBLIC_BASE_URL,  # as deployed: pages name their share preview
    } | ({"REDIS_URL": cache.url} if cache else {})
    app = Gunicorn(
        env=env,
        log=out / "bench-spike-gunicorn.log",
        workers=args.workers,
        threads=args.threads,
        access_log=access_log,
        access_log_format=ACCESS_LOG_FORMAT,
    )
    nginx = None
    try:
        app.wait_ready()
        shutil.rmtree(out / "bench-spike-nginx", ignore_errors=True)  # its cache starts empty
        nginx = Nginx(
            folder=out / "bench-spike-nginx", upstream=app.base.removeprefix("http://"), workers=args.nginx_workers
        )
        nginx.start()
        rng = random.Random(args.seed)
        shared = views(published(f"sqlite:///{data / 'public.db'}"), args.views, rng)
        found = addresses(app.base, shared)
        print(
            f"addresses: {len(shared)} views; "
            + ", ".join(f"{len(found[k])} {k} addresses" for k in KINDS)
            + f"; mix {'/'.join(f'{m:g}' for m in args.mix)}"
        )
        if not args.no_warm_up:
            count, seconds = warm_up(app.base, found)
            print(f"warm-up: {count} addresses asked once straight at gunicorn in {seconds:.1f} s")
        _, offset = app_requests(access_log, 0)
        runs = [("through nginx", nginx.base, args.rates), ("straight at gunicorn", app.base, args.direct_rates)]
        summaries: dict[str, list[dict]] = {}
        for label, base, rates in runs:
            if args.only and not label.endswith(args.only):
                continue
            summaries[label] = []
            began = time.monotonic()
            seen: list[str] = []
            meter = CpuMeter({"gunicorn": app.worker_pids, "nginx": lambda: _nginx_pids(nginx)})
            for rate in rates:
                paths, kinds = schedule(found, mix=args.mix, count=int(rate * args.step), rng=rng)
                result = run(
                    base,
                    rate=rate,
                    seconds=args.step,
                    paths=paths,
                    kinds=kinds,
                    processes=args.processes,
                    connections=args.connections,
                )
                time.sleep(1.0)  # background refreshes started by the step finish
                reached, offset = app_requests(access_log, offset)
                seen += reached
                summaries[label].append(report(label, rate=rate, seconds=args.step, result=result, reached=reached))
                if label.startswith("straight") and summaries[label][-1]["p95"] > TARGET_DIRECT_P95_MS:
                    break
            cpu = meter.result()["groups"]
            cpu.pop("load generator (this script)", None)  # it sets up; the generator's processes report per step
            cpu["load generator"] = sum(step["cpu_seconds"] for step in summaries[label])
            print("  CPU seconds over the run: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()))
            if label == "through nginx":
                per_address(seen, seconds=time.monotonic() - began, max_age=args.max_age)
        targets(summaries)
    finally:
        if nginx is not None:
            nginx.stop()
        app.stop()
        if cache is not None:
            cache.stop()
    print(f"\nload average after: {_load()}")
    return 0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _nginx_pids(nginx) -> list[int]:
    if nginx is None or nginx.proc is None:
        return []
    pid = nginx.proc.pid
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *map(int, children)]


if __name__ == "__main__":
    sys.exit(main())
