"""What one client can make the public dashboard draw, against gunicorn on loopback, and how /healthz answers
meanwhile: the Committee report's PDF and chart pictures, the two things a request can ask the server to draw.

1. The PDF, cold and cached: on a fresh server, /services/report.pdf once (made: wall time and the server's
   render time from Server-Timing), then --repeat times more (from the cache).
2. A PDF storm: on another fresh server, --pdf-clients clients ask for /services/report.pdf at the same
   moment, and each asks again after Retry-After until it has its PDF, while /healthz is asked every
   0.25 s. Printed: the answers, the PDFs made (X-Report-Cache: miss), and /healthz's p95 and slowest.
3. Pictures: --connections connections of one client ask for distinct chart pictures no page links to
   (the reach trend for each programme and borough, in each format and size) for --seconds; printed: the
   pictures drawn per second (X-Image-Cache: miss), refused per second (503), and /healthz meanwhile.
   The server's own limit, VRU_IMAGE_RENDERS_PER_MINUTE, is whatever the environment sets (30 by default).

    .venv/bin/python scripts/render_limits.py --data-dir DIR [--steps pdf,storm,pictures] [--workers 2]
        [--threads 8] [--pdf-clients 16] [--connections 8] [--seconds 30] [--tree PATH]

DIR holds public.db (`make demo-release` builds one in data/). gunicorn runs the Procfile's worker model
(scripts/_dashserver.py); --tree serves another copy of the project, to measure a change before making it.
Traffic goes only to 127.0.0.1. tests/integration/dashboard/register/test_committee_report.py runs the storm
with a bound, and tests/integration/dashboard/exports/test_images.py the pictures' limits.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import json
import math
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PDF = "/services/report.pdf"
HEALTH_EVERY_SECONDS = 0.25
REFUSED_PAUSE_SECONDS = 0.2
TIMEOUT_SECONDS = 120


def get(url: str, *, method: str = "GET") -> tuple[int | str, dict, float]:
    """(status, headers, seconds) of one request; a connection error's name as its status."""
    began = time.monotonic()
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as r:
            r.read()
            return r.status, dict(r.headers), time.monotonic() - began
    except urllib.error.HTTPError as err:
        err.read()
        return err.code, dict(err.headers), time.monotonic() - began
    except (urllib.error.URLError, OSError) as err:
        return type(getattr(err, "reason", err)).__name__, {}, time.monotonic() - began


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


class HealthProbe:
    """/healthz asked every HEALTH_EVERY_SECONDS, each on a thread of its own, as a load balancer probes (a slow
    answer does not delay the next probe, so a stall counts for every probe it holds up), until stopped."""

    def __init__(self, base: str):
        self.base, self.answers, self._stop = base, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._probes: list[threading.Thread] = []

    def _probe(self) -> None:
        status, _headers, seconds = get(self.base + "/healthz")
        self.answers.append((status, seconds))

    def _run(self) -> None:
        while not self._stop.wait(HEALTH_EVERY_SECONDS):
            probe = threading.Thread(target=self._probe, daemon=True)
            probe.start()
            self._probes.append(probe)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(TIMEOUT_SECONDS)
        for probe in self._probes:
            probe.join(TIMEOUT_SECONDS)

    def summary(self) -> dict:
        seconds = [s for _st, s in self.answers]
        return {
            "requests": len(seconds),
            "failed": sum(1 for st, _s in self.answers if st != 200),
            "p95": round(p95(seconds), 3),
            "max": round(max(seconds, default=0.0), 3),
        }


