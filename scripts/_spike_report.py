"""What scripts/bench_spike.py prints: per step, what was sent and how it was answered, what reached gunicorn; then
the targets. Every figure of the spike benchmark comes out of here."""

from __future__ import annotations

import collections
import math
from pathlib import Path

import numpy as np
from _spike_client import CACHE_STATUSES

KINDS = ("page", "share preview", "picture", "CSV")
TARGET_NGINX_P95_MS = 50.0
TARGET_DIRECT_P95_MS = 300.0
# The generator kept to its schedule if it sent a step's requests within the step and 99% of them at most this late:
# beyond that the figures say more about the generator than about the server.
LATENESS_LIMIT_MS = 10.0


def app_requests(access_log: Path, offset: int) -> tuple[list[str], int]:
    """Addresses gunicorn answered since `offset` of its access log, and the new offset."""
    with access_log.open("rb") as f:
        f.seek(offset)
        data = f.read()
    lines = data.decode(errors="replace").splitlines()
    out = []
    for line in lines:
        parts = line.split(" ")
        if len(parts) >= 3:
            out.append(parts[1] + ("" if parts[2] in ("-", "") else f"?{parts[2]}"))
    return out, offset + len(data)


def _ms(values) -> str:
    if not len(values):
        return "-"
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return f"p50 {p50:7.1f}  p95 {p95:7.1f}  p99 {p99:7.1f}  max {np.max(values):7.1f}"


def report(label: str, *, rate: float, seconds: float, result: dict, reached: list[str]) -> dict:
    latency = np.asarray(result["latency"]) * 1000
    lateness = np.asarray(result["lateness"]) * 1000
    n = len(latency)
    errors = collections.Counter(s for s in result["status"] if not (isinstance(s, int) and s < 400))
    late99 = float(np.percentile(lateness, 99)) if n else 0.0
    kept = result["sent_seconds"] <= seconds * 1.01 + 0.05 and late99 <= LATENESS_LIMIT_MS
    p95 = float(np.percentile(latency, 95)) if n else float("nan")
    print(f"\n{label}, {rate:g} requests/s for {seconds:g} s: {n} requests")
    print(
        f"  generator: sent in {result['sent_seconds']:.1f} s, p99 {late99:.1f} ms late, "
        f"{'kept to its schedule' if kept else 'DID NOT keep to its schedule'}; {result['opened']} connections opened, "
        f"{result['retried']} requests sent again after a kept-alive connection closed, "
        f"{result['cpu_seconds']:.1f} CPU seconds"
    )
    print(f"  throughput {n / seconds:.1f} answers/s, {result['bytes'] / seconds / 1e6:.1f} MB/s")
    print(f"  latency ms, {'all':<13} {_ms(latency)}")
    kinds = np.asarray(result["kinds"])
    for k, kind in enumerate(KINDS):
        print(f"  latency ms, {kind:<13} {_ms(latency[kinds == k])}")
    print("  errors: " + (", ".join(f"{s}: {c}" for s, c in errors.most_common()) if errors else "none"))
    caches = collections.Counter(result["cache"])
    if any(c != "-" for c in caches):
        print("  nginx: " + ", ".join(f"{s} {caches[s]}" for s in CACHE_STATUSES if caches.get(s)))
    counts = collections.Counter(reached)
    print(
        f"  gunicorn answered {len(reached)} requests for {len(counts)} addresses"
        + (f", at most {max(counts.values())} for one" if counts else "")
    )
    return {
        "rate": rate,
        "p95": p95,
        "errors": sum(errors.values()),
        "kept": kept,
        "n": n,
        "cpu_seconds": result["cpu_seconds"],
    }


def per_address(seen: list[str], *, seconds: float, max_age: int) -> None:
    counts = collections.Counter(seen)
    allowed = math.ceil(seconds / max_age)
    most = max(counts.values()) if counts else 0
    print(
        f"\nthrough nginx, the whole run ({seconds:.0f} s): gunicorn answered {len(seen)} requests for {len(counts)} "
        f"addresses, at most {most} for one address; target at most {allowed} (one per address per max-age of "
        f"{max_age} s): {'met' if most <= allowed else 'MISSED'}"
    )
    for address, count in counts.most_common():
        if count <= allowed:
            break
        print(f"  asked {count} times: {address}")


def targets(summaries: dict) -> None:
    print("\ntargets")
    nginx = summaries.get("through nginx", [])
    sustained = [s for s in nginx if s["kept"]]
    if nginx:
        if sustained:
            top = max(sustained, key=lambda s: s["rate"])
            met = top["errors"] == 0 and top["p95"] <= TARGET_NGINX_P95_MS
            print(
                f"  through nginx at {top['rate']:g} requests/s (the highest rate the generator kept to): "
                f"{top['errors']} errors, p95 {top['p95']:.1f} ms; target no errors and p95 at most "
                f"{TARGET_NGINX_P95_MS:.0f} ms: {'met' if met else 'MISSED'}"
            )
        else:
            print("  through nginx: the generator kept to no rate's schedule; give it more processes or lower rates")
    direct = summaries.get("straight at gunicorn", [])
    if direct:
        past = next((s for s in direct if s["p95"] > TARGET_DIRECT_P95_MS), None)
        below = [s for s in direct if s["p95"] <= TARGET_DIRECT_P95_MS]
        if past is None:
            print(
                f"  straight at gunicorn: p95 stayed at most {TARGET_DIRECT_P95_MS:.0f} ms up to "
                f"{direct[-1]['rate']:g} requests/s"
            )
        else:
            at = f"{past['rate']:g} requests/s (p95 {past['p95']:.0f} ms, {past['errors']} errors)"
            if below:
                print(
                    f"  straight at gunicorn: p95 passes {TARGET_DIRECT_P95_MS:.0f} ms between {below[-1]['rate']:g} "
                    f"requests/s (p95 {below[-1]['p95']:.0f} ms) and {at}"
                )
            else:
                print(
                    f"  straight at gunicorn: p95 is past {TARGET_DIRECT_P95_MS:.0f} ms already at {at}, "
                    "the lowest rate"
                )
