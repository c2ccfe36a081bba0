"""The services register's new fields on the public pages and downloads, and its warnings on the internal
data-quality page, per owning team (issue 13). Over HTTP, on the small release."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
from html import escape

import pandas as pd
import pytest

from dashboard.access import users
from dashboard.register import directory
from dashboard.settings import Settings

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def public_client(public_app):
    return public_app.server.test_client()  # the app is built once per session (tests/conftest.py)


def _live(db, table: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return pd.read_sql(f"SELECT t.* FROM {table} t JOIN releases r USING (release_id) WHERE r.is_live", conn)


def _shown(html: str) -> int:
    return int(re.search(r"(\d[\d,]*) services? match", html).group(1).replace(",", ""))


def test_search_by_age_and_referral_route_lists_exactly_the_services_that_take_them(public_client, small_release):
    """Given an age and a referral route in the address, the count, the cards and the CSV are the services whose ages
    include it and that take referrals that way; the CSV carries every new field."""
    services = _live(small_release / "public.db", "services")
    expected = services[
        (services["min_age"] <= 15)
        & (services["max_age"] >= 15)
        & services["referral_routes"].str.split(";").map(lambda r: "police" in r)
    ]
    assert 0 < len(expected) < len(services)
    page = public_client.get("/services?age=15&route=police").get_data(as_text=True)
    assert _shown(page) == len(expected) and "for age 15 taking referrals by the police" in page
    download = public_client.get("/download/services/services-directory.csv?age=15&route=police")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert {r["Service id"] for r in rows} == set(expected["service_id"])
    for column in (
        "Status",
        "Youngest age",
        "Oldest age",
        "Who it is for",
        "Referral routes",
        "Where it runs",
        "Referral phone",
        "Referral e-mail",
        "Referral form",
        "Record kept by",
        "Next review due",
        "Review overdue",
    ):
        assert column in rows[0], column
    by_id = expected.set_index("service_id")
    for r in rows:
        assert (
            r["Who it is for"] == by_id.loc[r["Service id"], "eligibility"]
            and r["Record kept by"] == by_id.loc[r["Service id"], "owning_team"]
        )
    xlsx = public_client.get("/download/services/services-directory.xlsx?age=15&route=police")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


@pytest.mark.parametrize(
    "query", ["age=abc", "age=-4", "age=9999", "route=walk-in", "age=1e400", "route=%00", "age=%C2%B2", "age=%D9%A3"]
)
def test_crafted_age_and_route_are_ignored_not_errors(public_client, query):
    response = public_client.get(f"/services?{query}")
    assert response.status_code == 200 and _shown(response.get_data(as_text=True)) > 0


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
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/signin").get_data(as_text=True)).group(1)
    assert (
        c.post(
            "/signin", data={"username": "commissioner", "password": PASSWORD, "csrf_token": token, "next": "/"}
        ).status_code
        == 302
    )
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


def test_a_database_made_before_the_register_fields_gains_them(tmp_path):
    """Given databases whose services and data_quality_findings tables predate issue 13, applying the schema adds
    the new columns (so the next release loads), and a public database without findings is left alone."""
    import sqlalchemy as sa

    from etl.load import INTERNAL_SCHEMA_FILES, SCHEMA_FILES, apply_schema

    for name, files in (("internal.db", INTERNAL_SCHEMA_FILES), ("public.db", SCHEMA_FILES)):
        engine = sa.create_engine(f"sqlite:///{tmp_path / name}")
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE services (release_id INTEGER, service_id TEXT, name TEXT)")
            if name == "internal.db":
                conn.exec_driver_sql(
                    "CREATE TABLE data_quality_findings (release_id INTEGER, file TEXT, rule TEXT, provider_id TEXT)"
                )
            apply_schema(conn, files=files)
            inspector = sa.inspect(conn)
            columns = {c["name"] for c in inspector.get_columns("services")}
            assert {"min_age", "referral_routes", "contact_url", "status", "owning_team", "next_review_date"} <= columns
            assert (
                ("service_id" in {c["name"] for c in inspector.get_columns("data_quality_findings")})
                if name == "internal.db"
                else not inspector.has_table("data_quality_findings")
            )
