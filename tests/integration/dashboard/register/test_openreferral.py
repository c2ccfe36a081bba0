"""The Open Referral UK feed (dashboard/register/openreferral.py): every response validated against the profile's
own schemas, as the ORUK validator does (the root, the first, middle and last page of every list, every record by
id), and the feed holding exactly the live release's services, with ids that stay the same across releases."""

from __future__ import annotations

import json
import math
import sqlite3
import uuid

import jsonschema_rs
import pytest

from dashboard.register import openreferral, openreferral_query
from dashboard.register.hsds import ids, records, taxonomies
from dashboard.settings import Settings

STANDARD = openreferral.STANDARD
BASE_URL = "https://dashboard.london-vru.example"
P = openreferral.PREFIX
# (list endpoint, the OpenAPI path that describes it, per_page giving at least three pages on the small release)
LISTS = [
    ("services", "/services", 5),
    ("service_at_locations", "/service_at_locations", 4),
    ("taxonomies", "/taxonomies", 1),
    ("taxonomy_terms", "/taxonomy_terms", 5),
]


def _retrieve(uri: str):
    """The profile's schemas are referenced by their GitHub address: read the project's copies instead (offline)."""
    name = uri.split("/schema/", 1)[1]
    return json.loads((STANDARD / name).read_text())


PROFILE_SCHEMAS = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"


def validator(schema: dict, *, name: str = "response.json"):
    """Formats checked too (uuid, uri, email, date-time): the validator's defaults leave them as annotations."""
    return jsonschema_rs.validator_for(
        schema, validate_formats=True, retriever=_retrieve, base_uri=PROFILE_SCHEMAS + name
    )


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads((STANDARD / "openapi.json").read_text())


def response_schema(document: dict, path: str) -> dict:
    """The 200 response's schema of an OpenAPI path, with the document's components for its #/ references."""
    schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return {**schema, "components": document["components"]}


def compiled(name: str) -> dict:
    return json.loads((STANDARD / name).read_text())


@pytest.fixture(scope="module")
def client(small_release):
    from dashboard.app import create_app

    app = create_app(
        settings=Settings(
            mode="public", database_url=f"sqlite:///{small_release / 'public.db'}", public_base_url=BASE_URL
        )
    )
    return app.server.test_client()


@pytest.fixture(scope="module")
def live_services(small_release) -> dict[str, dict]:
    with sqlite3.connect(f"file:{small_release / 'public.db'}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT s.* FROM services s JOIN releases r USING (release_id) WHERE r.is_live").fetchall()
    return {r["service_id"]: dict(r) for r in rows}


def get(client, path: str, **query):
    response = client.get(f"{P}{path}", query_string=query)
    assert response.headers["Access-Control-Allow-Origin"] == "*", path
    return response


def assert_valid(check, body, what: str) -> None:
    problems = [f"{e.instance_path}: {e.message}" for e in check.iter_errors(body)]
    assert problems == [], f"{what}: {problems[:5]}"


# ------------------------------------------------------------------ what the ORUK validator checks
def test_the_root_names_version_profile_and_openapi_document(client, document):
    response = get(client, "/")
    assert response.status_code == 200
    assert_valid(validator(response_schema(document, "/")), response.json, "/")
    assert response.json == {
        "version": "3.0",
        "profile": openreferral.PROFILE,
        "openapi_url": f"{BASE_URL}{P}/openapi.json",
    }
    assert get(client, "").json == response.json  # the stub without its slash, not a redirect built from Host
    served = get(client, "/openapi.json").json
    assert served["servers"][0]["url"] == f"{BASE_URL}{P}" and served["paths"].keys() == document["paths"].keys()


def test_without_a_configured_base_url_the_openapi_link_is_relative_never_the_requests_host(small_release):
    from dashboard.app import create_app

    app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{small_release / 'public.db'}"))
    body = app.server.test_client().get(f"{P}/", headers={"Host": "evil.example"}).json
    assert body["openapi_url"] == f"{P}/openapi.json"