def _statuses(answers: list[tuple]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for answer in answers:
        counts[str(answer[0])] = counts.get(str(answer[0]), 0) + 1
    return dict(sorted(counts.items()))


def pdf_times(base: str, *, repeat: int = 10) -> dict:
    """The PDF once cold and `repeat` times cached: {"cold": wall s, "cold_render": server's s, "cached_median": s}."""
    status, headers, cold = get(base + PDF)
    if status != 200 or headers.get("X-Report-Cache", "miss") != "miss":
        raise RuntimeError(f"the first PDF was {status} {headers.get('X-Report-Cache')}, not a 200 made now")
    render = float(headers.get("Server-Timing", "render;dur=nan").split("dur=")[1]) / 1000
    cached = [get(base + PDF) for _ in range(repeat)]
    return {
        "cold": round(cold, 3),
        "cold_render": round(render, 3),
        "cached_median": round(statistics.median(s for _st, _h, s in cached), 4),
        "cached_hits": sum(1 for _st, h, _s in cached if h.get("X-Report-Cache") == "hit"),
        "repeat": repeat,
    }


def pdf_storm(base: str, *, clients: int = 16, patience_seconds: float = 120.0) -> dict:
    """`clients` ask for the PDF at once; each asks again after Retry-After until it gets it. /healthz meanwhile."""
    barrier = threading.Barrier(clients)

    def client() -> list[tuple[int | str, str, float]]:
        barrier.wait()
        answers, deadline = [], time.monotonic() + patience_seconds
        while time.monotonic() < deadline:
            status, headers, seconds = get(base + PDF)
            answers.append((status, headers.get("X-Report-Cache", ""), seconds))
            if status != 503:
                break
            time.sleep(float(headers.get("Retry-After", "1")))
        return answers

    with HealthProbe(base) as health:
        time.sleep(1)  # a few answers before the storm, as a load balancer would have seen
        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            answers = [a for each in pool.map(lambda _i: client(), range(clients)) for a in each]
        time.sleep(1)
    got = [a for a in answers if a[0] == 200]
    return {
        "clients": clients,
        "answers": len(answers),
        "statuses": _statuses(answers),
        "pdfs": len(got),
        "made": sum(1 for a in got if a[1] == "miss"),
        "slowest_pdf": round(max((a[2] for a in answers), default=0.0), 2),
        "health": health.summary(),
    }


def unlinked_views(base: str) -> list[str]:
    """Chart pictures no page links to: the reach trend for each programme and borough, in each format and size."""

    def rows(dataset: str) -> list[dict]:
        with urllib.request.urlopen(f"{base}/api/v1/{dataset}?limit=10000", timeout=TIMEOUT_SECONDS) as r:
            return json.loads(r.read())["rows"]

    programmes = [r["programme_id"] for r in rows("programmes")]
    boroughs = [r["gss_code"] for r in rows("boroughs")]
    kinds = [("png", ""), ("png", "&size=og"), ("svg", "&size=card"), ("svg", "&size=card-narrow")]
    return [
        f"/image/reach/reach-trend.{fmt}?programme={p}&borough={b}{size}"
        for (fmt, size), p, b in itertools.product(kinds, programmes, boroughs)
    ]


def picture_storm(base: str, *, connections: int = 8, seconds: float = 30.0) -> dict:
    """One client's `connections` asking for distinct unlinked pictures for `seconds`, going round the list again
    once it is done (a picture refused before may be drawn later; one drawn is then a cache hit): the pictures
    drawn and refused per second. A connection refused waits REFUSED_PAUSE_SECONDS before its next request, so that
    what is measured is drawing, not a flood of requests, which costs the same with or without a limit."""
    views = itertools.cycle(unlinked_views(base))
    lock, answers = threading.Lock(), []
    stop_at = time.monotonic() + seconds

    def connection() -> None:
        while time.monotonic() < stop_at:
            with lock:
                path = next(views)
            status, headers, took = get(base + path)
            answers.append((status, headers.get("X-Image-Cache", ""), took, headers.get("Retry-After")))
            if status == 503:
                time.sleep(REFUSED_PAUSE_SECONDS)

    with HealthProbe(base) as health:
        began = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(connections) as pool:
            list(pool.map(lambda _i: connection(), range(connections)))
        elapsed = time.monotonic() - began
    drawn = sum(1 for a in answers if a[0] == 200 and a[1] == "miss")
    refused = [a for a in answers if a[0] == 503]
    return {
        "connections": connections,
        "seconds": round(elapsed, 1),
        "requests": len(answers),
        "drawn": drawn,
        "drawn_per_second": round(drawn / elapsed, 2),
        "refused_per_second": round(len(refused) / elapsed, 2),
        "refused_without_retry_after": sum(1 for a in refused if not a[3]),
        "statuses": _statuses(answers),
        "health": health.summary(),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, default=Path("data"), help="folder holding public.db (default: data)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=8, help="threads per worker (default 8, as the Procfile)")
    p.add_argument("--pdf-clients", type=int, default=16)
    p.add_argument("--repeat", type=int, default=10, help="cached PDFs asked for after the cold one")
    p.add_argument("--connections", type=int, default=8, help="one client's connections asking for pictures")
    p.add_argument("--seconds", type=float, default=30.0, help="how long the pictures are asked for")
    p.add_argument("--steps", default="pdf,storm,pictures", help="which of pdf, storm, pictures (default: all)")
    p.add_argument("--tree", type=Path, default=HERE.parent, help="the copy of the project to serve")
    args = p.parse_args()
    if not (args.data_dir / "public.db").is_file():
        p.error(f"no public.db in {args.data_dir}: run `make demo-release` first")
    sys.path.insert(0, str(HERE))
    from _dashserver import Gunicorn

    # No warm-up: pictures and PDFs start cold, so what is measured is drawing, not reading a cache.
    env = {"VRU_DATA_DIR": str(args.data_dir.resolve()), "VRU_IMAGE_WARMUP": "0"}
    out = Path(os.environ.get("TMPDIR", "/tmp"))
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    steps = [s for s in args.steps.split(",") if s]
    # The cold PDF needs a server of its own; the storm needs one on which no PDF is made yet.
    for group in (["pdf"], ["storm", "pictures"]):
        wanted = [s for s in group if s in steps]
        if not wanted:
            continue
        server = Gunicorn(
            env=env,
            log=out / f"render-limits-{group[0]}.log",
            workers=args.workers,
            threads=args.threads,
            tree=args.tree,
        )
        try:
            server.wait_ready()
            if "pdf" in wanted:
                print("PDF, cold then cached:", json.dumps(pdf_times(server.base, repeat=args.repeat)), flush=True)
            if "storm" in wanted:
                storm = pdf_storm(server.base, clients=args.pdf_clients)
                print(f"{args.pdf_clients} PDFs at once:", json.dumps(storm), flush=True)
            if "pictures" in wanted:
                result = picture_storm(server.base, connections=args.connections, seconds=args.seconds)
                print("pictures no page links to, from one client:", json.dumps(result), flush=True)
        finally:
            server.stop()
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
