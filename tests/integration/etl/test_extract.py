"""Extracts that cannot be read safely (etl/extract.py): headers that are not the contract's, files that are not
UTF-8, empty, missing, too large or ragged. As in tests/integration/etl/validation/test_validate.py, each run of
`vru-etl run` on them exits 2, names the file (and line) and what was expected, and loads nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.contract.extracts import BY_NAME
from tests.support.extracts import GENDERS, error_line, read_table, refused, write_table

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
