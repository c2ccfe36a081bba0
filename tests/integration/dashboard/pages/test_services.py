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
        "services-sort": "",
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
            "services-sort": "",
        },
    )
    assert message in str(result["services-content"]["children"]) and "0 services match." in str(
        result["services-content"]["children"]
    )


# ------------------------------------------------------------------ the results list: its pages and its order
def _rows(html: str) -> list[str]:
    """The service ids of the list's rows, in order."""
    return re.findall(r'<li class="service-row"><h3 class="h6 mb-1"><a href="/services/(SVC\d+)">', html)


def test_the_list_shows_twenty_services_a_page_numbered_on_with_links_to_the_other_pages(public_client, small_release):
    """Given 29 services, then page 1 lists the first 20 by name and page 2 the other 9, numbered from 21, each page
    linking to the other and marking itself aria-current; the count is of every match."""
    services = _live(small_release / "public.db", "services")
    by_name = list(
        services.assign(
            key=services["name"].str.casefold() + "|" + services["provider_name"].str.casefold()
        ).sort_values(["key", "service_id"])["service_id"]
    )
    first = public_client.get("/services").get_data(as_text=True)
    second = public_client.get("/services?page=2").get_data(as_text=True)
    assert _rows(first) == by_name[:20] and _rows(second) == by_name[20:]
    assert _shown(first) == _shown(second) == len(services)
    assert re.search(r'<ol [^>]*start="21"', second) and "Showing 21 to 29 of 29" in second
    assert '<a class="page-link" href="/services?page=2" aria-label="Page 2">2</a>' in first
    assert 'href="/services?page=2" aria-current="page"' in second and 'href="/services" aria-label="Page 1"' in second


@pytest.mark.parametrize(
    ("sort", "key", "descending"),
    [("funding", "annual_value_gbp", True), ("contract-end", "contract_end", False)],
)
def test_the_list_and_its_download_follow_the_order_in_the_address(public_client, small_release, sort, key, descending):
    services = _live(small_release / "public.db", "services").set_index("service_id")
    shown = _rows(public_client.get(f"/services?sort={sort}").get_data(as_text=True))
    values = list(services.loc[shown, key])
    assert values == sorted(values, reverse=descending)
    download = public_client.get(f"/download/services/services-directory.csv?sort={sort}&page=2")
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert [r["Service id"] for r in rows][:20] == shown and len(rows) == len(services)  # every match, not a page


@pytest.mark.parametrize(
    ("query", "first_row"),
    [
        ("sort=cheapest", 0),  # an order the page does not offer: by name
        ("sort=funding&sort=rating", 0),  # a repeated parameter: the default
        ("page=99", 0),  # past the last page: the first
        ("page=0", 0),
        ("page=-2", 0),
        ("page=2&page=2", 0),
        ("page=%C2%B2", 0),  # "²" is no number
        ("page=1e1", 0),
        ("page=0000002", 0),  # a number too long to be a page
        ("page=02", 20),
    ],
)
def test_crafted_sorts_and_pages_fall_back_to_the_default_and_are_never_an_error(public_client, query, first_row):
    everything = _rows(public_client.get("/services").get_data(as_text=True)) + _rows(
        public_client.get("/services?page=2").get_data(as_text=True)
    )
    response = public_client.get(f"/services?{query}")
    assert response.status_code == 200
    assert _rows(response.get_data(as_text=True))[0] == everything[first_row]


def test_changing_a_filter_goes_back_to_the_first_page_and_the_page_stays_as_it_is_when_inserted(app):
    """Given page 2 shown, when the page is inserted (its inputs mount, unchanged), then nothing is sent; when the order
    changes, then the content is the first page in that order and the address has no page."""
    client = app.server.test_client()
    inputs = {
        "services-q": "",
        "services-postcode": "",
        "services-area": "all",
        "services-borough": "all",
        "services-closed": False,
        "services-shade": "",
        "services-age": "",
        "services-route": "all",
        "services-sort": "",
        "services-shown": "?page=2",
    }
    deps = client.get("/_dash-dependencies").get_json()
    dep = next(d for d in deps if any(i["id"] == "services-sort" for i in d["inputs"]))
    assert not any(i["id"] == "services-page" for i in dep["inputs"])  # no control: the list's own links set it
    inserted = client.post(
        "/_dash-update-component",
        json={
            "output": dep["output"],
            "outputs": [
                {"id": o.split(".")[0], "property": o.split(".")[1]} for o in dep["output"].strip(".").split("...")
            ],
            "inputs": [{"id": i["id"], "property": i["property"], "value": inputs[i["id"]]} for i in dep["inputs"]],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
            "state": [
                {"id": st["id"], "property": st["property"], "value": inputs.get(st["id"], "")} for st in dep["state"]
            ],
        },
    )
    assert inserted.status_code in (200, 204)
    assert not (inserted.get_json(silent=True) or {}).get("response")  # nothing to update
    result = callback_request(client, changed="services-sort.value", input_ids={**inputs, "services-sort": "funding"})
    assert result["page-query"]["data"] == "?sort=funding"
    assert "Showing 1 to 20 of 29, by annual funding (largest first)." in str(result["services-content"]["children"])
