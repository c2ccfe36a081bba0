"""Server time of the services directory and of a service's page, with a register at MOPAC's scale.

Generates the demo extracts with a register of `--services` services (default 300: `vru-etl generate
--services 300`), runs the ETL into SQLite, serves the public dashboard with gunicorn (the Procfile's worker
model: 2 workers, gthread) on a free loopback port with an access log, then asks, one request at a time, as a
browser's first load of each page (the whole HTML, first paint included):

- /services: every page of the list, each order, and a few searches (words, a postcode, an age);
- /services/<service_id>: every service of the register.

Each URL is asked `--rounds` times (the first round reaches each worker cold: nothing cached). Prints p50, p95 and
max per page of the time the worker spent on the request (gunicorn's %(D)s) and of the wall time on loopback, in
milliseconds, and exits 1 on any answer but 200.

    .venv/bin/python scripts/bench_services.py [--services 300] [--rounds 5] [--participants 60000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _dashserver

from etl.demo.generate import DEFAULT_PARTICIPANTS, generate

AS_OF = "2026-11-22"
HEADERS = {"Accept": "text/html", "Accept-Encoding": "gzip"}
KINDS = ("/services", "/services/<service_id>")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _kind(path: str) -> str:
    return KINDS[1] if re.match(r"^/services/SVC\d+", path) else KINDS[0]


def _server_ms(access_log: Path, *, skip: int) -> list[tuple[str, float]]:
    """(path with query, ms in the worker) of each request logged after the first `skip` lines."""
    out = []
    for line in access_log.read_text().splitlines()[skip:]:
        method, path, status, micros = line.split(" ")
        if method == "GET" and path.startswith("/services") and status == "200":
            out.append((path, int(micros) / 1000))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--participants", type=int, default=DEFAULT_PARTICIPANTS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-services-") as tmp:
        tmp = Path(tmp)
        extracts, data = tmp / "extracts", tmp / "data"
        generate(extracts, participants=args.participants, as_of=dt.date.fromisoformat(AS_OF), services=args.services)
        _dashserver.etl_run(extracts, data_dir=data, as_of=AS_OF)
        ids = [f"SVC{n:03d}" for n in range(1, args.services + 1)]
        pages = -(-args.services // 20)
        lists = [
            "/services",
            *[f"/services?page={n}" for n in range(2, pages + 1)],
            "/services?sort=funding",
            "/services?sort=rating",
            "/services?sort=contract-end&page=2",
            "/services?q=youth",
            "/services?postcode=SE1+7PB",
            "/services?age=15&route=police",
        ]
        singles = [f"/services/{sid}" for sid in ids]
        access_log = tmp / "access.log"
        server = _dashserver.Gunicorn(
            env={"VRU_PUBLIC_DATABASE_URL": f"sqlite:///{data / 'public.db'}", "VRU_DATA_DIR": str(data)},
            log=tmp / "gunicorn.log",
            threads=8,
            access_log=access_log,
        )
        wall: dict[str, list[float]] = {k: [] for k in KINDS}
        sizes: dict[str, list[int]] = {k: [] for k in KINDS}
        try:
            server.wait_ready()
            time.sleep(1)  # the access log is written line by line: let the readiness probe's line land
            skip = len(access_log.read_text().splitlines())
            for _ in range(args.rounds):
                for path in [*lists, *singles]:
                    answer = _dashserver.send(server.base, "GET", path, headers=HEADERS)
                    if answer["status"] != 200:
                        raise SystemExit(f"{path} answered {answer['status']}")
                    wall[_kind(path)].append(answer["ms"])
                    sizes[_kind(path)].append(answer["bytes"])
            time.sleep(1)
            server_ms: dict[str, list[float]] = {k: [] for k in KINDS}
            for path, ms in _server_ms(access_log, skip=skip):
                server_ms[_kind(path)].append(ms)
        finally:
            server.stop()
    print(
        f"The services pages with {args.services} services ({args.participants:,} participants; gunicorn 2 workers x 8 "
        f"threads, loopback), {args.rounds} rounds, the first cold"
    )
    print(f"{'page':<24}{'requests':>9}{'server p50':>11}{'p95':>8}{'max':>8}{'wall p50':>10}{'p95':>8}{'gzip KB':>9}")
    for kind in KINDS:
        s, w = server_ms[kind], wall[kind]
        print(
            f"{kind:<24}{len(s):>9}{statistics.median(s):>11.0f}{_percentile(s, 0.95):>8.0f}{max(s):>8.0f}"
            f"{statistics.median(w):>10.0f}{_percentile(w, 0.95):>8.0f}{statistics.median(sizes[kind]) / 1024:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
