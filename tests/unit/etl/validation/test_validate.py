"""One extract against its schema (etl/validation/validate.py), on small inline frames of text as read."""

from __future__ import annotations

import pandas as pd

from etl.contract.extracts import BY_NAME
from etl.validation.validate import validate_extract

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
