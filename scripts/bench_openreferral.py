"""Response time of the Open Referral UK feed on the demo release.

Generates the demo extracts (`vru-etl generate` defaults: 60,000 people, the full services register),
runs the ETL into SQLite, serves the public dashboard with gunicorn (the Procfile's 2 sync workers) on
a free loopback port, then times over real HTTP, one request at a time:

- /api/openreferral/services: the default page, every page at per_page=10, and search/age/taxonomy filters;
- /api/openreferral/services/{id}: every service of the register, fully nested.

Each URL is asked `--rounds` times (the first round reaches each worker cold). Prints p50, p95 and max
per endpoint in milliseconds, and exits 1 on any non-200 answer.

    .venv/bin/python scripts/bench_openreferral.py [--rounds 20] [--participants 60000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _dashserver

from etl.demo.generate import DEFAULT_PARTICIPANTS, generate

AS_OF = "2026-11-22"
FEED = "/api/openreferral"
HEADERS = {"Accept": "application/json", "Accept-Encoding": "gzip"}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _get(base: str, path: str) -> dict:
    answer = _dashserver.send(base, "GET", path, headers=HEADERS)
    if answer["status"] != 200:
        raise SystemExit(f"{path} answered {answer['status']}")
    return answer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--participants", type=int, default=DEFAULT_PARTICIPANTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-openreferral-") as tmp:
        tmp = Path(tmp)
        extracts, data = tmp / "extracts", tmp / "data"
        generate(extracts, participants=args.participants, as_of=dt.date.fromisoformat(AS_OF))
        _dashserver.etl_run(extracts, data_dir=data, as_of=AS_OF)
        server = _dashserver.Gunicorn(
            env={"VRU_PUBLIC_DATABASE_URL": f"sqlite:///{data / 'public.db'}", "VRU_DATA_DIR": str(data)},
            log=tmp / "gunicorn.log",
        )
        try:
            server.wait_ready()
            first = json.loads(_get(server.base, f"{FEED}/services?per_page=500")["data"])
            ids = [s["id"] for s in first["contents"]]
            pages = -(-first["total_items"] // 10)
            terms = json.loads(_get(server.base, f"{FEED}/taxonomy_terms?per_page=500")["data"])["contents"]
            lists = [
                f"{FEED}/services",
                *[f"{FEED}/services?page={n}&per_page=10" for n in range(1, pages + 1)],
                f"{FEED}/services?search=youth",
                f"{FEED}/services?minimum_age=10&maximum_age=18",
                *[f"{FEED}/services?taxonomy_term_id={t['id']}" for t in terms[:5]],
            ]
            singles = [f"{FEED}/services/{i}" for i in ids]
            timings: dict[str, list[float]] = {"/services": [], "/services/{id}": []}
            sizes: dict[str, list[int]] = {"/services": [], "/services/{id}": []}
            for _ in range(args.rounds):
                for kind, paths in (("/services", lists), ("/services/{id}", singles)):
                    for path in paths:
                        answer = _get(server.base, path)
                        timings[kind].append(answer["ms"])
                        sizes[kind].append(answer["bytes"])
        finally:
            server.stop()
    print(
        f"Open Referral UK feed, demo release ({args.participants:,} participants, {len(ids)} services, gunicorn 2 "
        "workers, loopback),"
        f" {args.rounds} rounds"
    )
    print(f"{'endpoint':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'median bytes (gzip)':>21}")
    for kind, values in timings.items():
        print(
            f"{kind:<18}{len(values):>9}{statistics.median(values):>9.1f}"
            f"{_percentile(values, 0.95):>9.1f}{max(values):>9.1f}"
            f"{statistics.median(sizes[kind]):>21,.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
