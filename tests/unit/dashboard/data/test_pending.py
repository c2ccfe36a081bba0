"""Where the pending tables are (dashboard/data/pending.py): the same place the ETL writes them
(etl/publication/pending.py)."""

from __future__ import annotations

import pytest

from dashboard.data import pending as dashboard_pending
from etl.publication import pending as etl_pending

URLS = [
    "sqlite:///data/internal.db",
    "sqlite:////srv/vru/internal.db",
    "postgresql+psycopg://vru_internal_app@db-host/vru",
    "postgresql+psycopg://vru_etl@db-host/vru?options=-csearch_path%3Dvru_internal",
    "postgresql+psycopg://vru_etl@db-host/vru?options=-c%20statement_timeout%3D5000%20-c%20search_path%3Dvru_internal",
]


@pytest.mark.parametrize("url", URLS)
def test_the_dashboard_finds_the_pending_tables_where_the_etl_writes_them(url):
    assert dashboard_pending.pending_url(url) == etl_pending.pending_url(url)


def test_sqlite_keeps_them_beside_the_internal_file_and_postgresql_in_their_own_schema():
    assert etl_pending.pending_url("sqlite:///data/internal.db") == "sqlite:///data/internal.pending.db"
    url = etl_pending.pending_url(URLS[4])
    assert "search_path%3Dvru_pending" in url and "vru_internal" not in url and "statement_timeout" in url
