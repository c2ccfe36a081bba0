"""Bad input extracts: the run stops with exit code 2, says where and why, and loads nothing.

Each test edits one CSV in a private copy of the small generated extracts, runs
`vru-etl run` (in-process through etl.cli.main, and twice as a real subprocess),
and checks three things: the exit code is 2; stderr names the file, row, column,
value and what was expected, in the words an operator reads; and the databases
still hold exactly release 1, made from the unmodified extracts before the bad run.

The good runs are whole real runs, audit included (a few seconds each); the
baseline release is made once per module and copied into each test.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from etl.cli import main
from etl.contract.extracts import BY_NAME

AS_OF = "2026-11-22"  # the extract date of the small extracts (tests/conftest.py)
DATABASES = ("public.db", "internal.db")

NUMBER = "a number (digits and an optional decimal point, no currency sign or commas)"
DATE = "a date written YYYY-MM-DD that exists in the calendar"
GSS = "a London borough GSS code, E09000001 to E09000033"
LEDGER_LIMIT = "more than 0 and at most 5,000,000 pounds"
BUDGET_LIMIT = "more than 0 and at most 100,000,000 pounds"
GENDERS = "one of: Female, Male, Other or not stated"


# ------------------------------------------------------------------ helpers


def run_etl(folder: Path, *extra: str) -> int:
    return main(["run", "--input", str(folder), "--demo", "--as-of", AS_OF, *extra])


def read_table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


def write_table(folder: Path, name: str, frame: pd.DataFrame) -> None:
    frame.to_csv(folder / f"{name}.csv", index=False)


def set_cell(folder: Path, name: str, *, row: int, column: str, value: str) -> None:
    """Overwrite one cell; `row` is the spreadsheet row (the header is row 1)."""
    frame = read_table(folder, name)
    frame.loc[row - 2, column] = value
    write_table(folder, name, frame)


def first_row(frame: pd.DataFrame, mask: pd.Series) -> int:
    """Spreadsheet row of the first record matching `mask`."""
    return int(frame.index[mask][0]) + 2


def error_line(file: str, row: int, column: str, value: str | None, expected: str, rule: str) -> str:
    """The line the operator reads for one error."""
    found = "" if value is None else f": found {value!r}"
    return f"ERROR {file}, row {row}, column '{column}'{found}; expected {expected} [{rule}]"


def db_state(folder: Path) -> dict:
    """Per database: the releases (id, live) and, per table, its row count and release ids."""
    state = {}
    for name in DATABASES:
        with contextlib.closing(sqlite3.connect(f"file:{folder / name}?mode=ro", uri=True)) as conn:
            tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            state[name, "releases"] = conn.execute(
                "SELECT release_id, is_live FROM releases ORDER BY release_id"
            ).fetchall()
            for table in tables:
                if table == "releases":
                    continue
                count = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                ids = [i for (i,) in conn.execute(f'SELECT DISTINCT release_id FROM "{table}" ORDER BY 1')]
                state[name, table] = (count, ids)
    return state


@dataclass(frozen=True)
class Databases:
    folder: Path
    release_1: dict  # db_state right after the good run

    def assert_only_release_1(self) -> None:
        now = db_state(self.folder)
        for name in DATABASES:
            assert now[name, "releases"] == [(1, 1)], f"{name}: release 1 should be the only, live, release"
        assert {k: v for k, v in now.items() if v != self.release_1.get(k)} == {}, "the bad run changed a database"


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def good_release(small_extracts_master, tmp_path_factory) -> tuple[Path, dict]:
    """One good run per module on the unmodified extracts: release 1 (copied into each test)."""
    data = tmp_path_factory.mktemp("release-1")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VRU_DATA_DIR", str(data))
        for var in ("VRU_INTERNAL_DATABASE_URL", "VRU_PUBLIC_DATABASE_URL", "VRU_PSEUDONYM_KEY", "VRU_MAX_INPUT_BYTES"):
            mp.delenv(var, raising=False)
        assert run_etl(small_extracts_master) == 0
    state = db_state(data)
    assert state["public.db", "releases"] == [(1, 1)]
    assert state["public.db", "published_counts"][0] > 0
    return data, state


@pytest.fixture
def databases(good_release, data_dir) -> Databases:
    """Given release 1 is live in the fresh VRU_DATA_DIR."""
    source, state = good_release
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in DATABASES:
        shutil.copy2(source / name, data_dir / name)
    return Databases(data_dir, state)


def refused(folder: Path, databases: Databases, capsys, *extra: str) -> str:
    """When the ETL runs on `folder`: then it exits 2, loads nothing; returns stderr."""
    code = run_etl(folder, *extra)
    out, err = capsys.readouterr()
    assert code == 2, err
    assert "error(s) in the input extracts; nothing was loaded" in err
    assert "is live" not in out
    databases.assert_only_release_1()
    return err


# ------------------------------------------------------------------ header problems


def test_missing_column_is_named(small_extracts, databases, capsys):
    """Given participants.csv without its gender column, the report names the column and lists the contract's
    columns."""
    write_table(small_extracts, "participants", read_table(small_extracts, "participants").drop(columns=["gender"]))

    err = refused(small_extracts, databases, capsys)

    columns = ", ".join(BY_NAME["participants"].columns)
    assert (
        error_line(
            "participants.csv", 1, "gender", None, f"a column named 'gender' (columns: {columns})", "missing_column"
        )
        in err
    )


def test_extra_column_is_named(small_extracts, databases, capsys):
    """Given participants.csv with an extra 'notes' column, the report names it and the columns allowed."""
    write_table(small_extracts, "participants", read_table(small_extracts, "participants").assign(notes="called back"))

    err = refused(small_extracts, databases, capsys)

    columns = ", ".join(BY_NAME["participants"].columns)
    assert (
        error_line(
            "participants.csv", 1, "notes", "notes", f"only the contract's columns: {columns}", "unexpected_column"
        )
        in err
    )


def test_column_named_twice_is_named(small_extracts, databases, capsys):
    """Given budgets.csv whose header has budget_gbp twice, the report names the repeated column."""
    path = small_extracts / "budgets.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(f"{line},{line.split(',')[-1]}" for line in lines) + "\n")
    assert path.read_text().startswith("programme_id,financial_year,budget_gbp,budget_gbp\n")

    err = refused(small_extracts, databases, capsys)

    assert error_line("budgets.csv", 1, "budget_gbp", None, "each column once", "duplicate_column") in err


# ------------------------------------------------------------------ one bad cell

# file, row, column, value written, expected, rule
BAD_CELLS = [
    pytest.param("spend", 5, "amount_gbp", "about 300", NUMBER, "wrong_type", id="text-in-number"),
    pytest.param("spend", 5, "amount_gbp", "£1,200", NUMBER, "wrong_type", id="pounds-sign-and-comma"),
    pytest.param("need_indicators", 5, "value", "12.5", "a whole number", "wrong_type", id="fraction-in-integer"),
    pytest.param("participants", 5, "borough_code", "E09000034", GSS, "allowed_values", id="unknown-gss-participants"),
    pytest.param("spend", 7, "borough_code", "E08000001", GSS, "allowed_values", id="unknown-gss-spend"),
    pytest.param(
        "services",
        4,
        "boroughs_covered",
        "E09000001,E09000002",
        "'London-wide' or London borough GSS codes separated by ';' (e.g. E09000012;E09000030)",
        "allowed_values",
        id="boroughs-covered-with-commas",
    ),
    pytest.param(
        "services",
        4,
        "boroughs_covered",
        "E09000001;;E09000099",
        "'London-wide' or London borough GSS codes separated by ';' (e.g. E09000012;E09000030)",
        "allowed_values",
        id="boroughs-covered-empty-and-unknown-code",
    ),
    pytest.param("participants", 5, "referral_date", "2023-02-30", DATE, "wrong_type", id="30-february"),
    pytest.param("participants", 5, "referral_date", "2023-13-01", DATE, "wrong_type", id="month-13"),
    pytest.param("participants", 5, "referral_date", "03/04/2023", DATE, "wrong_type", id="day-month-year"),
    pytest.param("spend", 5, "amount_gbp", "-1200.0", LEDGER_LIMIT, "allowed_values", id="negative-spend"),
    pytest.param("spend", 5, "amount_gbp", "7500000.0", LEDGER_LIMIT, "allowed_values", id="absurd-spend"),
    pytest.param("budgets", 5, "budget_gbp", "-5000.0", BUDGET_LIMIT, "allowed_values", id="negative-budget"),
    pytest.param("budgets", 5, "budget_gbp", "250000000.0", BUDGET_LIMIT, "allowed_values", id="absurd-budget"),
    pytest.param("participants", 5, "gender", "M", GENDERS, "allowed_values", id="gender-not-allowed"),
]


@pytest.mark.parametrize(("file", "row", "column", "value", "expected", "rule"), BAD_CELLS)
def test_bad_cell_is_located(small_extracts, databases, capsys, file, row, column, value, expected, rule):
    """Given one bad cell, the report names its file, row, column and value and says what was expected."""
    set_cell(small_extracts, file, row=row, column=column, value=value)

    err = refused(small_extracts, databases, capsys)

    assert error_line(f"{file}.csv", row, column, value, expected, rule) in err
    assert "vru-etl: 1 error(s) in the input extracts; nothing was loaded" in err


@pytest.mark.parametrize(
    "file",
    [
        "participants",
        "budgets",
        "spend",
        "services",
        "kpi_definitions",
    ],
)
def test_unknown_programme_id_is_located(small_extracts, databases, capsys, file):
    """Given a row pointing at a programme_id that programmes.csv does not list, the report names it."""
    set_cell(small_extracts, file, row=3, column="programme_id", value="no-such-programme")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            f"{file}.csv",
            3,
            "programme_id",
            "no-such-programme",
            "a programme_id listed in programmes.csv",
            "unknown_reference",
        )
        in err
    )


# ------------------------------------------------------------------ impossible dates and statuses


def test_referral_after_extract_date_is_refused(small_extracts, databases, capsys):
    """Given a referral dated after the extract date (a case not yet started), the report names the date and the range
    allowed."""
    people = read_table(small_extracts, "participants")
    row = first_row(people, people["start_date"] == "")
    set_cell(small_extracts, "participants", row=row, column="referral_date", value="2027-01-05")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv",
            row,
            "referral_date",
            "2027-01-05",
            f"a date from 2015-01-01 to the extract date {AS_OF}",
            "impossible_date",
        )
        in err
    )


def test_date_of_birth_giving_age_2_is_refused(small_extracts, databases, capsys):
    """Given a date of birth two years before the referral, the report names it and the ages allowed."""
    people = read_table(small_extracts, "participants")
    row = 6
    referral = dt.date.fromisoformat(people.loc[row - 2, "referral_date"])
    born = referral.replace(year=referral.year - 2, day=min(referral.day, 28)).isoformat()
    set_cell(small_extracts, "participants", row=row, column="date_of_birth", value=born)

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv",
            row,
            "date_of_birth",
            born,
            "a date of birth giving an age of 5 to 90 at referral",
            "impossible_date",
        )
        in err
    )


def test_end_date_before_start_date_is_refused(small_extracts, databases, capsys):
    """Given support that ends the day before it started, the report names the end date and the start date."""
    people = read_table(small_extracts, "participants")
    row = first_row(people, people["end_date"] != "")
    start = dt.date.fromisoformat(people.loc[row - 2, "start_date"])
    end = (start - dt.timedelta(days=1)).isoformat()
    set_cell(small_extracts, "participants", row=row, column="end_date", value=end)

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv", row, "end_date", end, f"a date on or after start_date ({start})", "dates_out_of_order"
        )
        in err
    )


def test_completed_participant_without_end_date_is_refused(small_extracts, databases, capsys):
    """Given a completed referral with no end date, the report names the empty end_date and why it is needed."""
    people = read_table(small_extracts, "participants")
    row = first_row(people, people["status"] == "completed")
    set_cell(small_extracts, "participants", row=row, column="end_date", value="")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv",
            row,
            "end_date",
            None,
            "an end date, because status is 'completed'",
            "inconsistent_status",
        )
        in err
    )


# ------------------------------------------------------------------ duplicate keys


def test_duplicate_referral_id_names_the_first_row(small_extracts, databases, capsys):
    """Given row 12 repeating row 5's referral_id, the report names row 12, the id and row 5."""
    people = read_table(small_extracts, "participants")
    repeated = people.loc[5 - 2, "referral_id"]
    people.loc[12 - 2, "referral_id"] = repeated
    write_table(small_extracts, "participants", people)

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "participants.csv",
            12,
            "referral_id",
            repeated,
            "a unique key: no two rows with the same referral_id (first used on row 5)",
            "duplicate_key",
        )
        in err
    )


