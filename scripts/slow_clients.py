"""Capacity of the public dashboard against slow clients and free-text searches, on loopback.

1. Slow clients: --clients sockets each send the start of a request (`GET /reach HTTP/1.1`,
   `Host: x`, `X-Slow: `) and then one byte every 4 s, holding their connection for --hold
   seconds, as an attacker with a slow link would. Meanwhile /healthz and /reach are asked
   for every 2 s; printed: how long each took (target: under 1 s), and whether the slow
   clients stayed connected throughout.
2. Searches: --searches distinct services searches (the browser's own filter callback with
   other words), one after another, on one worker; printed: its resident memory (RSS)
   before and after.

    .venv/bin/python scripts/slow_clients.py --data-dir data [--hold 40] [--clients 2] [--searches 2000] [--workers 2]
    [--threads 8]

The release is the one in --data-dir (`make demo-release` builds one). gunicorn runs with the
Procfile's worker model unless --threads 1 (sync workers, which one slow client can hold). Traffic
goes only to 127.0.0.1. tests/integration/dashboard/test_app.py runs the same measurements with bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
SLOW_BYTE_EVERY_SECONDS = 4
PROBE_EVERY_SECONDS = 2
PROBE_TIMEOUT_SECONDS = 60
SLOW_START = b"GET /reach HTTP/1.1\r\nHost: x\r\nX-Slow: "


def _timed_get(url: str, *, timeout: float = PROBE_TIMEOUT_SECONDS) -> tuple[int | str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            r.read()
            return r.status, time.monotonic() - started
    except urllib.error.HTTPError as err:
        return err.code, time.monotonic() - started
    except (urllib.error.URLError, OSError) as err:
        return type(getattr(err, "reason", err)).__name__, time.monotonic() - started


def _slow_client(host: str, port: int, hold_seconds: float, held: list) -> None:
    """Send a request's headers a byte every few seconds for `hold_seconds`; counts in `held` if the server kept it."""
    deadline = time.monotonic() + hold_seconds
    try:
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(SLOW_START)
            while time.monotonic() < deadline:
                time.sleep(min(SLOW_BYTE_EVERY_SECONDS, max(0.0, deadline - time.monotonic())))
                sock.sendall(b"a")
            held.append(True)
    except OSError:
        return


def measure(base: str, *, clients: int, hold_seconds: float, paths: tuple[str, ...] = ("/healthz", "/reach")) -> dict:
    """Hold `clients` slow connections for `hold_seconds` while asking for `paths` every PROBE_EVERY_SECONDS:
    {"held": slow clients kept connected throughout, "answers": [(path, status, seconds)], "max": {path: seconds}}."""
    split = urlsplit(base)
    held: list = []
    slow = [
        threading.Thread(target=_slow_client, args=(split.hostname, split.port, hold_seconds, held), daemon=True)
        for _ in range(clients)
    ]
    for t in slow:
        t.start()
    time.sleep(1)  # the slow clients connect and start first, as in the attack
    answers = []
    deadline = time.monotonic() + hold_seconds - 2
    while time.monotonic() < deadline:
        started = time.monotonic()
        for path in paths:
            status, seconds = _timed_get(base + path, timeout=min(PROBE_TIMEOUT_SECONDS, hold_seconds))
            answers.append((path, status, seconds))
        time.sleep(max(0.0, PROBE_EVERY_SECONDS - (time.monotonic() - started)))
    for t in slow:
        t.join(timeout=hold_seconds + 30)
    worst = {path: max(s for p, _st, s in answers if p == path) for path in paths}
    return {"held": len(held), "answers": answers, "max": worst}


def worker_pids(port: int) -> list[int]:
    """gunicorn's workers serving `port`: processes whose command line binds it and whose parent's does too."""
    matching = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if f"127.0.0.1:{port}" in cmdline and "gunicorn" in cmdline:
            matching[int(entry.name)] = ppid
    return sorted(pid for pid, ppid in matching.items() if ppid in matching)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise LookupError(f"no VmRSS for process {pid}")


