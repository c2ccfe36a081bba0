"""A commissioned service's card in the services directory (dashboard/pages/service_cards.py), on the small release."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
import pytest

from dashboard.register import directory


@pytest.fixture(scope="module")
def public_client(public_app):
    return public_app.server.test_client()  # the app is built once per session (tests/conftest.py)


def _live(db, table: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return pd.read_sql(f"SELECT t.* FROM {table} t JOIN releases r USING (release_id) WHERE r.is_live", conn)


def test_each_card_shows_status_ages_routes_sites_contact_owner_and_an_overdue_review(public_client, small_release):
    services = _live(small_release / "public.db", "services")
    sites = _live(small_release / "public.db", "service_sites")
    page = public_client.get("/services").get_data(as_text=True)
    assert page.count("Record kept by") == len(services)
    assert page.count("Who it is for") == len(services) and page.count("Where it runs") == len(services)
    overdue = directory.overdue(services["next_review_date"], today=dt.date.today())
    assert overdue.any()
    assert page.count("Review overdue: this record was due to be checked by") == int(overdue.sum())
    placed = sites[sites["delivery_mode"] == "at a site"].iloc[0]
    assert placed["postcode"] in page and placed["site_name"] in page
    for status, words in (
        ("active", "Running: the contract runs to"),
        ("ending", "Ending soon"),
        ("ended", "Ended: the contract ended on"),
    ):
        assert (words in page) == (status in set(services["status"])), status
    phone = services["contact_phone"].dropna().iloc[0]
    assert f'href="tel:{phone.replace(" ", "")}"' in page
