"""Server-drawn chart images (dashboard/exports/images.py): cold and warm render times and cache hits.

    .venv/bin/python scripts/bench_images.py --data-dir DIR          # DIR holds public.db (a release)
    .venv/bin/python scripts/bench_images.py --data-dir DIR --http   # through gunicorn, warm-up on

In-process (default): builds the public app without the warm-up thread, then for each page's default
charts draws the PNG (default size, then size=og) once uncached and once more from the cache; the
first draw opens Chromium (cold start). --http: starts gunicorn with VRU_IMAGE_WARMUP=1 on a free
loopback port, waits for the warm-up to draw the reach preview, then times default views over HTTP."""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dashboard.app import create_app
from dashboard.exports import image_cache, renderer, view_request
from dashboard.pages import lookups
from dashboard.settings import Settings


def over_http(data_dir: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRU_")}
    env.update(VRU_MODE="public", VRU_DATA_DIR=str(data_dir), VRU_IMAGE_WARMUP="1")
    started = time.monotonic()
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "dashboard.app:server",
        ],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def get(path):
        began = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=120) as r:
            r.read()
            return r.headers.get("X-Image-Cache"), time.perf_counter() - began

    try:
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        og = "/image/reach/reach-trend.png?size=og"
        while get(og)[0] != "hit":
            time.sleep(2)
        print(f"reach share preview drawn by the warm-up {time.monotonic() - started:.0f} s after gunicorn started")
        time.sleep(60)  # the warmer goes on with the other pages
        urls = [
            "/image/reach/reach-trend.png",
            og,
            "/image/geography/geography-map.png",
            "/image/geography/geography-map.png?size=og",
            "/image/spend/spend-budget.png",
            "/image/funding-need/funding-scatter.png",
            "/image/services/services-map.png",
        ]
        timed = [get(u) for u in urls for _ in range(5)]
        print(
            f"over HTTP after warm-up: {sum(1 for c, _ in timed if c == 'hit')} hits of {len(timed)}, "
            f"median {statistics.median(t for _, t in timed) * 1000:.1f} ms, max {max(t for _, t in timed) * 1000:.1f} "
            "ms"
        )
        new = "/image/reach/reach-trend.png?programme=divert&period=2023-24"
        print(
            "a view not drawn before, then again: "
            + ", ".join(f"{c} {t * 1000:,.0f} ms" for c, t in (get(new), get(new)))
        )
    finally:
        proc.terminate()
        proc.wait(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--http", action="store_true", help="through gunicorn with the warm-up on")
    args = parser.parse_args()
    if args.http:
        over_http(args.data_dir)
        return
    app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{args.data_dir / 'public.db'}"))
    client = app.server.test_client()
    with app.server.app_context():
        urls = [
            f"/image/{page.id}/{view.chart}.png"
            for page in lookups.filtered_pages().values()
            for view in view_request.default_views(page)
        ]
    rows = []
    for i, url in enumerate(urls):
        timings = []
        for size in ("", "og"):
            for attempt in range(2):
                began = time.perf_counter()
                response = client.get(url + ("?size=og" if size else ""))
                timings.append(
                    (
                        size or "default",
                        attempt,
                        response.headers.get("X-Image-Cache"),
                        time.perf_counter() - began,
                        response.status_code,
                    )
                )
        rows.append((url, timings))
        first = " (cold: opens Chromium)" if i == 0 else ""
        print(f"{url}{first}: " + ", ".join(f"{s} {c} {t * 1000:,.0f} ms" for s, _a, c, t, _st in timings), flush=True)
    misses = [t for _u, ts in rows[1:] for _s, _a, c, t, _st in ts if c == "miss"]
    hits = [t for _u, ts in rows for _s, _a, c, t, _st in ts if c == "hit"]
    with app.server.app_context():
        _entries, stats = image_cache._cache()
    print(f"\ncold first image (Chromium start + render): {rows[0][1][0][3]:.2f} s")
    print(
        f"warm renders: {len(misses)}, median {statistics.median(misses) * 1000:,.0f} ms, "
        f"max {max(misses) * 1000:,.0f} ms"
    )
    print(f"cache hits: {len(hits)}, median {statistics.median(hits) * 1000:,.1f} ms, max {max(hits) * 1000:,.1f} ms")
    print(f"cache counters: {stats.hits} hits, {stats.misses} misses; browser starts: {renderer._renderer.starts}")


if __name__ == "__main__":
    main()