def test_duplicate_compound_key_names_the_first_row(small_extracts, databases, capsys):
    """Given row 12 of kpi_measurements repeating row 5's kpi_id and quarter, the report names both rows and the key."""
    returns = read_table(small_extracts, "kpi_measurements")
    kpi_id, quarter = returns.loc[5 - 2, ["kpi_id", "quarter"]]
    returns.loc[12 - 2, ["kpi_id", "quarter"]] = [kpi_id, quarter]
    write_table(small_extracts, "kpi_measurements", returns)

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "kpi_measurements.csv",
            12,
            "kpi_id + quarter",
            f"{kpi_id} / {quarter}",
            "a unique key: no two rows with the same kpi_id + quarter (first used on row 5)",
            "duplicate_key",
        )
        in err
    )


# ------------------------------------------------------------------ unreadable files


@pytest.mark.parametrize(
    ("file", "row", "column", "new"),
    [
        pytest.param("providers", 4, "name", "Café Youth", id="providers-near-the-header"),
        pytest.param("participants", 3001, "ethnicity", "Métis", id="participants-deep-in-the-file"),
    ],
)
def test_file_not_in_utf8_names_the_line(small_extracts, databases, capsys, file, row, column, new):
    """Given a file saved as Latin-1 with an accented letter on one row, the report names the file and that line."""
    frame = read_table(small_extracts, file)
    frame.loc[row - 2, column] = new
    (small_extracts / f"{file}.csv").write_bytes(frame.to_csv(index=False).encode("latin-1"))

    err = refused(small_extracts, databases, capsys)

    line = next(line for line in err.splitlines() if "[file_encoding]" in line)
    assert line.startswith(f"  ERROR {file}.csv, row {row}, column '{column}': found ")
    assert "byte 0xE9 ('é' in Windows-1252)" in line  # the offending byte, é in Latin-1
    assert line.endswith("; expected UTF-8 text (in Excel: Save As 'CSV UTF-8') [file_encoding]")


