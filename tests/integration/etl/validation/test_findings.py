"""What validation found, as an operator reads it (etl/validation/findings.py): many rows breaking one rule
are summarised."""

from __future__ import annotations

from tests.support.extracts import GENDERS, bad_genders, error_line, refused


def test_many_bad_rows_are_summarised(small_extracts, databases, capsys):
    """Given 500 rows with gender 'M', the report shows 20 of them and says how many more break the rule."""
    bad_genders(small_extracts, 500)

    err = refused(small_extracts, databases, capsys)

    shown = [line for line in err.splitlines() if "column 'gender': found 'M'" in line]
    assert len(shown) == 20
    assert shown[0] == "  " + error_line("participants.csv", 2, "gender", "M", GENDERS, "allowed_values")
    assert (
        "ERROR participants.csv, column 'gender'; expected the same as above: 480 more rows break this rule "
        "[allowed_values]" in err
    )
    assert len(err.splitlines()) < 60
