"""The synthetic generator (etl/demo/generate.py) at full size: reproducible, and the faults it guarantees are in the
release the ETL makes of it."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.contract.extracts import EXTRACTS
from etl.demo.generate import generate
from tests.support.extracts import AS_OF_DATE as AS_OF


# ------------------------------------------------------------------ the demo always has something to show
def test_the_generator_guarantees_an_off_track_kpi_a_late_and_a_missing_return_and_spend_off_profile(small_release):
    """Given the demo release, when the attention rules run on its internal tables, then each kind of item exists."""
    from dashboard.data import queries
    from dashboard.data.db import read_only_engine
    from dashboard.internal import attention

    engine = read_only_engine(f"sqlite:///{small_release / 'internal.db'}")
    grouped, year, quarter = attention.sections(engine, 1, today=dt.date(2026, 11, 22))  # outside an app: no cache
    kinds = {i.kind for _, items in grouped for i in items}
    assert {
        "kpi_off_track",
        "kpi_falling",
        "spend_off_profile",
        "return_late",
        "return_missing",
        "hidden_cell",
    } <= kinds
    assert year == "2025-26" and quarter == "2025-26 Q4"
    assert not queries.programmes(engine, 1).empty


@pytest.mark.integration
def test_same_seed_same_files(tmp_path):
    """Given one seed, when generated twice, then the files are byte-identical."""
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, participants=300, seed=3, as_of=AS_OF)
    generate(b, participants=300, seed=3, as_of=AS_OF)
    for e in EXTRACTS:
        assert (a / e.filename).read_bytes() == (b / e.filename).read_bytes(), e.filename
