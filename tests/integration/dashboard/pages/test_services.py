"""The services page (dashboard/pages/services.py) over HTTP on the small release: search by words, postcode, age
and referral route, kept in the address, with the directory's downloads holding exactly the services listed."""

from __future__ import annotations

import csv
import io
import re
import sqlite3

import pandas as pd
import pytest

from tests.support.web import callback_request


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


def test_services_postcode_search_filters_the_directory_and_keeps_its_state_in_the_url(app):
    """Given the services page, when a postcode is typed, then the message names its boroughs, the count is of services
    covering any of them, and the URL carries the search; the directory's CSV holds exactly the services listed."""
    import csv
    import io

    client = app.server.test_client()
    inputs = {
        "services-q": "",
        "services-postcode": "se1 7pb",
        "services-area": "all",
        "services-borough": "all",
        "services-closed": False,
        "services-shade": "",
        "services-age": "",
        "services-route": "all",
    }
    result = callback_request(client, changed="services-postcode.value", input_ids=inputs)
    assert result["page-query"]["data"] == "?postcode=SE1+7PB"
    text = str(result["services-content"]["children"])
    assert "SE1 7PB is in postcode district SE1" in text and "covers parts of Southwark and Lambeth" in text
    shown = int(re.search(r"(\d[\d,]*) services? match", text).group(1).replace(",", ""))
    download = client.get("/download/services/services-directory.csv?postcode=SE1+7PB")
    assert (
        download.status_code == 200
        and "london-vru-services-directory-se1-7pb-release-" in download.headers["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(download.data.decode())))
    assert len(rows) == shown > 0
    assert all(
        r["Areas covered"] == "London-wide" or {"Southwark", "Lambeth"} & set(r["Areas covered"].split(", "))
        for r in rows
    )
    assert client.get("/embed/services/services-directory").status_code == 404  # a list, not a chart
    assert client.get("/embed/services/services-map?postcode=SE1").status_code == 200


@pytest.mark.parametrize(
    ("postcode", "message"), [("M1 1AE", "M1 1AE is outside London"), ("not a postcode", "is not a UK postcode")]
)
def test_services_search_explains_a_postcode_it_cannot_place(app, postcode, message):
    from dashboard.exports import view_request

    with app.server.test_request_context("/"):
        directory = view_request.resolve("services", "services-directory", {"postcode": postcode}, strict=False)
    assert len(directory.record.table.frame) == 0
    result = callback_request(
        app.server.test_client(),
        changed="services-postcode.value",
        input_ids={
            "services-q": "",
            "services-postcode": postcode,
            "services-area": "all",
            "services-borough": "all",
            "services-closed": False,
            "services-shade": "",
            "services-age": "",
            "services-route": "all",
        },
    )
    assert message in str(result["services-content"]["children"]) and "0 services match." in str(
        result["services-content"]["children"]
    )