@pytest.mark.parametrize(("endpoint", "path", "per_page"), LISTS)
def test_first_middle_and_last_page_of_every_list_validate(client, document, endpoint, path, per_page):
    """Given a list endpoint, when its first, middle and last pages are read, each validates against the profile's
    OpenAPI response schema (the Page and the compiled item schemas), and the pages hold every item once."""
    check = validator(response_schema(document, path))
    first = get(client, f"/{endpoint}", per_page=per_page).json
    pages = first["total_pages"]
    assert pages >= 3, f"{endpoint}: too few items on the small release for a middle page"
    assert pages == math.ceil(first["total_items"] / per_page)
    seen = []
    for number in sorted({1, (pages + 1) // 2, pages}):
        body = get(client, f"/{endpoint}", page=number, per_page=per_page).json
        assert_valid(check, body, f"{endpoint} page {number}")
        assert (body["page_number"], body["first_page"], body["last_page"], body["empty"]) == (
            number,
            number == 1,
            number == pages,
            False,
        )
        assert (
            body["size"]
            == len(body["contents"])
            == (per_page if number < pages else first["total_items"] - per_page * (pages - 1))
        )
        seen += [item["id"] for item in body["contents"]]
    assert len(seen) == len(set(seen))
    everything = get(client, f"/{endpoint}", per_page=openreferral_query.MAX_PER_PAGE).json
    assert everything["total_pages"] == 1 and len(everything["contents"]) == first["total_items"]


def test_every_service_by_id_validates_fully_nested(client, document):
    check = validator(response_schema(document, "/services/{id}"))
    phone = validator(compiled("phone.json"), name="phone.json")
    listed = get(client, "/services", per_page=openreferral_query.MAX_PER_PAGE).json["contents"]
    nested = {"service_at_locations": 0, "contacts": 0, "phones": 0}
    for item in listed:
        response = get(client, f"/services/{item['id']}")
        assert response.status_code == 200
        body = response.json
        assert_valid(check, body, f"service {item['id']}")
        assert body["organization"]["id"] == body["organization_id"] and body["funding"][0]["source"]
        assert {a["taxonomy_term"]["taxonomy"] for a in body["attributes"]} >= {
            "London VRU service areas",
            "London VRU referral routes",
        }
        assert body["service_areas"] and all(a["uri"].startswith(records.GSS_URI) for a in body["service_areas"])
        for sal in body["service_at_locations"]:
            assert sal["location"]["addresses"][0]["postal_code"]
        for contact in body["contacts"]:
            for p in contact["phones"]:
                assert_valid(phone, p, "phone")
                nested["phones"] += 1
        nested["service_at_locations"] += len(body["service_at_locations"])
        nested["contacts"] += len(body["contacts"])
    assert all(nested.values()), nested  # the demo register has sites, contacts and phones to show


def test_every_service_at_location_and_taxonomy_by_id_validates(client):
    checks = {
        "service_at_locations": validator(compiled("compiled/service_at_location.json")),
        "taxonomies": validator(compiled("taxonomy.json"), name="taxonomy.json"),
        "taxonomy_terms": validator(compiled("taxonomy_term.json"), name="taxonomy_term.json"),
    }
    for endpoint, check in checks.items():
        for item in get(client, f"/{endpoint}", per_page=openreferral_query.MAX_PER_PAGE).json["contents"]:
            response = get(client, f"/{endpoint}/{item['id']}")
            assert response.status_code == 200
            assert_valid(check, response.json, f"{endpoint} {item['id']}")
            assert response.json["id"] == item["id"]


def test_the_feed_holds_exactly_the_live_releases_services(client, live_services):
    body = get(client, "/services", per_page=openreferral_query.MAX_PER_PAGE).json
    feed = {s["id"]: s for s in body["contents"]}
    assert body["total_items"] == len(live_services) == len(feed)
    expected = {ids.ident("service", sid): row for sid, row in live_services.items()}
    assert feed.keys() == expected.keys()
    for fid, row in expected.items():
        s = feed[fid]
        assert (s["name"], s["minimum_age"], s["maximum_age"], s["assured_date"]) == (
            row["name"],
            row["min_age"],
            row["max_age"],
            row["last_reviewed"],
        )
        assert s["status"] == records.STATUS[row["status"]]
    sals = get(client, "/service_at_locations", per_page=openreferral_query.MAX_PER_PAGE).json["contents"]
    assert {s["service_id"] for s in sals} <= feed.keys()


def test_ids_stay_the_same_in_a_later_release(small_release, tmp_path):
    """Given the live release copied as release 2 with a service renamed, the feed of release 2 gives every record
    the id it had in release 1."""
    import shutil

    from dashboard.app import create_app

    copy = tmp_path / "public.db"
    shutil.copy(small_release / "public.db", copy)
    with sqlite3.connect(copy) as conn:
        tables = [
            t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'releases'")
        ]
        # Release 2: a copy of release 1's record, published later (every column but the id as release 1 has it).
        columns = [c[1] for c in conn.execute("PRAGMA table_info(releases)") if c[1] != "release_id"]
        conn.execute(
            f"INSERT INTO releases (release_id, {', '.join(columns)}) SELECT 2, {', '.join(columns)} FROM releases "
            "WHERE release_id = 1"
        )
        for t in ("services", "service_sites", "boroughs"):
            columns = [c[1] for c in conn.execute(f"PRAGMA table_info({t})")]
            rest = ", ".join(c for c in columns if c != "release_id")
            conn.execute(f"INSERT INTO {t} (release_id, {rest}) SELECT 2, {rest} FROM {t} WHERE release_id = 1")
        conn.execute("UPDATE services SET name = name || ' (renamed)' WHERE release_id = 2")
        conn.execute("UPDATE releases SET is_live = (release_id = 2)")
        assert "services" in tables
    seen = {}
    for release in (1, 2):
        if release == 1:
            app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{small_release / 'public.db'}"))
        else:
            app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{copy}"))
        c = app.server.test_client()
        body = c.get(f"{P}/services", query_string={"per_page": 500})
        assert body.headers["X-Release-Id"] == str(release)
        seen[release] = sorted(s["id"] for s in body.json["contents"])
        sals = sorted(
            s["id"] for s in c.get(f"{P}/service_at_locations", query_string={"per_page": 500}).json["contents"]
        )
        seen[release, "sal"] = sals
    assert seen[1] == seen[2] and seen[1, "sal"] == seen[2, "sal"]


# ------------------------------------------------------------------ filters
def test_a_taxonomy_term_filter_returns_exactly_the_services_of_that_area(client, live_services):
    areas = {a: taxonomies.term_id("service-area", a) for a in {r["service_area"] for r in live_services.values()}}
    for area, term in areas.items():
        got = {s["id"] for s in get(client, "/services", taxonomy_term_id=term, per_page=500).json["contents"]}
        assert got == {ids.ident("service", k) for k, r in live_services.items() if r["service_area"] == area}, area
    route = taxonomies.term_id("referral-route", "police")
    got = {s["id"] for s in get(client, "/services", taxonomy_term_id=route, per_page=500).json["contents"]}
    assert (
        got
        == {ids.ident("service", k) for k, r in live_services.items() if "police" in r["referral_routes"].split(";")}
        != set()
    )


def test_age_filters_follow_the_profiles_definitions(client, live_services):
    """minimum_age=N: services whose minimum age is at least N; maximum_age=N: whose maximum age is at most N."""
    got = {s["id"] for s in get(client, "/services", minimum_age=11, maximum_age=17, per_page=500).json["contents"]}
    assert got == {
        ids.ident("service", k) for k, r in live_services.items() if r["min_age"] >= 11 and r["max_age"] <= 17
    }
    assert got and len(got) < len(live_services)


def test_search_modified_after_and_postcode(client, live_services):
    one = next(iter(live_services.values()))
    word = one["name"].split()[0]
    found = get(client, "/services", search=word, per_page=500).json["contents"]
    assert ids.ident("service", one["service_id"]) in {s["id"] for s in found}
    assert get(client, "/services", text=word, per_page=500).json["contents"] == found
    latest = max(r["last_reviewed"] for r in live_services.values())
    recent = get(client, "/services", modified_after=f"{latest}T00:00:00Z", per_page=500).json["contents"]
    assert {s["id"] for s in recent} == {
        ids.ident("service", k) for k, r in live_services.items() if r["last_reviewed"] == latest
    }
    lambeth = get(client, "/service_at_locations", postcode="SW9 8QB", per_page=500).json["contents"]
    covering = {
        ids.ident("service", k)
        for k, r in live_services.items()
        if r["boroughs_covered"] == "London-wide" or "E09000022" in r["boroughs_covered"]
    }
    assert lambeth and {s["service_id"] for s in lambeth} <= covering


# ------------------------------------------------------------------ errors, CORS, caching
@pytest.mark.parametrize("path", ["/services/", "/service_at_locations/", "/taxonomies/", "/taxonomy_terms/"])
def test_an_unknown_id_is_a_404(client, path):
    for unknown in (str(uuid.uuid4()), "not-a-uuid", "%00", "a" * 300):
        response = get(client, path + unknown)
        assert response.status_code == 404 and "error" in response.json


@pytest.mark.parametrize(
    "query",
    [
        {"page": "0"},
        {"page": "x"},
        {"per_page": "100000"},
        {"minimum_age": "ten"},
        {"taxonomy_term_id": "x"},
        {"modified_after": "yesterday"},
        {"day": "monday"},
        {"proximity": "500"},
        {"colour": "red"},
        {"search": "a\x00b"},
        {"page": ["1", "2"]},
    ],
)
def test_bad_parameters_are_400s_that_name_them(client, query):
    response = get(client, "/services", **query)
    assert response.status_code == 400 and response.json["parameter"] in query


def test_unknown_paths_methods_and_preflight(client):
    assert get(client, "/organizations/x").status_code == 404
    response = client.post(f"{P}/services")
    assert (
        response.status_code == 405
        and response.headers["Access-Control-Allow-Origin"] == "*"
        and "GET" in response.headers["Allow"]
    )
    preflight = client.options(
        f"{P}/services", headers={"Origin": "https://borough.example", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 204 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert (
        get(client, "/services", postcode="M1 1AE").status_code == 400
    )  # postcode is a parameter of service_at_locations only


def test_responses_carry_an_etag_per_release_and_query(client):
    first = get(client, "/services", per_page=3)
    assert first.headers["Cache-Control"].startswith("public, max-age=300,") and first.headers["X-Release-Id"] == "1"
    again = client.get(f"{P}/services", query_string={"per_page": 3}, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Access-Control-Allow-Origin"] == "*"
    assert get(client, "/services", per_page=4).headers["ETag"] != first.headers["ETag"]
    # Keyed by the query as the feed reads it: the default page, said or not, and a UUID in either case are one.
    assert get(client, "/services", per_page=3, page=1).headers["ETag"] == first.headers["ETag"]
    assert get(client, "/services").headers["ETag"] == get(client, "/services", per_page=50).headers["ETag"]


def test_internal_mode_serves_no_feed(small_release, monkeypatch):
    from dashboard.app import create_app

    app = create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key="x" * 40,
            auth_database_url=f"sqlite:///{small_release.parent / 'auth-openreferral.db'}",
        )
    )
    response = app.server.test_client().get(f"{P}/services")
    assert response.status_code in (401, 404) and b"contents" not in response.data


def test_councils_find_the_feed_from_the_api_docs_and_the_about_page(client):
    docs = client.get("/api/v1/docs").get_data(as_text=True)
    assert f'href="{P}/openapi.json"' in docs and f'href="{P}/"' in docs
    about = client.get("/about").get_data(as_text=True)
    assert "For councils" in about and f"{P}/" in about
