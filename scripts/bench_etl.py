"""Benchmark of the ETL at benchmark scale (default 1,000,000 participants).

Prints: the time of each stage of one whole run (`vru-etl run` in a child process, into fresh
SQLite databases), the run's wall-clock and CPU time and its peak memory (the child's own peak
resident set, not the generator's), and the core aggregation timed in pandas (ours) and in DuckDB
(a columnar engine) on the same pseudonymised records, with their ratios. DuckDB's counts are
checked against ours. Two DuckDB queries are timed: the one a DuckDB user would write (each person's
first record with `arg_min`, then every breakdown at once with `GROUPING SETS`), and the earlier
reference, which doubled its input twice with `UNION ALL` and picked first records with a window
function.

    .venv/bin/python scripts/bench_etl.py [--participants N] [--out bench-out]

A benchmark, not a test: it prints figures and asserts nothing about speed. On a machine shared
with other work, wall-clock times say more about the other work; the CPU times less so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

AS_OF = "2026-11-22"
SEED = 20261122
ROOT = Path(__file__).resolve().parents[1]
# What the generated extracts depend on besides the parameters: a change to the generator, the contract or the
# reference data makes them anew, so the ETL never benchmarks extracts an older generator wrote.
GENERATOR_FOLDERS = ("etl/demo", "etl/contract", "etl/reference")


def _generator_digest() -> str:
    digest = hashlib.sha256()
    for folder in GENERATOR_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _generate(out: Path, participants: int) -> float:
    marker = out / "participants.csv"
    stamp = out / ".bench-params"
    params = f"{participants} {SEED} {AS_OF} {_generator_digest()}"
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


def _run_etl(extracts: Path) -> tuple[float, dict]:
    """One whole run in a child process; returns (wall seconds, the child's report).

    The child reports its own CPU time and peak memory (getrusage of itself, at its end), so the figures are the
    run's alone: the resource use of all children together would also hold the generator's, whose peak memory is
    higher than the run's."""
    code = (
        "import json, resource, datetime as dt; from etl import pipeline; "
        f"r = pipeline.run({str(extracts)!r}, demo=True, as_of=dt.date.fromisoformat({AS_OF!r})); "
        "u = resource.getrusage(resource.RUSAGE_SELF); "
        "print(json.dumps({'seconds': r.seconds, 'release': r.release, 'cpu_seconds': u.ru_utime + u.ru_stime, "
        "'peak_mb': u.ru_maxrss / 1024}))"
    )
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, VRU_DATA_DIR=data)
        env.pop("VRU_INTERNAL_DATABASE_URL", None)
        env.pop("VRU_PUBLIC_DATABASE_URL", None)
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - started
    return seconds, json.loads(out.stdout.strip().splitlines()[-1])


def _people(extracts: Path):
    from etl import extract
    from etl.pseudonymise import DEMO_KEY, pseudonymise
    from etl.validation import validate

    frames, problems = extract.read_extracts(extracts)
    typed, _ = validate.validate(frames, as_of=dt.date.fromisoformat(AS_OF), prior_findings=problems)
    return pseudonymise(typed["participants"], key=DEMO_KEY), list(typed["programmes"]["programme_id"])


# Periods as the ETL names them: financial years from April ("2023-24") and their quarters ("2023-24 Q1").
_PERIODS = """
    year(d) - CASE WHEN month(d) < 4 THEN 1 ELSE 0 END AS y, (month(d) + 8) % 12 // 3 + 1 AS q
    FROM events WHERE d BETWEEN DATE '2021-04-01' AND DATE '2026-03-31'
"""
_EVENTS = """
WITH events AS (
    SELECT 'participants' AS measure, *, start_date AS d FROM people WHERE start_date IS NOT NULL
    UNION ALL
    SELECT 'referrals', *, referral_date FROM people
    UNION ALL
    SELECT 'completions', *, end_date FROM people WHERE status = 'completed' AND end_date IS NOT NULL
)"""

# What a DuckDB user would write. Each person once per programme (and London-wide) and per year (and quarter), with
# the attributes of their first record there (ties on the date broken by the order received, as the ETL does); then
# every total and one-way breakdown at once. A GROUP BY with several GROUPING SETS groups by their cross product.
DUCKDB_SQL = (
    _EVENTS
    + """, dated AS (
    SELECT measure, person_id, seq, d, programme_id, borough_code AS borough, age_band, gender, ethnicity,"""
    + _PERIODS
    + """), firsts AS (
    SELECT programme_id, y, q,
        arg_min({'borough': borough, 'age_band': age_band, 'gender': gender, 'ethnicity': ethnicity}, (d, seq)) AS first
    FROM dated WHERE measure = 'participants'
    GROUP BY person_id, GROUPING SETS ((programme_id), ()), GROUPING SETS ((y), (y, q))
), counts AS (
    SELECT 'participants' AS measure, programme_id, y, q, borough, age_band, gender, ethnicity, count(*) AS value
    FROM (SELECT programme_id, y, q, unnest(first) FROM firsts)
    GROUP BY programme_id, y, q, GROUPING SETS ((), (borough), (age_band), (gender), (ethnicity))
    UNION ALL
    SELECT measure, programme_id, y, q, borough, age_band, gender, ethnicity, count(*)
    FROM dated WHERE measure <> 'participants'
    GROUP BY measure, GROUPING SETS ((programme_id), ()), GROUPING SETS ((y), (y, q)),
        GROUPING SETS ((), (borough), (age_band), (gender), (ethnicity))
)
SELECT measure, coalesce(programme_id, 'all') AS programme,
    printf('%d-%02d', y, (y + 1) % 100) || coalesce(' Q' || q, '') AS period,
    coalesce(borough, 'all') AS borough, coalesce(age_band, 'all') AS age_band, coalesce(gender, 'all') AS gender,
    coalesce(ethnicity, 'all') AS ethnicity, value
FROM counts
"""
)

