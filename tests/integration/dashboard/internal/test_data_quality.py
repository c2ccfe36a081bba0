"""Internal mode's data-quality page (dashboard/internal/data_quality.py): the register's warnings per owning team."""

from __future__ import annotations

import sqlite3
from html import escape

import pandas as pd

from dashboard.access import users
from dashboard.settings import Settings
from tests.support.signin import sign_in

PASSWORD = "a long enough password"


def _live(db, table: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return pd.read_sql(f"SELECT t.* FROM {table} t JOIN releases r USING (release_id) WHERE r.is_live", conn)


def test_the_data_quality_page_lists_register_records_per_owning_team(small_release, tmp_path, monkeypatch):
    """Given the release's register warnings, the internal data-quality page has one table per owning team, each
    naming the records it must update and the date the review was due."""
    from dashboard.app import create_app

    auth_url = f"sqlite:///{tmp_path / 'auth.db'}"
    users.add_user(users.engine(auth_url), username="commissioner", password=PASSWORD)
    app = create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key="y" * 64,
            auth_database_url=auth_url,
        )
    )
    c = app.server.test_client()
    c.environ_base["wsgi.url_scheme"] = "https"
    assert sign_in(c, username="commissioner", password=PASSWORD).status_code == 302
    page = c.get("/internal/data-quality", headers={"Accept": "text/html"}).get_data(as_text=True)

    findings = _live(small_release / "internal.db", "data_quality_findings")
    services = _live(small_release / "internal.db", "services").set_index("service_id")
    mine = findings[findings["service_id"].notna()]
    assert not mine.empty and set(mine["rule"]) <= {
        "review_overdue",
        "ended_but_listed_active",
        "no_site",
        "no_contact",
    }
    for team, group in mine.groupby(mine["service_id"].map(services["owning_team"])):
        assert escape(f"{team}: {len(group)} to update") in page
        for sid in group["service_id"]:
            assert escape(services.loc[sid, "name"]) in page and services.loc[sid, "next_review_date"] in page
