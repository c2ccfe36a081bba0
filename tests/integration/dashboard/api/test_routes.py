"""The open-data API's routes (dashboard/api/routes.py) over a real small release: rows as published, filters,
pages, formats, errors, earlier releases, and no open data from the internal app."""

from __future__ import annotations

import shutil
import sqlite3
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard import api
from dashboard.access import users
from dashboard.api import datasets, params
from dashboard.settings import Settings
from tests.support.db import query, sqlite_rows
from tests.support.signin import sign_in
from tests.support.web import parse_csv

DATASETS = list(datasets.DATASETS)
COUNTS_FILTER = "measure=participants&programme=divert&period=2023-24&borough=all"


def get_all(client, url: str) -> list[dict]:
    """Every row, following `next` links."""
    rows = []
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.data[:300]
        body = page.get_json()
        rows += body["rows"]
        url = body["next"]
    return rows


def as_csv(value) -> str:
    return (
        ""
        if value is None
        else "true"
        if value is True
        else "false"
        if value is False
        else repr(value)
        if isinstance(value, float)
        else str(value)
    )


# ---------------------------------------------------------------- answers
@pytest.mark.parametrize("name", DATASETS)
def test_every_dataset_answers_in_json_and_csv(client, name):
    """Given each dataset, when asked for JSON, CSV by address and CSV by format, then each answers 200 with rows of the
    live release."""
    body = client.get(f"/api/v1/{name}").get_json()
    assert body["dataset"] == name and body["release_id"] == 1 and body["rows"]
    assert body["licence"] == "Open Government Licence v3.0" and body["source"] == "London Violence Reduction Unit"
    assert all(row["release_id"] == 1 for row in body["rows"])
    for url in (f"/api/v1/{name}.csv", f"/api/v1/{name}?format=csv"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.headers["X-Release-Id"] == "1"
        assert (
            '<https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/>; rel="license"'
            in response.headers["Link"]
        )
        assert parse_csv(response.data)[0] == datasets.DATASETS[name].column_names


@pytest.mark.parametrize("name", DATASETS)
def test_the_csv_equals_the_json_rows(client, name):
    """Given a dataset, when its CSV and JSON are compared cell by cell, then they hold the same rows (null as
    empty)."""
    columns = datasets.DATASETS[name].column_names
    rows = client.get(f"/api/v1/{name}?limit=2000").get_json()["rows"]
    table = parse_csv(client.get(f"/api/v1/{name}.csv?limit=2000").data)
    assert table[0] == columns
    assert table[1:] == [[as_csv(row[c]) for c in columns] for row in rows]


def test_rows_are_the_published_table_as_it_is(client, public_db):
    """Given the programmes table, when read through the API, then the rows equal the database's, value for value."""
    t = datasets.DATASETS["programmes"]
    expected = query(
        f"sqlite:///{public_db}",
        f"SELECT {', '.join(t.column_names)} FROM programmes WHERE release_id = 1 ORDER BY programme_id",
    )
    rows = client.get("/api/v1/programmes").get_json()["rows"]
    assert [tuple(r[c] for c in t.column_names) for r in rows] == expected


def test_suppressed_counts_are_null_with_status_c(client):
    """Given suppressed cells, when read in JSON and CSV, then the value is null (empty in CSV) with status 'c', never
    0."""
    body = client.get("/api/v1/counts?status=c&limit=50").get_json()
    assert body["total"] > 0 and len(body["rows"]) == 50
    assert all(row["value"] is None and row["status"] == "c" for row in body["rows"])
    table = parse_csv(client.get("/api/v1/counts.csv?status=c&limit=50").data)
    value, status = table[0].index("value"), table[0].index("status")
    assert all(row[value] == "" and row[status] == "c" for row in table[1:])
    published = client.get("/api/v1/counts?status=&limit=500").get_json()["rows"]
    assert published and all(row["value"] is not None for row in published)
    spend = client.get("/api/v1/spend?participants_status=c").get_json()["rows"]
    assert spend and all(row["participants"] is None for row in spend)


def test_need_not_available_is_null_with_status_x_and_the_source_is_said(client):
    """Given the demo release, when LCPF funding is read for 2024-25, then Croydon's knife crime with injury is 196
    (5.02 per 10,000 residents), the City of London's is null with need_status 'x' (never 0) in JSON and CSV, the
    London summary sums the 32 boroughs with both figures (3,687 offences), and the datasets' descriptions say the need
    figures are the Metropolitan Police's, real, under the Open Government Licence."""
    query = "financial_year=2024-25&need_indicator=knife_crime_with_injury"
    rows = {r["borough_code"]: r for r in client.get(f"/api/v1/lcpf-funding?{query}").get_json()["rows"]}
    croydon, city = rows["E09000008"], rows["E09000001"]
    assert (croydon["need_value"], croydon["need_per_10k"], croydon["need_status"]) == (196, 5.02, "")
    assert (city["need_value"], city["need_per_10k"], city["allocation_per_need_gbp"], city["need_status"]) == (
        None,
        None,
        None,
        "x",
    )
    table = parse_csv(client.get(f"/api/v1/lcpf-funding.csv?{query}&borough_code=E09000001").data)
    header, (row,) = table[0], table[1:]
    assert (row[header.index("need_value")], row[header.index("need_status")]) == ("", "x")
    london = client.get(f"/api/v1/lcpf-summary?{query}&area=London").get_json()["rows"]
    assert [(r["borough_count"], r["need_value"]) for r in london] == [(32, 3_687)]
    described = {d["name"]: d["description"] for d in client.get("/api/v1/").get_json()["datasets"]}
    for name in ("lcpf-funding", "lcpf-summary"):
        assert "real, published by the Metropolitan Police Service (Open Government Licence v3.0)" in described[name]


def test_every_count_is_null_or_a_multiple_of_five(client):
    """Given every published count of the release, when read through the API, then each is null (suppressed) or rounded
    to 5."""
    rows = get_all(client, f"/api/v1/counts?limit={params.MAX_LIMIT}")
    assert len(rows) == client.get("/api/v1/counts?limit=1").get_json()["total"] > 10_000
    assert all(r["value"] is None or r["value"] % 5 == 0 for r in rows)
    assert all((r["value"] is None) == (r["status"] == "c") for r in rows)


# ---------------------------------------------------------------- filters and pages
def test_filters_match_exactly(client, public_db):
    """Given filters on the table's own columns, when applied, then only matching rows come back, as many as the
    database has."""
    body = client.get(f"/api/v1/counts?{COUNTS_FILTER}").get_json()
    expected = query(
        f"sqlite:///{public_db}",
        "SELECT COUNT(*) FROM published_counts WHERE release_id = 1 AND measure = 'participants' "
        "AND programme = 'divert' AND period = '2023-24' AND borough = 'all'",
    )[0][0]
    assert body["total"] == len(body["rows"]) == expected > 0
    assert all(
        (r["measure"], r["programme"], r["period"], r["borough"]) == ("participants", "divert", "2023-24", "all")
        for r in body["rows"]
    )
    headline = client.get("/api/v1/kpis?is_headline=true").get_json()["rows"]
    assert headline and all(r["is_headline"] is True for r in headline)
    assert client.get("/api/v1/counts?programme=no-such-programme").get_json() == {
        **client.get("/api/v1/counts?programme=no-such-programme").get_json(),
        "total": 0,
        "rows": [],
        "next": None,
    }
    boroughs = client.get("/api/v1/boroughs?population_2021=8600").get_json()["rows"]
    assert [b["gss_code"] for b in boroughs] == ["E09000001"]


def test_pages_follow_next_links_to_every_row(client):
    """Given a filter matching a few hundred rows, when read 97 at a time through `next`, then every row comes once, in
    key order."""
    whole = client.get("/api/v1/counts?measure=referrals&programme=all").get_json()
    assert 200 < whole["total"] == len(whole["rows"]) and whole["next"] is None
    first = client.get("/api/v1/counts?measure=referrals&programme=all&limit=97")
    body = first.get_json()
    assert body["total"] == whole["total"] and body["limit"] == 97 and body["offset"] == 0
    assert first.headers["X-Total-Count"] == str(whole["total"])
    link = urlsplit(body["next"])
    assert link.path == "/api/v1/counts"
    assert parse_qs(link.query) == {
        "measure": ["referrals"],
        "programme": ["all"],
        "release": ["1"],
        "limit": ["97"],
        "offset": ["97"],
    }
    assert f'<{body["next"]}>; rel="next"' in first.headers["Link"]
    assert get_all(client, "/api/v1/counts?measure=referrals&programme=all&limit=97") == whole["rows"]
    csv_next = client.get("/api/v1/counts.csv?measure=referrals&programme=all&limit=97").headers["Link"]
    assert "/api/v1/counts.csv?measure=referrals&programme=all&release=1&limit=97&offset=97" in csv_next
    last = client.get(f"/api/v1/counts?measure=referrals&programme=all&limit=97&offset={whole['total'] - 3}").get_json()
    assert len(last["rows"]) == 3 and last["next"] is None
    assert client.get("/api/v1/counts?measure=referrals&programme=all&offset=100000").get_json()["rows"] == []


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/counts?colour=red", "colour"),
        ("/api/v1/counts?release_id=1", "release_id"),
        ("/api/v1/counts?measure=victims", "measure"),
        ("/api/v1/counts?period=2023/24", "period"),
        ("/api/v1/counts?borough=Camden", "borough"),
        ("/api/v1/counts?value=ten", "value"),
        ("/api/v1/counts?measure=participants&measure=referrals", "measure"),
        ("/api/v1/kpis?is_headline=yes", "is_headline"),
        ("/api/v1/programmes?total_funding_gbp=nan", "total_funding_gbp"),
        ("/api/v1/programmes?name=" + "x" * 201, "name"),
        ("/api/v1/programmes?name=a%00b", "name"),
        ("/api/v1/counts?limit=10001", "limit"),
        ("/api/v1/counts?limit=0", "limit"),
        ("/api/v1/counts?offset=-1", "offset"),
        ("/api/v1/counts?release=one", "release"),
        ("/api/v1/counts?format=xml", "format"),
        ("/api/v1/counts.csv?format=csv", "format"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, url, parameter):
    """Given an unknown parameter or a value its column cannot hold, when asked, then 400 with a JSON error naming it
    and what is allowed."""
    response = client.get(url)
    assert response.status_code == 400 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["parameter"] == parameter and body["error"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    if parameter in ("colour", "release_id"):
        assert "measure" in body["allowed"] and "release" in body["allowed"]
    if parameter == "period":
        assert "e.g. 2023-24 or 2023-24 Q1" in body["allowed"]
    if parameter == "measure" and "victims" in url:
        assert body["allowed"] == ["participants", "referrals", "completions"]


def test_a_release_that_does_not_exist_is_404(client):
    response = client.get("/api/v1/counts?release=99")
    assert response.status_code == 404 and response.get_json() == {
        "error": "there is no release 99",
        "parameter": "release",
        "allowed": [1],
    }
    assert client.get("/api/v1/counts.csv?release=99").status_code == 404
    assert client.get("/api/v1/counts?release=1&limit=1").get_json()["release_id"] == 1


def test_unknown_api_paths_are_json_404s(client):
    response = client.get("/api/v1/victims")
    assert response.status_code == 404 and "/api/v1/counts" in response.get_json()["allowed"]


def test_registering_twice_changes_nothing(app):
    rules = sorted(str(r) for r in app.server.url_map.iter_rules())
    api.register(app.server)
    assert sorted(str(r) for r in app.server.url_map.iter_rules()) == rules


def test_the_index_links_every_dataset(client):
    body = client.get("/api/v1/").get_json()
    assert [d["name"] for d in body["datasets"]] == DATASETS
    for d in body["datasets"]:
        assert client.get(d["url"] + "?limit=1").status_code == 200
        assert client.get(d["csv"] + "?limit=1").status_code == 200
    assert client.get(body["openapi"]).status_code == 200 and client.get(body["docs"]).status_code == 200


def test_the_data_being_unavailable_is_a_503(small_release, tmp_path):
    from dashboard.app import create_app

    copy = tmp_path / "public.db"
    shutil.copy(small_release / "public.db", copy)
    app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{copy}"))
    api.register(app.server)
    copy.unlink()
    response = app.server.test_client().get("/api/v1/counts")
    assert response.status_code == 503 and "unavailable" in response.get_json()["error"]


def test_an_earlier_release_stays_readable_and_pages_stay_in_their_release(small_release, tmp_path):
    """Given two releases (the second live, one programme renamed), when read by default and with ?release=1,
    then each gives its own rows, ETags differ, `next` links pin the release, and releases lists both."""
    from dashboard.app import create_app

    copy = tmp_path / "public.db"
    shutil.copy(small_release / "public.db", copy)
    with sqlite3.connect(copy) as conn:
        for d in datasets.DATASETS.values():
            if d.name != "releases":
                others = ", ".join(c for c in d.column_names if c != "release_id")
                conn.execute(
                    f"INSERT INTO {d.table_name} (release_id, {others}) SELECT 2, {others} FROM {d.table_name} WHERE "
                    "release_id = 1"
                )
        columns = ", ".join(c for c in datasets.DATASETS["releases"].column_names if c != "release_id")
        conn.execute(
            f"INSERT INTO releases (release_id, {columns}) SELECT 2, {columns} FROM releases WHERE release_id = 1"
        )
        conn.execute("UPDATE releases SET is_live = (release_id = 2)")
        conn.execute("UPDATE programmes SET name = 'Renamed' WHERE release_id = 2 AND programme_id = 'divert'")
    app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{copy}"))
    api.register(app.server)
    c = app.server.test_client()
    live, old = (
        c.get("/api/v1/programmes?programme_id=divert"),
        c.get("/api/v1/programmes?programme_id=divert&release=1"),
    )
    assert live.get_json()["release_id"] == 2 and live.get_json()["rows"][0]["name"] == "Renamed"
    assert old.get_json()["release_id"] == 1 and old.get_json()["rows"][0]["name"] != "Renamed"
    assert live.headers["ETag"] != old.headers["ETag"] and live.headers["X-Release-Id"] == "2"
    assert "release=2" in c.get("/api/v1/counts?limit=10").get_json()["next"]
    releases = c.get("/api/v1/releases").get_json()["rows"]
    assert [(r["release_id"], r["is_live"]) for r in releases] == [(1, False), (2, True)]
    assert [r["release_id"] for r in c.get("/api/v1/releases?release=1").get_json()["rows"]] == [1]
    assert [r["release_id"] for r in c.get("/api/v1/releases?is_live=true").get_json()["rows"]] == [2]


def test_internal_mode_serves_no_open_data(small_release, tmp_path, monkeypatch):
    """Given the internal app (true, unsuppressed figures), when the API is asked, then 401 without sign-in and 404 with
    it:
    internal figures never leave under an open licence with CORS and shared caching."""
    from dashboard.app import create_app

    auth_url = f"sqlite:///{tmp_path / 'auth.db'}"
    users.add_user(users.engine(auth_url), username="analyst", password="correct horse battery staple")
    app = create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key="x" * 64,
            auth_database_url=auth_url,
        )
    )
    api.register(app.server)
    c = app.server.test_client()
    c.environ_base["wsgi.url_scheme"] = "https"
    assert c.get("/api/v1/counts").status_code == 401
    sign_in(c, username="analyst")
    assert c.get("/").status_code == 200  # signed in
    for url in ("/api/v1/", "/api/v1/counts", "/api/v1/counts.csv", "/api/v1/openapi.json", "/api/v1/docs"):
        response = c.get(url)
        assert response.status_code == 404 and b"public dashboard only" in response.data, url


# ------------------------------------------------------------------ the API
def test_service_reviews_are_in_the_api_with_their_filters(client, public_db):
    body = client.get("/api/v1/service-reviews", query_string={"period": "2025-26 H1", "rag_rating": "red"}).get_json()
    expected = sqlite_rows(
        public_db,
        "SELECT service_id FROM service_reviews WHERE period = '2025-26 H1' AND rag_rating = 'red' ORDER BY service_id",
    )
    assert [r["service_id"] for r in body["rows"]] == [s for (s,) in expected] and expected
    one = client.get("/api/v1/service-reviews", query_string={"service_id": "SVC001"}).get_json()["rows"]
    assert [r["period"] for r in one] == sorted(r["period"] for r in one) and {r["service_id"] for r in one} == {
        "SVC001"
    }
    assert client.get("/api/v1/service-reviews", query_string={"period": "2025 H1"}).status_code == 400
    assert "reviewer_note" not in datasets.DATASETS["service-reviews"].column_names