def test_empty_file_is_refused(small_extracts, databases, capsys):
    """Given a 0-byte spend.csv, the report says it is empty and which header it needs."""
    (small_extracts / "spend.csv").write_bytes(b"")

    err = refused(small_extracts, databases, capsys)

    columns = ", ".join(BY_NAME["spend"].columns)
    assert f"ERROR spend.csv; expected a header row ({columns}) and data rows; the file is empty [empty_file]" in err


def test_header_only_participants_is_refused(small_extracts, databases, capsys):
    """Given participants.csv with its header and no rows, the report asks for data rows."""
    path = small_extracts / "participants.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")

    err = refused(small_extracts, databases, capsys)

    assert "ERROR participants.csv; expected at least one data row below the header [empty_file]" in err


def test_missing_file_is_named(small_extracts, databases, capsys):
    """Given no budgets.csv in the input folder, the report names the file it looked for."""
    (small_extracts / "budgets.csv").unlink()

    err = refused(small_extracts, databases, capsys)

    assert "ERROR budgets.csv; expected a file named budgets.csv in the input folder [missing_file]" in err


def test_file_over_the_size_limit_is_refused(small_extracts, databases, capsys, monkeypatch):
    """Given VRU_MAX_INPUT_BYTES of 1,000, the report gives each larger file's size and the limit, and reads none of
    them."""
    monkeypatch.setenv("VRU_MAX_INPUT_BYTES", "1000")

    err = refused(small_extracts, databases, capsys)

    size = (small_extracts / "participants.csv").stat().st_size
    assert (
        f"ERROR participants.csv: found '{size:,} bytes'; expected at most 1,000 bytes (VRU_MAX_INPUT_BYTES); "
        "split the extract or raise the limit [file_too_large]"
    ) in err
    assert err.count("[file_too_large]") == sum(p.stat().st_size > 1000 for p in small_extracts.glob("*.csv"))


