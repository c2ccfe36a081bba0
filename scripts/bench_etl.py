"""Benchmark of the ETL at benchmark scale (default 1,000,000 participants).

Prints: the time of each stage of one whole run (`vru-etl run` in a child process,
into fresh SQLite databases), the run's peak memory, and the core aggregation
timed in pandas (ours) and in DuckDB (a reference columnar engine) on the same
pseudonymised records, with their ratio. DuckDB's counts are checked against ours.

    .venv/bin/python scripts/bench_etl.py [--participants N] [--out bench-out]

A benchmark, not a test: it prints figures and asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AS_OF = "2026-11-22"
SEED = 20261122


def _generate(out: Path, participants: int) -> float:
    marker = out / "participants.csv"
    stamp = out / ".bench-params"
    params = f"{participants} {SEED} {AS_OF}"
    if marker.exists() and stamp.exists() and stamp.read_text() == params:
        return 0.0
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "etl.cli",
            "generate",
            "--out",
            str(out),
            "--participants",
            str(participants),
            "--seed",
            str(SEED),
            "--as-of",
            AS_OF,
            "--no-returns",  # the ETL's benchmark reads the CSV extracts only
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stamp.write_text(params)
    return time.perf_counter() - started


def _run_etl(extracts: Path) -> tuple[float, dict, float]:
    """One whole run in a child process; returns (seconds, stage seconds, peak RSS in MB)."""
    code = (
        "import json, datetime as dt; from etl import pipeline; "
        f"r = pipeline.run({str(extracts)!r}, demo=True, as_of=dt.date.fromisoformat({AS_OF!r})); "
        "print(json.dumps({'seconds': r.seconds, 'release': r.release}))"
    )
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, VRU_DATA_DIR=data)
        env.pop("VRU_INTERNAL_DATABASE_URL", None)
        env.pop("VRU_PUBLIC_DATABASE_URL", None)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - started
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, report, max(peak_kb, before) / 1024


def _people(extracts: Path):
    from etl import extract
    from etl.pseudonymise import DEMO_KEY, pseudonymise
    from etl.validation import validate

    frames, problems = extract.read_extracts(extracts)
    typed, _ = validate.validate(frames, as_of=dt.date.fromisoformat(AS_OF), prior_findings=problems)
    return pseudonymise(typed["participants"], key=DEMO_KEY), list(typed["programmes"]["programme_id"])


DUCKDB_SQL = """
WITH events AS (
    SELECT 'participants' AS measure, person_id, programme_id, borough_code AS borough, age_band, gender, ethnicity,
    start_date AS d, referral_date AS r
    FROM people WHERE start_date IS NOT NULL
    UNION ALL
    SELECT 'referrals', person_id, programme_id, borough_code, age_band, gender, ethnicity, referral_date, referral_date
    FROM people
    UNION ALL
    SELECT 'completions', person_id, programme_id, borough_code, age_band, gender, ethnicity, end_date, referral_date
    FROM people WHERE status = 'completed' AND end_date IS NOT NULL
), dated AS (
    SELECT *,
        (year(d) - CASE WHEN month(d) < 4 THEN 1 ELSE 0 END) AS fy_start,
        ((month(d) + 8) % 12) // 3 + 1 AS q
    FROM events WHERE d BETWEEN DATE '2021-04-01' AND DATE '2026-03-31'
), periods AS (
    SELECT *, printf('%d-%02d', fy_start, (fy_start + 1) % 100) AS period FROM dated
    UNION ALL
    SELECT * REPLACE (0 AS fy_start), printf('%d-%02d Q%d', fy_start, (fy_start + 1) % 100, q) FROM dated
), scoped AS (
    SELECT measure, person_id, programme_id AS programme, period, borough, age_band, gender, ethnicity, d, r FROM
    periods
    UNION ALL
    SELECT measure, person_id, 'all', period, borough, age_band, gender, ethnicity, d, r FROM periods
), firsts AS (
    -- distinct people: each person once per (programme, period), with their first record's
    -- attributes (ties on the date broken by referral date, as the input order does for pandas)
    SELECT * FROM scoped
    QUALIFY measure <> 'participants' OR row_number() OVER (PARTITION BY measure, programme, period, person_id ORDER BY
    d, r) = 1
)
SELECT measure, programme, period,
       coalesce(borough, 'all') AS borough, coalesce(age_band, 'all') AS age_band,
       coalesce(gender, 'all') AS gender, coalesce(ethnicity, 'all') AS ethnicity, count(*) AS value
FROM firsts
GROUP BY GROUPING SETS ((measure, programme, period), (measure, programme, period, borough),
                        (measure, programme, period, age_band), (measure, programme, period, gender),
                        (measure, programme, period, ethnicity))
"""


def _aggregations(people, programme_ids) -> tuple[float, float, int]:
    import duckdb

    from etl.aggregate import DIMENSIONS, count_cells

    started = time.perf_counter()
    ours = count_cells(people, programme_ids=programme_ids)
    pandas_seconds = time.perf_counter() - started

    con = duckdb.connect()
    con.execute("SET threads TO 2")
    # The same records, with the hash as a signed integer (DuckDB has no uint64 from pandas here).
    con.register("people", people.assign(person_id=people["person_id"].astype("int64")))
    started = time.perf_counter()
    theirs = con.execute(DUCKDB_SQL).df()
    duckdb_seconds = time.perf_counter() - started

    # Same answer on the cells both publish (DuckDB computes every breakdown for every period).
    merged = ours.merge(theirs, on=list(DIMENSIONS), how="left", suffixes=("", "_duckdb"))
    merged["value_duckdb"] = merged["value_duckdb"].fillna(0).astype("int64")
    mismatches = int((merged["value"] != merged["value_duckdb"]).sum())
    return pandas_seconds, duckdb_seconds, mismatches


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--participants", type=int, default=1_000_000)
    p.add_argument("--out", type=Path, default=Path("bench-out"))
    args = p.parse_args()
    extracts = args.out / f"extracts-{args.participants}"
    extracts.mkdir(parents=True, exist_ok=True)

    gen_seconds = _generate(extracts, args.participants)
    size_mb = sum(f.stat().st_size for f in extracts.glob("*.csv")) / 1e6
    rows = sum(1 for _ in (extracts / "participants.csv").open()) - 1
    print(
        f"input: {args.participants:,} participants, {rows:,} referral rows, {size_mb:,.0f} MB of CSV"
        + (f" (generated in {gen_seconds:.1f} s)" if gen_seconds else " (cached)")
    )

    seconds, report, peak_mb = _run_etl(extracts)
    print(f"whole run: {seconds:.1f} s wall, peak memory {peak_mb:,.0f} MB")
    for stage, s in report["seconds"].items():
        print(f"  {stage:<20} {s:7.2f} s")
    rel = report["release"]
    print(
        f"  cells {rel['cells_published']:,}, suppressed {rel['cells_suppressed']:,} "
        f"(primary {rel['cells_suppressed_primary']:,}, secondary {rel['cells_suppressed_secondary']:,}), audit "
        f"passed: {rel['audit_passed']}"
    )

    people, programme_ids = _people(extracts)
    pandas_seconds, duckdb_seconds, mismatches = _aggregations(people, programme_ids)
    print("core aggregation (all published cells from the pseudonymised records):")
    print(f"  pandas (etl.aggregate): {pandas_seconds:.2f} s")
    print(f"  DuckDB reference:       {duckdb_seconds:.2f} s")
    print(f"  ratio pandas/DuckDB:    {pandas_seconds / duckdb_seconds:.2f}")
    print(f"  cells that differ:      {mismatches}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
