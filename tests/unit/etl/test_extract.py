"""Reading one extract as text (etl/extract.py), on small files written by the test."""

from __future__ import annotations

from etl.contract.extracts import BY_NAME
from etl.extract import read_extract

BUDGETS = BY_NAME["budgets"]


def test_a_blank_line_is_skipped_with_a_warning_and_a_row_with_its_first_field_empty_is_kept(tmp_path):
    """Given a blank line and a row whose first field alone is empty, when read, then the blank line is skipped
    with a warning naming its line, and the row with an empty first field stays (validation reports it)."""
    path = tmp_path / "budgets.csv"
    lines = ["programme_id,financial_year,budget_gbp", "divert,2023-24,1000", "", ",2024-25,2000", ",,"]
    path.write_text("\n".join([*lines, "myends,2024-25,3000", ""]))
    frame, notes = read_extract(path, BUDGETS, max_bytes=10_000)
    assert frame is not None
    assert frame["budget_gbp"].tolist() == ["1000", "2000", "3000"]
    assert [(n.row, n.rule, n.severity) for n in notes] == [(3, "blank_row", "warning"), (5, "blank_row", "warning")]


def test_an_extract_with_no_blank_line_is_read_whole(tmp_path):
    """Given no blank line, when read, then every row is there and nothing is noted."""
    path = tmp_path / "budgets.csv"
    path.write_text("programme_id,financial_year,budget_gbp\ndivert,2023-24,1000\nmyends,2024-25,3000\n")
    frame, notes = read_extract(path, BUDGETS, max_bytes=10_000)
    assert frame is not None and len(frame) == 2
    assert notes == []
