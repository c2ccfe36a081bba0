"""Server-drawn chart images (dashboard/images.py): cold and warm render times and cache hits.

    .venv/bin/python scripts/bench_images.py --data-dir DIR   # DIR holds public.db (a release)

Builds the public app in-process (no warm-up thread), then for each page's default charts draws the
PNG once with the browser not yet open (the first one: cold start), once more now that it is open
but not cached (warm render), and a third time (cache hit), and prints the times."""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from dashboard import images, views
from dashboard.app import create_app
from dashboard.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{args.data_dir / 'public.db'}"))
    client = app.server.test_client()
    with app.server.app_context():
        urls = [f"/image/{page}/{chart}.png" for page in views.PAGES for chart, r in views.PAGES[page]({}).items() if r.figure is not None]
    rows = []
    for i, url in enumerate(urls):
        timings = []
        for size in ("", "og"):
            for attempt in range(2):
                began = time.perf_counter()
                response = client.get(url + ("?size=og" if size else ""))
                timings.append((size or "default", attempt, response.headers.get("X-Image-Cache"), time.perf_counter() - began, response.status_code))
        rows.append((url, timings))
        first = " (cold: opens Chromium)" if i == 0 else ""
        print(f"{url}{first}: " + ", ".join(f"{s} {c} {t * 1000:,.0f} ms" for s, _a, c, t, _st in timings), flush=True)
    misses = [t for _u, ts in rows[1:] for _s, _a, c, t, _st in ts if c == "miss"]
    hits = [t for _u, ts in rows for _s, _a, c, t, _st in ts if c == "hit"]
    with app.server.app_context():
        _entries, stats = images._cache()
    print(f"\ncold first image (Chromium start + render): {rows[0][1][0][3]:.2f} s")
    print(f"warm renders: {len(misses)}, median {statistics.median(misses) * 1000:,.0f} ms, max {max(misses) * 1000:,.0f} ms")
    print(f"cache hits: {len(hits)}, median {statistics.median(hits) * 1000:,.1f} ms, max {max(hits) * 1000:,.1f} ms")
    print(f"cache counters: {stats.hits} hits, {stats.misses} misses; browser starts: {images._renderer.starts}")


if __name__ == "__main__":
    main()
