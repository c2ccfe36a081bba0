"""Lighthouse scores of the public dashboard's pages: performance, accessibility, blocking time, layout shift and bytes.

Serves the demo release (data/public.db; built as `make run` builds it when missing) with
gunicorn (scripts/_dashserver.py: 2 workers, public mode, a free loopback port), runs Lighthouse in Debian's
headless Chromium on `/` and the other public pages with the desktop preset and the
default mobile emulation (simulated throttling), keeps every JSON report in
.cache/lighthouse-reports/, and prints per page and preset: performance, accessibility and
best-practices scores, FCP, LCP, TBT, CLS and the bytes transferred, then every audit
that fails (accessibility and best-practices audits under 1, performance opportunities
and diagnostics under 0.9) with where it fails.

    .venv/bin/python scripts/lighthouse.py [--pages / /reach ...] [--presets desktop mobile]
                                           [--runs N] [--block URL-PATTERN ...] [--out DIR]

Lighthouse (pinned below) is installed with npm into .cache/lighthouse/ when missing.
With --runs N each page and preset is measured N times and the run with the median
performance score is reported (Lighthouse's own advice against run-to-run noise).
--block passes Lighthouse's --blocked-url-patterns. --tree serves another copy of the
project (e.g. /tmp/x with a proposed change to dashboard/ or assets/) on this checkout's
data, to measure a change before making it. (To see a chart page without plotly.js, use
--tree with a copy whose charts are placeholders: blocking plotly.min.js with --block makes
Chromium's tab crash while dcc.Graph waits for it.)

A measuring tool, not a test. Exit status: 0 when every page measured reaches the targets below
(performance at least 90 mobile and 95 desktop, accessibility 100, TBT under 300 ms,
CLS at most 0.05, at most 0.7 MB transferred), 1 when one misses one, 2 when a measurement
could not be made. Traffic goes only to 127.0.0.1; the
server is stopped at the end, and every Lighthouse run is bounded in time.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from _dashserver import CHROMIUM, ROOT, Gunicorn

# 12.x is the newest line that runs on Debian 12's node 20 (lighthouse 13 needs node >= 22.19).
LIGHTHOUSE_VERSION = "12.8.2"
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
LIGHTHOUSE_BIN = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices")
PAGES = ("/", "/reach", "/geography", "/kpis", "/spend", "/services", "/funding-need", "/about", "/programmes/divert")
PRESETS = ("desktop", "mobile")
DATA = ROOT / "data"
VENV_BIN = ROOT / ".venv" / "bin"
DEMO_EXTRACTS = DATA / "demo-extracts"

PLOTLY_URL = (
    "plotly/package_data/plotly.min.js"  # where dcc.Graph fetches it (dashboard/app.py serves the bundle there)
)

# The targets, on every public page: performance at least 90 on the mobile preset and 95 on the desktop one,
# accessibility 100, blocking time under 300 ms, layout shift at most 0.05, at most 0.7 MB transferred on first load.
TARGET_PERFORMANCE = {"mobile": 90, "desktop": 95}
TARGET_ACCESSIBILITY = 100
TARGET_TBT_MS = 300
TARGET_CLS = 0.05
TARGET_BYTES = 700_000  # 0.7 MB, decimal, as docs/performance.md's figures

RUN_TIMEOUT_S = 240  # one Lighthouse run
SERVER_START_TIMEOUT_S = 120


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- set-up


def ensure_lighthouse() -> str:
    if LIGHTHOUSE_BIN.exists():
        version = subprocess.run(
            [str(LIGHTHOUSE_BIN), "--version"], check=False, capture_output=True, text=True, timeout=60
        ).stdout.strip()
        if version == LIGHTHOUSE_VERSION:
            return version
        log(f"lighthouse {version} in {LIGHTHOUSE_DIR.relative_to(ROOT)}, {LIGHTHOUSE_VERSION} wanted: reinstalling")
    if shutil.which("npm") is None:
        raise RuntimeError("npm is needed to install lighthouse (apt-get install npm)")
    log(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR.relative_to(ROOT)}")
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    cache_ignore = ROOT / ".cache" / ".gitignore"  # the cache is never committed, whatever .gitignore says
    if not cache_ignore.exists():
        cache_ignore.write_text("*\n")
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(LIGHTHOUSE_DIR),
            "--no-audit",
            "--no-fund",
            "--silent",
            f"lighthouse@{LIGHTHOUSE_VERSION}",
        ],
        check=True,
        timeout=600,
    )
    return subprocess.run(
        [str(LIGHTHOUSE_BIN), "--version"], capture_output=True, text=True, timeout=60, check=True
    ).stdout.strip()


def ensure_release() -> None:
    """data/public.db as `make run` builds it: synthetic extracts once, then a demo release."""
    if (DATA / "public.db").exists():
        return
    etl = str(VENV_BIN / "vru-etl")
    if not (DEMO_EXTRACTS / "participants.csv").exists():
        log("Writing synthetic extracts to data/demo-extracts")
        subprocess.run(
            [etl, "generate", "--out", str(DEMO_EXTRACTS), "--no-returns"], cwd=ROOT, check=True, timeout=900
        )
    log("Building a demo release into data/public.db")
    subprocess.run([etl, "run", "--input", str(DEMO_EXTRACTS), "--demo"], cwd=ROOT, check=True, timeout=900)


# --------------------------------------------------------------------------- server

PICTURE = re.compile(r'(?:src|srcset)="(/image/[^"]+\.svg\?[^"]*)"')


def warm(base: str, pages) -> None:
    """One request per page and worker first, so no run measures a worker's first import of a page,
    and one for each chart picture the page shows first (dashboard/charts/facade.py): a live site has
    drawn them for its earlier visitors (and draws the default views' ahead), so no run measures the
    image renderer's first drawing of one."""
    for _ in range(2):  # two workers
        for page in pages:
            try:
                body = urllib.request.urlopen(base + page, timeout=60).read().decode("utf-8", "replace")
                for picture in sorted(set(PICTURE.findall(body))):
                    urllib.request.urlopen(base + html.unescape(picture), timeout=120).read()
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass


# --------------------------------------------------------------------------- lighthouse


def report_name(page: str, preset: str, run: int) -> str:
    slug = page.strip("/").replace("/", "-") or "overview"
    return f"{slug}.{preset}.{run}.json"


def run_lighthouse(url: str, preset: str, out: Path, blocked: list[str]) -> dict:
    cmd = [
        str(LIGHTHOUSE_BIN),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--max-wait-for-load=60000",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    cmd.extend(f"--blocked-url-patterns={pattern}" for pattern in blocked)
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    # Its own process group: a run past its time is ended with the Chromium it started.
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, err = proc.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RuntimeError(f"lighthouse {url} ({preset}) took more than {RUN_TIMEOUT_S} s") from None
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse {url} ({preset}) failed with exit {proc.returncode}:\n{err[-2000:]}")
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url} ({preset}): {report['runtimeError'].get('message')}")
    return report


def score(report: dict, category: str):
    value = report["categories"].get(category, {}).get("score")
    return None if value is None else round(value * 100)


def numeric(report: dict, audit: str):
    return report["audits"].get(audit, {}).get("numericValue")


def summary(report: dict) -> dict:
    return {
        "performance": score(report, "performance"),
        "accessibility": score(report, "accessibility"),
        "best-practices": score(report, "best-practices"),
        "fcp_ms": numeric(report, "first-contentful-paint"),
        "lcp_ms": numeric(report, "largest-contentful-paint"),
        "tbt_ms": numeric(report, "total-blocking-time"),
        "cls": numeric(report, "cumulative-layout-shift"),
        "bytes": numeric(report, "total-byte-weight"),
        # Lighthouse's measure of the CPU's speed during the run: simulated throttling scales
        # the main-thread time it observed, so a busy machine lowers mobile scores.
        "benchmark": report.get("environment", {}).get("benchmarkIndex"),
    }


def failing_audits(report: dict) -> list[tuple[str, str, str, str]]:
    """(category, audit id, title, display value) of every audit that fails in the report."""
    failing = []
    for category in CATEGORIES:
        cat = report["categories"].get(category)
        if not cat:
            continue
        for ref in cat["auditRefs"]:
            # The metrics are in the table; "hidden" holds lighthouse 12's insight audits
            # (duplicates of the classic ones listed) and TTI / max potential FID.
            if ref.get("group") in ("metrics", "hidden"):
                continue
            audit = report["audits"].get(ref["id"], {})
            value, mode = audit.get("score"), audit.get("scoreDisplayMode")
            if value is None or mode in ("notApplicable", "informative", "manual", "error"):
                continue
            limit = 0.9 if category == "performance" else 1.0
            if value < limit:
                display = audit.get("displayValue", "")
                savings = {k: v for k, v in (audit.get("metricSavings") or {}).items() if v}
                if savings:
                    display = "; ".join(
                        filter(
                            None,
                            [
                                display,
                                "saves "
                                + ", ".join(
                                    f"CLS {v:.3f}" if k == "CLS" else f"{k} {v:,.0f} ms" for k, v in savings.items()
                                ),
                            ],
                        )
                    )
                failing.append((category, ref["id"], audit.get("title", ""), display))
    return failing


def script_cost(report: dict, needle: str) -> dict | None:
    """What one script (the first URL containing `needle`) costs the page: bytes
    transferred, main-thread time (bootup-time: evaluation, parse and compile) and the
    part of its long tasks over 50 ms (its share of TBT, as Lighthouse attributes tasks)."""
    requests = [
        r
        for r in report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
        if needle in r.get("url", "")
    ]
    if not requests:
        return None
    url = requests[0]["url"]
    bootup = next(
        (i for i in report["audits"].get("bootup-time", {}).get("details", {}).get("items", []) if i.get("url") == url),
        {},
    )
    tasks = [
        t for t in report["audits"].get("long-tasks", {}).get("details", {}).get("items", []) if t.get("url") == url
    ]
    return {
        "bytes": sum(r.get("transferSize") or 0 for r in requests),
        "cpu_ms": bootup.get("total", 0.0),
        "blocking_ms": sum(max(0.0, t["duration"] - 50) for t in tasks),
        "tbt_ms": numeric(report, "total-blocking-time"),
    }


# --------------------------------------------------------------------------- output


def fmt_ms(v) -> str:
    return "-" if v is None else f"{v:,.0f}"


def fmt_score(v) -> str:
    return "-" if v is None else str(v)


def print_table(rows: list[tuple[str, str, dict]]) -> None:
    header = (
        "page",
        "preset",
        "perf",
        "a11y",
        "best-pr",
        "FCP ms",
        "LCP ms",
        "TBT ms",
        "CLS",
        "transferred",
        "CPU index",
    )
    lines = [header]
    for page, preset, s in rows:
        lines.append(
            (
                page,
                preset,
                fmt_score(s["performance"]),
                fmt_score(s["accessibility"]),
                fmt_score(s["best-practices"]),
                fmt_ms(s["fcp_ms"]),
                fmt_ms(s["lcp_ms"]),
                fmt_ms(s["tbt_ms"]),
                "-" if s["cls"] is None else f"{s['cls']:.3f}",
                "-" if s["bytes"] is None else f"{s['bytes'] / 1e6:.2f} MB",
                fmt_ms(s["benchmark"]),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for n, line in enumerate(lines):
        print("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), help="paths to measure (default: the public pages)")
    parser.add_argument("--presets", nargs="+", default=list(PRESETS), choices=PRESETS)
    parser.add_argument(
        "--runs", type=int, default=1, help="runs per page and preset; the median by performance is reported"
    )
    parser.add_argument(
        "--block",
        nargs="+",
        default=[],
        metavar="PATTERN",
        help="URL patterns Chromium blocks (Lighthouse --blocked-url-patterns)",
    )
    parser.add_argument(
        "--tree",
        type=Path,
        default=ROOT,
        help="serve the dashboard/ and assets/ of this copy of the project (to measure a change before making it); "
        "the data are still this checkout's data/public.db",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / ".cache" / "lighthouse-reports", help="folder of the JSON reports"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    try:
        version = ensure_lighthouse()
        ensure_release()
    except (RuntimeError, subprocess.SubprocessError, OSError) as err:
        log(f"lighthouse.py: {err}")
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    chromium = subprocess.run(
        [CHROMIUM, "--version"], check=False, capture_output=True, text=True, timeout=60
    ).stdout.strip()
    print(
        f"lighthouse {version}, {chromium}, "
        f"simulated throttling; reports in {args.out}"
        + (f"; blocked: {' '.join(args.block)}" if args.block else "")
        + (f"; serving {args.tree}" if args.tree.resolve() != ROOT else "")
    )

    # No background drawing of every default image while pages are measured: warm() asks for the pictures the pages
    # show.
    server = Gunicorn(
        env={
            "VRU_DATA_DIR": str(DATA),
            "VRU_PUBLIC_DATABASE_URL": f"sqlite:///{DATA / 'public.db'}",
            "VRU_IMAGE_WARMUP": "0",
        },
        log=args.out / "gunicorn.log",
        tree=args.tree.resolve(),
    )
    rows, reports = [], {}
    try:
        server.wait_ready(SERVER_START_TIMEOUT_S)
        warm(server.base, args.pages)
        for page in args.pages:
            for preset in args.presets:
                runs = []
                for run in range(1, args.runs + 1):
                    started = time.monotonic()
                    report = run_lighthouse(
                        server.base + page, preset, args.out / report_name(page, preset, run), args.block
                    )
                    runs.append(report)
                    s = summary(report)
                    log(
                        f"  {page} {preset} run {run}: performance {s['performance']}, accessibility "
                        f"{s['accessibility']}, "
                        f"TBT {fmt_ms(s['tbt_ms'])} ms, LCP {fmt_ms(s['lcp_ms'])} ms, CPU benchmark index "
                        f"{fmt_ms(s['benchmark'])}, "
                        f"load average {os.getloadavg()[0]:.1f} ({time.monotonic() - started:.0f} s)"
                    )
                runs.sort(key=lambda r: score(r, "performance") or 0)
                median = runs[len(runs) // 2]
                reports[(page, preset)] = median
                rows.append((page, preset, summary(median)))
    except (RuntimeError, subprocess.SubprocessError, OSError) as err:
        log(f"lighthouse.py: {err}")
        if rows:
            print_table(rows)
        return 2
    finally:
        server.stop()

    print()
    print_table(rows)
    print(
        "(median run by performance; CPU index: Lighthouse's benchmarkIndex in that run, lower on a busy machine, "
        "where mobile TBT and LCP come out higher)"
    )

    # Failing audits, grouped by audit, with the pages and presets where each fails.
    failures: dict[tuple[str, str], dict] = {}
    for (page, preset), report in reports.items():
        for category, audit_id, title, display in failing_audits(report):
            entry = failures.setdefault((category, audit_id), {"title": title, "where": []})
            entry["where"].append(f"{page} {preset}" + (f" ({display})" if display else ""))
    print()
    if failures:
        print("Failing audits (accessibility and best practices under 1, performance under 0.9):")
        for (category, audit_id), entry in sorted(failures.items()):
            print(f"- [{category}] {audit_id}: {entry['title']}")
            for where in entry["where"]:
                print(f"    {where}")
    else:
        print("No failing audits.")

    # plotly.js (fetched by dcc.Graph on pages that draw a chart): its share of each page.
    costs = [(page, preset, script_cost(report, PLOTLY_URL)) for (page, preset), report in reports.items()]
    costs = [c for c in costs if c[2]]
    print()
    if costs:
        print(
            "plotly.js on the pages that load it (transferred; main-thread time; long-task time over 50 ms, its share "
            "of TBT):"
        )
        for page, preset, c in costs:
            print(
                f"  {page:<14} {preset:<8} {c['bytes'] / 1e6:.2f} MB; {c['cpu_ms']:,.0f} ms; "
                f"{c['blocking_ms']:,.0f} of {c['tbt_ms']:,.0f} ms TBT"
            )
    else:
        print("plotly.js: not loaded by any page measured.")

    # The targets, on every page measured.
    missed = []
    for page, preset, s in rows:
        if (s["performance"] or 0) < TARGET_PERFORMANCE[preset]:
            missed.append(f"{page} {preset}: performance {s['performance']} < {TARGET_PERFORMANCE[preset]}")
        if (s["accessibility"] or 0) < TARGET_ACCESSIBILITY:
            missed.append(f"{page} {preset}: accessibility {s['accessibility']} < {TARGET_ACCESSIBILITY}")
        if s["tbt_ms"] is not None and s["tbt_ms"] >= TARGET_TBT_MS:
            missed.append(f"{page} {preset}: TBT {s['tbt_ms']:,.0f} ms >= {TARGET_TBT_MS} ms")
        if s["cls"] is not None and s["cls"] > TARGET_CLS:
            missed.append(f"{page} {preset}: CLS {s['cls']:.3f} > {TARGET_CLS}")
        if s["bytes"] is not None and s["bytes"] > TARGET_BYTES:
            missed.append(f"{page} {preset}: {s['bytes'] / 1e6:.2f} MB transferred > {TARGET_BYTES / 1e6:.1f} MB")
    print()
    if missed:
        print("Targets missed:\n  " + "\n  ".join(missed))
        return 1
    print(
        f"Targets met on every page measured: performance >= {TARGET_PERFORMANCE['mobile']} mobile, >= "
        f"{TARGET_PERFORMANCE['desktop']} "
        f"desktop; accessibility {TARGET_ACCESSIBILITY}; TBT < {TARGET_TBT_MS} ms; CLS <= {TARGET_CLS}; <= "
        f"{TARGET_BYTES / 1e6:.1f} MB transferred."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
