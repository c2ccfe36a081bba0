"""Unit tests of the list of cross-file rules the validator runs (etl.validation.rulebook)."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.validation import rulebook

AS_OF = dt.date(2026, 11, 22)


@pytest.mark.parametrize("rule", rulebook.RULES, ids=lambda r: r.__name__)
def test_rule_without_its_files_finds_nothing(rule):
    """Given no frames (their files failed earlier), each rule returns no findings instead of failing."""
    assert rule({}, as_of=AS_OF) == []
