"""`vru-etl run` as an operator meets it (etl/cli.py): the --report file, the headline count, a real process exiting
2 with the report, a valid run printing its warnings, and the database URLs a run reads from the environment."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import sqlite3
import subprocess
import sys

import pytest

from tests.support.db import query
from tests.support.extracts import AS_OF, GENDERS, NUMBER, bad_genders, error_line, refused, run_etl, set_cell

# ------------------------------------------------------------------ the report file and many bad rows


def test_report_file_has_one_row_per_finding(small_extracts, databases, capsys, tmp_path):
    """Given two bad cells, --report FILE writes a CSV with one row per finding: file, row, column, value, expected."""
    set_cell(small_extracts, "participants", row=5, column="gender", value="M")
    set_cell(small_extracts, "spend", row=7, column="amount_gbp", value="£1,200")
    report = tmp_path / "findings.csv"

    refused(small_extracts, databases, capsys, "--report", str(report))

    with report.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"file", "row", "column", "value", "expected"} <= set(rows[0])
    errors = [
        {k: r[k] for k in ("file", "row", "column", "value", "expected")} for r in rows if r["severity"] == "error"
    ]
    assert errors == [
        {"file": "participants.csv", "row": "5", "column": "gender", "value": "M", "expected": GENDERS},
        {"file": "spend.csv", "row": "7", "column": "amount_gbp", "value": "£1,200", "expected": NUMBER},
    ]
    assert {r["rule"] for r in rows if r["severity"] == "warning"} >= {"late_return", "missing_return"}


def test_many_bad_rows_are_counted_in_the_headline(small_extracts, databases, capsys):
    """Given 500 rows with gender 'M', the first line says 500 errors."""
    bad_genders(small_extracts, 500)

    err = refused(small_extracts, databases, capsys)

    assert "vru-etl: 500 error(s) in the input extracts; nothing was loaded" in err


def test_report_file_lists_every_bad_row(small_extracts, databases, capsys, tmp_path):
    """Given 500 rows with gender 'M', --report lists all 500 of them."""
    bad_genders(small_extracts, 500)
    report = tmp_path / "findings.csv"

    refused(small_extracts, databases, capsys, "--report", str(report))

    with report.open(newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["column"] == "gender" and r["row"]]
    assert [int(r["row"]) for r in rows] == list(range(2, 502))


# ------------------------------------------------------------------ a real process


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        pytest.param(
            lambda folder: set_cell(folder, "participants", row=5, column="gender", value="M"),
            "  " + error_line("participants.csv", 5, "gender", "M", GENDERS, "allowed_values"),
            id="bad-gender",
        ),
        pytest.param(
            lambda folder: (folder / "budgets.csv").unlink(),
            "  ERROR budgets.csv; expected a file named budgets.csv in the input folder [missing_file]",
            id="missing-file",
        ),
    ],
)
def test_subprocess_exits_2_with_the_report(small_extracts, databases, edit, line):
    """Given bad extracts, `python -m etl.cli run` exits 2 with the report on stderr and no traceback."""
    edit(small_extracts)

    done = subprocess.run(
        [sys.executable, "-m", "etl.cli", "run", "--input", str(small_extracts), "--demo", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 2, done.stderr
    assert line in done.stderr.splitlines()
    assert "Traceback" not in done.stderr
    databases.assert_only_release_1()


# ------------------------------------------------------------------ a valid run


def test_valid_run_prints_return_warnings_and_loads(small_extracts, databases, capsys, monkeypatch):
    """Given the unmodified extracts (with the generator's late and missing KPI returns), the run exits 0, prints the
    warnings and stores them with release 2."""

    code = run_etl(small_extracts)

    out, err = capsys.readouterr()
    assert code == 0, err
    live = int(re.search(r"^Release (\d+) is live", out, flags=re.MULTILINE).group(1))  # after release 1 and its draft
    late = re.findall(
        r"^  WARNING kpi_measurements\.csv, row \d+, column 'submitted_date': found '\d{4}-\d\d-\d\d'; "
        r"expected a return by \d{4}-\d\d-\d\d \(30 days after \d{4}-\d\d Q[1-4] ended\); it was \d+ days late "
        r"\[late_return\]$",
        out,
        flags=re.MULTILINE,
    )
    missing = re.findall(
        r"^  WARNING kpi_measurements\.csv, column 'quarter': found '\d{4}-\d\d Q[1-4]'; "
        r"expected a return for KPI '[a-z0-9-]+' for \d{4}-\d\d Q[1-4]; none was received \[missing_return\]$",
        out,
        flags=re.MULTILINE,
    )
    assert late and missing
    with contextlib.closing(sqlite3.connect(databases.folder / "internal.db")) as conn:
        stored = dict(
            conn.execute(
                "SELECT rule, COUNT(*) FROM data_quality_findings WHERE release_id = ? GROUP BY rule", (live,)
            ).fetchall()
        )
    assert (stored.get("late_return"), stored.get("missing_return")) == (len(late), len(missing))


def test_cli_run_uses_the_database_urls_from_the_environment(pg_urls, release_extracts, data_dir):
    """Given VRU_INTERNAL_DATABASE_URL and VRU_PUBLIC_DATABASE_URL point at two empty PostgreSQL databases
    When `vru-etl run --demo` runs
    Then it exits 0 having loaded release 1 into them, and creates no SQLite database."""
    internal, public = pg_urls
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRU_")}
    env.update(VRU_DATA_DIR=str(data_dir), VRU_INTERNAL_DATABASE_URL=internal, VRU_PUBLIC_DATABASE_URL=public)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl.cli",
            "run",
            "--input",
            str(release_extracts),
            "--demo",
            "--as-of",
            AS_OF,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Release 1 is live" in done.stdout
    assert query(public, "SELECT release_id, is_live FROM releases") == [(1, True)]
    # ... and the demo's announced draft waits in the internal database
    assert query(internal, "SELECT release_id, is_live FROM releases ORDER BY release_id") == [(1, True), (2, False)]
    assert not list(data_dir.glob("*.db"))