# The earlier reference, kept to compare with: it copies every event once per period kind and once per programme
# scope (UNION ALL twice), names the periods on every copy, and keeps first records with a window function.
DUCKDB_WINDOW_SQL = (
    _EVENTS
    + """, dated AS (
    SELECT measure, person_id, programme_id, borough_code AS borough, age_band, gender, ethnicity, d, seq,"""
    + _PERIODS
    + """), periods AS (
    SELECT *, printf('%d-%02d', y, (y + 1) % 100) AS period FROM dated
    UNION ALL
    SELECT *, printf('%d-%02d Q%d', y, (y + 1) % 100, q) FROM dated
), scoped AS (
    SELECT measure, person_id, programme_id AS programme, period, borough, age_band, gender, ethnicity, d, seq
    FROM periods
    UNION ALL
    SELECT measure, person_id, 'all', period, borough, age_band, gender, ethnicity, d, seq FROM periods
), firsts AS (
    SELECT * FROM scoped
    QUALIFY measure <> 'participants'
        OR row_number() OVER (PARTITION BY measure, programme, period, person_id ORDER BY d, seq) = 1
)
SELECT measure, programme, period,
       coalesce(borough, 'all') AS borough, coalesce(age_band, 'all') AS age_band,
       coalesce(gender, 'all') AS gender, coalesce(ethnicity, 'all') AS ethnicity, count(*) AS value
FROM firsts
GROUP BY GROUPING SETS ((measure, programme, period), (measure, programme, period, borough),
                        (measure, programme, period, age_band), (measure, programme, period, gender),
                        (measure, programme, period, ethnicity))
"""
)


@dataclass
class Timing:
    wall: float
    cpu: float  # user + system time of this process, DuckDB's threads included
    mismatches: int = 0


def _timed(work) -> tuple[Timing, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), result


def _aggregations(people, programme_ids) -> dict[str, Timing]:
    import duckdb

    from etl.aggregate import DIMENSIONS, count_cells

    pandas_time, ours = _timed(lambda: count_cells(people, programme_ids=programme_ids))
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    # The same records, with the hash as a signed integer (DuckDB has no uint64 from pandas here) and the order the
    # records came in (the ETL's tie-break between two first records on the same day). Categoricals become ENUMs.
    con.register("people", people.assign(person_id=people["person_id"].astype("int64"), seq=range(len(people))))
    timings = {"pandas": pandas_time}
    for name, sql in (("duckdb", DUCKDB_SQL), ("duckdb_window", DUCKDB_WINDOW_SQL)):
        timing, theirs = _timed(lambda sql=sql: con.execute(sql).df())
        # Same answer on the cells both publish (DuckDB computes every breakdown for every period).
        merged = ours.merge(theirs, on=list(DIMENSIONS), how="left", suffixes=("", "_duckdb"))
        merged["value_duckdb"] = merged["value_duckdb"].fillna(0).astype("int64")
        timing.mismatches = int((merged["value"] != merged["value_duckdb"]).sum())
        timings[name] = timing
    return timings


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

    seconds, report = _run_etl(extracts)
    print(
        f"whole run: {seconds:.1f} s wall (with Python's start and imports), {report['cpu_seconds']:.1f} s CPU, "
        f"peak memory {report['peak_mb']:,.0f} MB"
    )
    for stage, s in report["seconds"].items():
        print(f"  {stage:<20} {s:7.2f} s")
    rel = report["release"]
    print(
        f"  cells {rel['cells_published']:,}, suppressed {rel['cells_suppressed']:,} "
        f"(primary {rel['cells_suppressed_primary']:,}, secondary {rel['cells_suppressed_secondary']:,}), audit "
        f"passed: {rel['audit_passed']}"
    )

    people, programme_ids = _people(extracts)
    timings = _aggregations(people, programme_ids)
    ours = timings["pandas"]
    print("core aggregation (every published cell from the pseudonymised records; wall, and CPU of all threads):")
    labels = {
        "pandas": "pandas (etl.aggregate)",
        "duckdb": "DuckDB, arg_min + GROUPING SETS",
        "duckdb_window": "DuckDB, window function (earlier)",
    }
    for name, label in labels.items():
        t = timings[name]
        line = f"  {label:<34} {t.wall:6.2f} s wall {t.cpu:6.2f} s CPU"
        if name != "pandas":
            line += f"   pandas/DuckDB {ours.wall / t.wall:.2f} (CPU {ours.cpu / t.cpu:.2f}), cells that differ: "
            line += f"{t.mismatches}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
