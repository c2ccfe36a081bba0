"""One extract checked against its schema (etl/validation/validate.py validate_extract): a need file read from a
small file as a run reads it (etl/extract.py), refused cell by cell with each finding naming the file, row and column;
and the spend extract on small inline frames of text as read."""

from __future__ import annotations

import pandas as pd
import pytest

from etl.contract.extracts import BY_NAME, NEED_INDICATORS
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


SPEND = BY_NAME["spend"]


def _spend(rows: list[dict[str, str]]) -> pd.DataFrame:
    base = {
        "spend_id": "SP000001",
        "payment_date": "2023-04-28",
        "programme_id": "myends",
        "provider_id": "PRV003",
        "borough_code": "E09000002",
        "category": "Delivery",
        "funding_stream": "Home Office VRU grant",
        "amount_gbp": "396.83",
    }
    return pd.DataFrame([{**base, "spend_id": f"SP{i:06d}", **row} for i, row in enumerate(rows)], dtype=str)


def test_a_value_failing_a_check_is_quoted_as_written_and_the_text_read_is_left_as_it_was():
    """Given a payment of -1200.00 among good ones, when validated, then the finding quotes -1200.00 (not the
    converted -1200.0), and the frame of text given to the validator still holds text."""
    frame = _spend([{}, {"amount_gbp": "-1200.00"}, {}])
    before = frame.copy()
    typed, found = validate_extract(SPEND, frame)
    assert typed is None
    assert [(f.row, f.column, f.value, f.rule) for f in found] == [(3, "amount_gbp", "-1200.00", "allowed_values")]
    pd.testing.assert_frame_equal(frame, before)


def test_every_row_with_a_date_in_another_format_is_reported_even_when_the_same_text_repeats():
    """Given many payments on the same few days and the same sloppy date on two rows, when validated, then both rows
    are reported and no other."""
    rows = [{"payment_date": day} for day in ["2023-04-28", "2023-05-02"] * 20]
    rows[5] = rows[30] = {"payment_date": "2023-4-3"}
    _, found = validate_extract(SPEND, _spend(rows))
    dated = [(f.row, f.value) for f in found if f.column == "payment_date" and f.rule == "wrong_type"]
    assert dated == [(7, "2023-4-3"), (32, "2023-4-3")]


def test_a_clean_extract_gives_typed_columns_and_no_findings():
    """Given good rows, when validated, then dates and amounts are typed and nothing is found."""
    typed, found = validate_extract(SPEND, _spend([{}, {"payment_date": "2024-01-31", "amount_gbp": "10"}]))
    assert found == []
    assert typed is not None
    assert str(typed["payment_date"].dtype).startswith("datetime64")
    assert typed["amount_gbp"].tolist() == [396.83, 10.0]


def test_a_repeated_key_names_the_row_that_first_used_it():
    """Given a ledger line id used twice, when validated, then the second row is reported with the first row."""
    _, found = validate_extract(SPEND, _spend([{"spend_id": "SP000009"}, {}, {"spend_id": "SP000009"}]))
    assert [(f.row, f.value, f.rule) for f in found] == [(4, "SP000009", "duplicate_key")]
    assert "first used on row 2" in found[0].expected
