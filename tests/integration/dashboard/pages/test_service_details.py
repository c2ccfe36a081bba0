"""What a commissioned service's page says of it (dashboard/pages/service_details.py), on the small release."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
import pytest

from dashboard.register import directory
from tests.support.web import main_text


@pytest.fixture(scope="module")
def public_client(public_app):
    return public_app.server.test_client()  # the app is built once per session (tests/conftest.py)


def _live(db, table: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return pd.read_sql(f"SELECT t.* FROM {table} t JOIN releases r USING (release_id) WHERE r.is_live", conn)


def test_a_service_page_shows_everything_its_card_showed_and_its_sites_contacts_and_funding_rounds(
    public_client, small_release
):
    services = _live(small_release / "public.db", "services").set_index("service_id")
    sites = _live(small_release / "public.db", "service_sites")
    placed = sites[sites["delivery_mode"] == "at a site"].iloc[0]
    row = services.loc[placed["service_id"]]
    text = main_text(public_client.get(f"/services/{placed['service_id']}").get_data(as_text=True))
    for words in (
        row["provider_name"],
        row["service_area"],
        row["performance_measure"],
        row["eligibility"],
        row["owning_team"],
        f"Last reviewed {row['last_reviewed']}",
        placed["site_name"],
        placed["postcode"],
        "Referral by:",
        "Funding rounds in its area",
    ):
        assert words in text, words
    overdue = services[directory.overdue(services["next_review_date"], today=dt.date.today()).to_numpy()]
    overdue_text = main_text(public_client.get(f"/services/{overdue.index[0]}").get_data(as_text=True))
    assert "Review overdue: this record was due to be checked by" in overdue_text
    phone = services["contact_phone"].dropna()
    html = public_client.get(f"/services/{phone.index[0]}").get_data(as_text=True)
    assert f'href="tel:{phone.iloc[0].replace(" ", "")}"' in html