def _add_field_to_row(folder: Path, name: str, row: int) -> None:
    path = folder / f"{name}.csv"
    lines = path.read_text().splitlines()
    lines[row - 1] += ",surplus"
    path.write_text("\n".join(lines) + "\n")


def test_ragged_row_is_refused(small_extracts, databases, capsys):
    """Given budgets.csv whose row 5 has one field too many, the run is refused and the line is mentioned."""
    _add_field_to_row(small_extracts, "budgets", 5)

    err = refused(small_extracts, databases, capsys)

    assert "ERROR budgets.csv, row 5: found '4 fields; surplus: surplus'" in err
    assert "expected 3 fields, as in the header (a comma inside a value needs quotes) [malformed_csv]" in err


def test_ragged_row_finding_names_row_and_value(small_extracts, databases, capsys):
    """Given budgets.csv whose row 5 has one field too many, the finding itself names row 5 and the surplus field."""
    _add_field_to_row(small_extracts, "budgets", 5)

    err = refused(small_extracts, databases, capsys)

    line = next(line for line in err.splitlines() if "[malformed_csv]" in line)
    assert line.startswith("  ERROR budgets.csv, row 5")
    assert "surplus" in line


def test_row_numbers_count_blank_lines(small_extracts, databases, capsys):
    """Given a blank line at row 6 of participants.csv and a bad gender at row 11, the report names row 11."""
    path = small_extracts / "participants.csv"
    lines = path.read_text().splitlines()
    lines.insert(5, "")  # becomes row 6
    fields = lines[10].split(",")
    fields[6] = "M"  # the gender of row 11
    lines[10] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")

    err = refused(small_extracts, databases, capsys)

    assert error_line("participants.csv", 11, "gender", "M", GENDERS, "allowed_values") in err


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


