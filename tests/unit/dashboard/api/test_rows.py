"""The APIs' CSV body (dashboard/api/rows.py) on rows written inline."""

from __future__ import annotations

from dashboard.api import rows
from tests.support.spreadsheets import FORMULAS


def test_text_that_starts_like_a_formula_is_text_and_numbers_stay_numbers():
    body = rows.csv_text(
        ["name", "value", "share", "open", "note"],
        [{"name": f, "value": -5, "share": -0.25, "open": True, "note": None} for f in FORMULAS[:5]],
    )
    header, *lines = body.split("\r\n")[:-1]
    assert header == "name,value,share,open,note"
    for formula, line in zip(FORMULAS, lines):
        assert line.startswith("\"'" if "," in formula or '"' in formula else "'"), line
        assert line.endswith(",-5,-0.25,true,"), line


def test_plain_text_is_unchanged():
    assert (
        rows.csv_text(["name"], [{"name": "Divert (Metropolitan Police)"}])
        == "name\r\nDivert (Metropolitan Police)\r\n"
    )