def _post(base: str, body: dict) -> int:
    request = urllib.request.Request(
        base + "/_dash-update-component",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT_SECONDS) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def search_body(dependencies: list[dict], words: str) -> dict:
    """The callback the services page sends when its search box changes to `words`, other filters at their defaults."""
    dep = next(d for d in dependencies if any(i["id"] == "services-q" for i in d["inputs"]))
    defaults = {
        "services-q": words,
        "services-postcode": "",
        "services-area": "all",
        "services-borough": "all",
        "services-closed": False,
        "services-shade": "",
        "services-age": "",
        "services-route": "all",
        "services-sort": "",
        "services-release": "",
        "services-shown": "",
    }
    outputs = [
        {"id": o.split(".")[0], "property": o.split(".", 1)[1].split("@")[0]}
        for o in dep["output"].strip(".").split("...")
    ]
    return {
        "output": dep["output"],
        "outputs": outputs,
        "changedPropIds": ["services-q.value"],
        "inputs": [{"id": i["id"], "property": i["property"], "value": defaults[i["id"]]} for i in dep["inputs"]],
        "state": [{"id": s["id"], "property": s["property"], "value": defaults[s["id"]]} for s in dep.get("state", [])],
    }


def searches(base: str, *, count: int, warm_up: int = 20) -> dict:
    """`count` distinct searches against a one-worker server: {"before_mb", "after_mb", "growth_mb", "failed",
    "seconds"}."""
    pids = worker_pids(urlsplit(base).port)
    if len(pids) != 1:
        raise RuntimeError(f"expected one gunicorn worker on {base}, found {pids}")
    with urllib.request.urlopen(base + "/_dash-dependencies", timeout=PROBE_TIMEOUT_SECONDS) as r:
        dependencies = json.loads(r.read())
    failed = 0
    for i in range(warm_up):  # the code paths of a search loaded, as after a few real visitors
        failed += _post(base, search_body(dependencies, f"warm{i}")) != 200
    before = rss_mb(pids[0])
    started = time.monotonic()
    for i in range(count):
        # Words that match some services (a prefix of a real one) and words that match none.
        failed += (
            _post(base, search_body(dependencies, f"{'youth' if i % 2 else 'mentor'} {i:05d}"[: 6 + i % 12])) != 200
        )
    return {
        "before_mb": round(before, 1),
        "after_mb": round(rss_mb(pids[0]), 1),
        "growth_mb": round(rss_mb(pids[0]) - before, 1),
        "failed": failed,
        "seconds": round(time.monotonic() - started, 1),
        "searches": count,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, default=Path("data"), help="folder holding public.db (default: data)")
    p.add_argument(
        "--hold", type=float, default=40.0, help="seconds the slow clients hold their connections (default 40)"
    )
    p.add_argument("--clients", type=int, default=2, help="slow clients (default 2)")
    p.add_argument("--searches", type=int, default=2000, help="distinct searches on one worker (default 2000; 0: skip)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--threads", type=int, default=8, help="threads per worker (default 8, as the Procfile; 1: sync workers)"
    )
    args = p.parse_args()
    if not (args.data_dir / "public.db").is_file():
        p.error(f"no public.db in {args.data_dir}: run `make demo-release` first")
    sys.path.insert(0, str(HERE))
    from _dashserver import Gunicorn

    env = {"VRU_DATA_DIR": str(args.data_dir.resolve())}
    out = Path(os.environ.get("TMPDIR", "/tmp"))
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    server = Gunicorn(env=env, log=out / "slow-clients-gunicorn.log", workers=args.workers, threads=args.threads)
    try:
        server.wait_ready()
        _timed_get(server.base + "/reach")
        result = measure(server.base, clients=args.clients, hold_seconds=args.hold)
        kind = "sync workers" if args.threads == 1 else f"gthread workers of {args.threads} threads"
        print(
            f"{args.clients} slow clients for {args.hold:g} s against {args.workers} {kind}: {result['held']} stayed "
            "connected"
        )
        for path, seconds in result["max"].items():
            statuses = sorted({str(st) for p_, st, _s in result["answers"] if p_ == path})
            print(
                f"  {path}: {sum(1 for a in result['answers'] if a[0] == path)} requests, slowest {seconds:.2f} s, "
                f"statuses {', '.join(statuses)}"
            )
    finally:
        server.stop()
    if args.searches:
        server = Gunicorn(env=env, log=out / "slow-clients-search-gunicorn.log", workers=1, threads=args.threads)
        try:
            server.wait_ready()
            found = searches(server.base, count=args.searches)
            print(
                f"{found['searches']} distinct searches on one worker in {found['seconds']} s: RSS "
                f"{found['before_mb']} MB before, "
                f"{found['after_mb']} MB after (+{found['growth_mb']} MB), {found['failed']} failed"
            )
        finally:
            server.stop()
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
