"""The synthetic extracts the tests generate, and for the tests of bad extracts: edits to a copy, and runs of `vru-etl
run` on it that must refuse them and load nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.cli import main

# The small extracts (tests/conftest.py's small_extracts_master): small enough to generate in a couple of seconds,
# large enough to have every kind of cell.
SMALL_PARTICIPANTS = 12_000
SEED = 7
AS_OF_DATE = dt.date(2026, 11, 22)  # their extract date
AS_OF = AS_OF_DATE.isoformat()  # as `vru-etl run --as-of` takes it
# Participants in the release extracts (tests/conftest.py's release_extracts). The ETL's audit is slow and fails on
# sparse data; at this size a run passes in under 10 s, and its load takes a few tenths of a second, long enough to
# be killed in the middle (tests/integration/etl/load/test_write.py).
RELEASE_PARTICIPANTS = 150_000
DATABASES = ("public.db", "internal.db")

# What the contract's errors say was expected, for the cells that several modules break.
NUMBER = "a number (digits and an optional decimal point, no currency sign or commas)"
GENDERS = "one of: Female, Male, Other or not stated"


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
    """Per database: the releases (id, live) and, per table, its row count and release ids (none for a table outside
    the releases)."""
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
                columns = {c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')}
                # The release calendar's tables and the providers' returns' tables belong to no release
                # (etl/returns/log.py).
                ids = (
                    [i for (i,) in conn.execute(f'SELECT DISTINCT release_id FROM "{table}" ORDER BY 1')]
                    if "release_id" in columns
                    else []
                )
                state[name, table] = (count, ids)
    return state


@dataclass(frozen=True)
class Databases:
    folder: Path
    release_1: dict  # db_state right after the good run

    def assert_only_release_1(self) -> None:
        """Release 1 live, and nothing changed: the public database has release 1 alone; the internal one has it and
        the draft the demo run left (vru-etl run --demo), as before the refused run."""
        now = db_state(self.folder)
        assert now["public.db", "releases"] == [(1, 1)], "public.db: release 1 should be the only, live, release"
        assert now["internal.db", "releases"] == self.release_1["internal.db", "releases"]
        assert {k: v for k, v in now.items() if v != self.release_1.get(k)} == {}, "the bad run changed a database"


def refused(folder: Path, databases: Databases, capsys, *extra: str) -> str:
    """When the ETL runs on `folder`: then it exits 2, loads nothing; returns stderr."""
    code = run_etl(folder, *extra)
    out, err = capsys.readouterr()
    assert code == 2, err
    assert "error(s) in the input extracts; nothing was loaded" in err
    assert "is live" not in out
    databases.assert_only_release_1()
    return err


def bad_genders(folder: Path, n: int) -> None:
    """Gender 'M' (not a value the contract allows) on the first `n` rows of participants.csv."""
    people = read_table(folder, "participants")
    people.loc[: n - 1, "gender"] = "M"
    write_table(folder, "participants", people)