def _bad_genders(folder: Path, n: int) -> None:
    people = read_table(folder, "participants")
    people.loc[: n - 1, "gender"] = "M"
    write_table(folder, "participants", people)


def test_many_bad_rows_are_summarised(small_extracts, databases, capsys):
    """Given 500 rows with gender 'M', the report shows 20 of them and says how many more break the rule."""
    _bad_genders(small_extracts, 500)

    err = refused(small_extracts, databases, capsys)

    shown = [line for line in err.splitlines() if "column 'gender': found 'M'" in line]
    assert len(shown) == 20
    assert shown[0] == "  " + error_line("participants.csv", 2, "gender", "M", GENDERS, "allowed_values")
    assert (
        "ERROR participants.csv, column 'gender'; expected the same as above: 480 more rows break this rule "
        "[allowed_values]" in err
    )
    assert len(err.splitlines()) < 60


def test_many_bad_rows_are_counted_in_the_headline(small_extracts, databases, capsys):
    """Given 500 rows with gender 'M', the first line says 500 errors."""
    _bad_genders(small_extracts, 500)

    err = refused(small_extracts, databases, capsys)

    assert "vru-etl: 500 error(s) in the input extracts; nothing was loaded" in err


def test_report_file_lists_every_bad_row(small_extracts, databases, capsys, tmp_path):
    """Given 500 rows with gender 'M', --report lists all 500 of them."""
    _bad_genders(small_extracts, 500)
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
    assert "Release 2 is live" in out
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
                "SELECT rule, COUNT(*) FROM data_quality_findings WHERE release_id = 2 GROUP BY rule"
            ).fetchall()
        )
    assert (stored.get("late_return"), stored.get("missing_return")) == (len(late), len(missing))


# ------------------------------------------------------------------ the services register's new columns (issue 13)

