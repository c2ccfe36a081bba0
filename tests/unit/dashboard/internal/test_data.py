"""The internal queries' constants (dashboard/internal/data.py) against the ETL's: the dashboard never imports etl, so
what both must agree on is stated twice, and checked here."""

from __future__ import annotations

from dashboard.internal import data
from etl import performance


def test_the_dashboard_and_the_etl_agree_on_the_hidden_cell_threshold():
    assert data.HIDDEN_CELL_MIN_VALUE == performance.HIDDEN_CELL_MIN_VALUE
