"""One extract checked against its schema (etl/validation/validate.py validate_extract), read from a small file as a
run reads it (etl/extract.py): a need file is refused cell by cell, each finding naming the file, row and column."""

from __future__ import annotations

import pytest

from etl.contract.extracts import NEED_INDICATORS
from etl.extract import read_extract
from etl.validation.validate import validate_extract

GOOD = [
    ("E09000008", "2024-25", "knife_crime_with_injury", "196"),
    ("E09000001", "2024-25", "knife_crime_with_injury", ""),  # the City of London: not available
    ("E09000008", "2024-25", "knife_injury_victims_1_24_non_domestic", "72"),
]


def _checked(tmp_path, rows):
    path = tmp_path / NEED_INDICATORS.filename
    path.write_text("\n".join([",".join(NEED_INDICATORS.columns), *(",".join(r) for r in rows)]) + "\n")
    frame, found = read_extract(path, NEED_INDICATORS, max_bytes=1_000_000)
    assert frame is not None and not found
    return validate_extract(NEED_INDICATORS, frame)


def test_a_need_file_with_a_figure_not_available_is_taken_as_empty_never_zero(tmp_path):
    typed, found = _checked(tmp_path, GOOD)
    assert not found
    assert typed["value"].isna().tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "indicator",
            "violence_with_injury",
            "one of: knife_crime_with_injury, knife_injury_victims_1_24_non_domestic",
        ),
        ("borough_code", "E08000025", "a London borough GSS code, E09000001 to E09000033"),  # Birmingham
        ("borough_code", "E09000034", "a London borough GSS code, E09000001 to E09000033"),
        ("value", "-3", "a number from 0 to 1,000,000"),
    ],
    ids=["unknown-indicator", "borough-outside-london", "no-such-borough", "negative-count"],
)
def test_a_bad_need_cell_is_refused_with_its_file_row_and_column(tmp_path, column, value, expected):
    """Given a need file whose third record (spreadsheet row 4) has one bad cell, when checked, then it is refused
    with one finding that names the file, row, column, the value and what was expected."""
    rows = [list(r) for r in GOOD]
    rows[2][NEED_INDICATORS.columns.index(column)] = value
    typed, found = _checked(tmp_path, rows)
    assert typed is None
    assert [(f.file, f.row, f.column, f.value, f.expected) for f in found] == [
        ("need_indicators.csv", 4, column, value, expected)
    ]