ROUTES_EXPECTED = (
    "referral routes separated by ';' from: self-referral, family, professional, police, school (e.g. "
    "self-referral;professional)"
)
# file, row, column, value written, expected, rule
BAD_REGISTER_CELLS = [
    pytest.param("services", 3, "min_age", "ten", "a whole number", "wrong_type", id="min-age-in-words"),
    pytest.param("services", 3, "max_age", "130", "a number from 0 to 120", "allowed_values", id="max-age-absurd"),
    pytest.param(
        "services", 3, "eligibility", "", "a value (this column may not be empty)", "missing_value", id="no-eligibility"
    ),
    pytest.param(
        "services",
        3,
        "referral_routes",
        "self-referral;walk-in",
        ROUTES_EXPECTED,
        "allowed_values",
        id="unknown-referral-route",
    ),
    pytest.param(
        "services",
        3,
        "referral_routes",
        "police,school",
        ROUTES_EXPECTED,
        "allowed_values",
        id="referral-routes-with-commas",
    ),
    pytest.param(
        "services",
        3,
        "contact_phone",
        "call the office",
        "text like 020 7946 0123",
        "allowed_values",
        id="phone-in-words",
    ),
    pytest.param(
        "services",
        3,
        "contact_email",
        "referrals at example.org",
        "text like referrals@example.org",
        "allowed_values",
        id="email-without-at",
    ),
    pytest.param(
        "services",
        3,
        "contact_url",
        "http://example.org/refer",
        "text like https://example.org/refer",
        "allowed_values",
        id="referral-form-not-https",
    ),
    pytest.param(
        "services", 3, "listed_status", "open", "one of: active, closed", "allowed_values", id="listed-status-unknown"
    ),
    pytest.param(
        "services", 3, "owning_team", "", "a value (this column may not be empty)", "missing_value", id="no-owning-team"
    ),
    pytest.param("services", 3, "next_review_date", "2027-02-30", DATE, "wrong_type", id="review-on-30-february"),
    pytest.param(
        "service_sites",
        2,
        "delivery_mode",
        "by post",
        "one of: at a site, outreach across the boroughs covered, online, in custody suites, in hospitals, in schools",
        "allowed_values",
        id="unknown-delivery-mode",
    ),
    pytest.param(
        "service_sites", 2, "postcode", "SW98QB", "text like SW9 8QB", "allowed_values", id="postcode-without-space"
    ),
    pytest.param("service_sites", 2, "site_id", "site one", "text like S1", "allowed_values", id="site-id-with-spaces"),
    pytest.param(
        "service_sites",
        2,
        "service_id",
        "SVC999",
        "a service_id listed in services.csv",
        "unknown_reference",
        id="site-of-unknown-service",
    ),
]


@pytest.mark.parametrize(("file", "row", "column", "value", "expected", "rule"), BAD_REGISTER_CELLS)
def test_bad_register_cell_is_located(small_extracts, databases, capsys, file, row, column, value, expected, rule):
    """Given one bad cell in a new column of the register, the report names its file, row, column and value and says
    what was expected."""
    set_cell(small_extracts, file, row=row, column=column, value=value)

    err = refused(small_extracts, databases, capsys)

    assert error_line(f"{file}.csv", row, column, value or None, expected, rule) in err
    assert "vru-etl: 1 error(s) in the input extracts; nothing was loaded" in err


def test_oldest_age_below_youngest_is_refused(small_extracts, databases, capsys):
    services = read_table(small_extracts, "services")
    youngest = int(services.loc[1, "min_age"])
    set_cell(small_extracts, "services", row=3, column="max_age", value=str(youngest - 1))

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "services.csv",
            3,
            "max_age",
            str(youngest - 1),
            f"an age of at least min_age ({youngest})",
            "ages_out_of_order",
        )
        in err
    )


def test_next_review_before_last_review_is_refused(small_extracts, databases, capsys):
    services = read_table(small_extracts, "services")
    set_cell(small_extracts, "services", row=3, column="next_review_date", value="2016-01-04")

    err = refused(small_extracts, databases, capsys)

    expected = f"a date on or after last_reviewed ({services.loc[1, 'last_reviewed']})"
    assert error_line("services.csv", 3, "next_review_date", "2016-01-04", expected, "dates_out_of_order") in err


@pytest.mark.parametrize(
    ("column", "what"), [("site_name", "the site's name"), ("postcode", "the site's full postcode")]
)
def test_a_site_without_its_name_or_postcode_is_refused(small_extracts, databases, capsys, column, what):
    sites = read_table(small_extracts, "service_sites")
    row = first_row(sites, sites["delivery_mode"] == "at a site")
    set_cell(small_extracts, "service_sites", row=row, column=column, value="")

    err = refused(small_extracts, databases, capsys)

    assert (
        error_line(
            "service_sites.csv", row, column, None, f"{what}, because delivery_mode is 'at a site'", "missing_value"
        )
        in err
    )


def test_a_site_listed_twice_for_a_service_is_refused(small_extracts, databases, capsys):
    sites = read_table(small_extracts, "service_sites")
    twice = sites[sites.duplicated("service_id", keep=False)].index[:2]
    first, second = int(twice[0]), int(twice[1])
    set_cell(small_extracts, "service_sites", row=second + 2, column="site_id", value=sites.loc[first, "site_id"])

    err = refused(small_extracts, databases, capsys)

    key = f"{sites.loc[first, 'service_id']} / {sites.loc[first, 'site_id']}"
    expected = f"a unique key: no two rows with the same service_id + site_id (first used on row {first + 2})"
    assert error_line("service_sites.csv", second + 2, "service_id + site_id", key, expected, "duplicate_key") in err
