"""The grants of the live release as a 360Giving data package (dashboard/register/giving360.py), validated against
the standard's own JSON Schema (dashboard/register/standards/360giving/)."""

from __future__ import annotations

import pytest

from dashboard.register import giving360
from dashboard.settings import DEFAULT_360GIVING_PREFIX, Settings
from tests.support.db import sqlite_rows
from tests.support.standards import giving360_validator


@pytest.fixture(scope="module")
def public_db(small_release):
    return small_release / "public.db"


def test_the_360giving_package_validates_against_the_standard(client, public_db):
    """Given the live release, when /api/360giving/grants.json is read, then it validates against 360Giving's package
    schema (grants resolved to the grant schema, date-time formats checked), and holds the grant-funded services
    only."""
    response = client.get(giving360.PATH)
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    errors = sorted(giving360_validator().iter_errors(body), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    grants = {s for (s,) in sqlite_rows(public_db, "SELECT service_id FROM services WHERE award_type = 'grant'")}
    assert {g["id"].removeprefix(DEFAULT_360GIVING_PREFIX + "-") for g in body["grants"]} == grants
    assert all(g["id"].startswith(DEFAULT_360GIVING_PREFIX + "-SVC") for g in body["grants"])
    boroughs = {c for (c,) in sqlite_rows(public_db, "SELECT gss_code FROM boroughs")}
    for g in body["grants"]:
        codes = [loc["geoCode"] for loc in g["beneficiaryLocation"]]
        assert codes == ["E12000007"] or set(codes) <= boroughs


def test_the_prefix_is_a_setting(public_db):
    from dashboard.app import create_app
    from dashboard.settings import SettingsError, from_environment

    environ = {"VRU_PUBLIC_DATABASE_URL": f"sqlite:///{public_db}", giving360.PREFIX_SETTING: "360G-londonvru"}
    body = create_app(settings=from_environment(environ=environ)).server.test_client().get(giving360.PATH).get_json()
    assert all(g["id"].startswith("360G-londonvru-SVC") for g in body["grants"])
    assert all(g["fundingOrganization"][0]["id"] == "360G-londonvru-VRU" for g in body["grants"])
    with pytest.raises(SettingsError, match=giving360.PREFIX_SETTING):
        from_environment(environ=environ | {giving360.PREFIX_SETTING: "not a prefix"})
    with pytest.raises(SettingsError, match=giving360.PREFIX_SETTING):  # built directly, as tests and scripts do
        create_app(
            settings=Settings(mode="public", database_url=f"sqlite:///{public_db}", giving360_prefix="not a prefix")
        )


def test_the_package_is_cacheable_and_only_public(client, internal_client):
    first = client.get(giving360.PATH)
    again = client.get(giving360.PATH, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(giving360.PATH + "?x=1").status_code == 400
    assert internal_client.get(giving360.PATH).status_code == 404
