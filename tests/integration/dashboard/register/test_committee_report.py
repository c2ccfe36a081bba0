"""Issue 14 in the app: the Committee report and its files, the service-reviews API dataset, and the
360Giving package validated against the standard's own JSON Schema (dashboard/register/standards/360giving/)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys

import jsonschema
import openpyxl
import pytest
import referencing
import referencing.jsonschema

from dashboard.api import datasets
from dashboard.register import giving360
from dashboard.settings import DEFAULT_360GIVING_PREFIX, Settings
from tests.helpers import ROOT

STANDARD = ROOT / "dashboard" / "register" / "standards" / "360giving"


@pytest.fixture(scope="module")
def public_db(small_release):
    return small_release / "public.db"


@pytest.fixture(scope="module")
def client(public_app):
    return public_app.server.test_client()  # the app is built once per session (tests/conftest.py)


@pytest.fixture(scope="module")
def internal_client(small_release, tmp_path_factory):
    """The internal app, signed in (tests/test_internal.py's way), with its own users' database."""
    from dashboard.access import users
    from dashboard.app import create_app
    from tests.integration.dashboard.access.test_auth import PASSWORD, SECRET, sign_in

    auth_url = f"sqlite:///{tmp_path_factory.mktemp('auth') / 'auth.db'}"
    users.add_user(users.engine(auth_url), username="director", password=PASSWORD)
    app = create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url,
        )
    )
    c = app.server.test_client()
    c.environ_base["wsgi.url_scheme"] = "https"
    sign_in(c)
    return c


def _db(path, sql, *args):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, args).fetchall()


def _latest(public_db) -> str:
    return _db(public_db, "SELECT MAX(period) FROM service_reviews WHERE reviewed")[0][0]


# ------------------------------------------------------------------ the report's files
def test_the_csv_has_every_service_of_the_release_once(client, public_db):
    """Given the live release, when the report's CSV is downloaded, then it has one row per service running in the
    latest half,
    every one of the release's services, with its rating in words, the release and the licence."""
    response = client.get("/services/report.csv")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    services = {s for (s,) in _db(public_db, "SELECT service_id FROM services")}
    assert sorted(r["Service id"] for r in rows) == sorted(services)
    assert {r["Release"] for r in rows} == {"1"} and {r["Licence"] for r in rows} == {"Open Government Licence v3.0"}
    latest = _latest(public_db)
    assert {r["Period"] for r in rows} == {latest}
    reviewed = dict(
        _db(public_db, "SELECT service_id, rag_rating FROM service_reviews WHERE period = ? AND reviewed", latest)
    )
    words = {"green": "On track (green)", "amber": "At risk (amber)", "red": "Off track (red)"}
    for r in rows:
        if r["Service id"] in reviewed:
            assert r["Rating"].endswith(words[reviewed[r["Service id"]]]) and r["Reviewed in the period"] == "yes"
        else:
            assert (
                r["Rating"] == "No review this period"
                and r["Change since the previous period"] == "No review this period"
            )
    assert any(r["Reviewed in the period"] == "no" for r in rows)


def test_the_xlsx_holds_the_same_services_and_says_release_and_licence(client):
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/services/report.csv").data.decode())))
    book = openpyxl.load_workbook(io.BytesIO(client.get("/services/report.xlsx").data))
    sheet = list(book["report"].values)
    assert sorted(r[sheet[0].index("Service id")] for r in sheet[1:]) == sorted(r["Service id"] for r in csv_rows)
    about = dict(list(book["about"].values)[1:])
    assert about["Release"].startswith("1 of ") and "Open Government Licence" in about["Licence"]


def test_an_earlier_period_is_its_own_report(client, public_db):
    period = "2024-25 H1"
    rows = list(
        csv.DictReader(io.StringIO(client.get("/services/report.csv", query_string={"period": period}).data.decode()))
    )
    running = {s for (s,) in _db(public_db, "SELECT service_id FROM service_reviews WHERE period = ?", period)}
    assert {r["Service id"] for r in rows} == running and {r["Period"] for r in rows} == {period}


@pytest.mark.parametrize("period", ["2019-20 H1", "nonsense", "'; DROP TABLE services; --", "x" * 500])
def test_an_unknown_period_is_a_4xx(client, period):
    for fmt in ("csv", "xlsx", "pdf"):
        assert client.get(f"/services/report.{fmt}", query_string={"period": period}).status_code in (400, 404)
    page = client.get("/services/report", query_string={"period": period})
    assert (
        page.status_code == 200 and b"There is no report for that period" not in page.data
    ) or page.status_code == 200


@pytest.mark.integration  # starts pdfinfo and pdftotext; WeasyPrint lays out the whole report
def test_the_server_made_pdf_is_a4_landscape_with_page_numbers(client, tmp_path):
    """Given the PDF download, then every page is A4 landscape (842 x 595 pt) and says its page number and the
    release."""
    response = client.get("/services/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(response.data)
    info = subprocess.run(["pdfinfo", "-l", "100", str(path)], capture_output=True, text=True, check=True).stdout
    sizes = [line for line in info.splitlines() if "size:" in line and line.startswith("Page")]
    assert sizes and all(re.search(r"size: +841\.89 x 595\.2\d* pts", line) for line in sizes), sizes
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    assert all(f"Page {i} of {len(pages)}" in p and "Release 1 of" in p for i, p in enumerate(pages, start=1))


def test_a_host_that_cannot_make_pdfs_says_so_with_a_503(client, monkeypatch):
    """Given a host without WeasyPrint or Pango (importing it fails), when the PDF is asked for,
    then the answer is a 503 that points to the print layout and the other downloads, not a 500."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    response = client.get("/services/report.pdf")
    assert response.status_code == 503
    assert "Print the report page from your browser" in response.get_data(as_text=True)
    assert client.get("/services/report.csv").status_code == 200


def test_internal_reports_add_the_reviewers_notes_and_public_ones_never(client, internal_client, small_release):
    note = _db(
        small_release / "internal.db", "SELECT reviewer_note FROM service_review_notes ORDER BY period DESC LIMIT 1"
    )[0][0]
    public = client.get("/services/report.csv").data.decode()
    internal = internal_client.get("/services/report.csv").data.decode()
    assert "Reviewer's note (internal)" in internal and note in internal
    assert "Reviewer's note" not in public and note not in public


def test_cells_that_a_spreadsheet_would_run_are_written_as_text():
    from dashboard.register import committee_report

    assert committee_report._safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert committee_report._safe("-1") == "'-1" and committee_report._safe("Mentoring") == "Mentoring"


# ------------------------------------------------------------------ the API
def test_service_reviews_are_in_the_api_with_their_filters(client, public_db):
    body = client.get("/api/v1/service-reviews", query_string={"period": "2025-26 H1", "rag_rating": "red"}).get_json()
    expected = _db(
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


def test_api_vocabularies_are_the_etls():
    from etl.contract import vocabulary

    assert datasets.AWARD_TYPES == vocabulary.AWARD_TYPES
    assert set(datasets.REVIEW_CHANGES) == {
        "improved",
        "declined",
        "unchanged",
        "first_review",
        "no_previous_review",
        "not_reviewed",
    }


def test_the_docs_list_360giving_and_service_reviews(client):
    docs = client.get("/api/v1/docs").data.decode()
    assert "/api/v1/service-reviews" in docs and giving360.PATH in docs


# ------------------------------------------------------------------ 360Giving
def _validator() -> jsonschema.Draft202012Validator:
    grant = json.loads((STANDARD / "360-giving-schema.json").read_text())
    package = json.loads((STANDARD / "360-giving-package-schema.json").read_text())
    ref = package["properties"]["grants"]["items"][
        "$ref"
    ]  # the package names the grant schema by its published address
    # The schemas say "$schema": "http://json-schema.org/draft/2020-12/schema" (http, not the dialect's https address),
    # so the dialect is given, not looked up.
    resource = referencing.jsonschema.DRAFT202012.create_resource(grant)
    registry = referencing.Registry().with_resources([(ref, resource), (grant["$id"], resource)])
    return jsonschema.Draft202012Validator(
        package, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_the_360giving_package_validates_against_the_standard(client, public_db):
    """Given the live release, when /api/360giving/grants.json is read, then it validates against 360Giving's package
    schema (grants resolved to the grant schema, date-time formats checked), and holds the grant-funded services
    only."""
    response = client.get(giving360.PATH)
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    errors = sorted(_validator().iter_errors(body), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    grants = {s for (s,) in _db(public_db, "SELECT service_id FROM services WHERE award_type = 'grant'")}
    assert {g["id"].removeprefix(DEFAULT_360GIVING_PREFIX + "-") for g in body["grants"]} == grants
    assert all(g["id"].startswith(DEFAULT_360GIVING_PREFIX + "-SVC") for g in body["grants"])
    boroughs = {c for (c,) in _db(public_db, "SELECT gss_code FROM boroughs")}
    for g in body["grants"]:
        codes = [loc["geoCode"] for loc in g["beneficiaryLocation"]]
        assert codes == ["E12000007"] or set(codes) <= boroughs


def test_a_broken_package_fails_the_schema():
    """The validator is not a rubber stamp: a grant without an amount, or a date in another form, is refused."""
    good = {
        "grants": [
            {
                "id": "360G-x-1",
                "title": "t",
                "description": "d",
                "currency": "GBP",
                "amountAwarded": 1,
                "awardDate": "2024-04-01",
                "recipientOrganization": [{"id": "GB-CHC-1", "name": "r"}],
                "fundingOrganization": [{"id": "360G-x-VRU", "name": "f"}],
            }
        ]
    }
    assert not list(_validator().iter_errors(good))
    no_amount = json.loads(json.dumps(good))
    del no_amount["grants"][0]["amountAwarded"]
    bad_date = json.loads(json.dumps(good))
    bad_date["grants"][0]["awardDate"] = "01/04/2024"
    assert list(_validator().iter_errors(no_amount)) and list(_validator().iter_errors(bad_date))


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


def test_the_internal_report_page_shows_the_notes(internal_client, client, small_release):
    """Given internal mode, the report page itself (its first paint) carries the reviewers' notes; the public page never
    does."""
    notes = [
        n
        for (n,) in _db(
            small_release / "internal.db",
            "SELECT DISTINCT reviewer_note FROM service_review_notes WHERE period = "
            "(SELECT MAX(period) FROM service_review_notes)",
        )
    ]
    internal = internal_client.get("/services/report").data.decode()
    public = client.get("/services/report").data.decode()
    assert "Reviewer&#x27;s note (internal)" in internal or "Reviewer's note (internal)" in internal
    assert any(n in internal for n in notes) and not any(n in public for n in notes)


def test_report_rows_summary_and_unreviewed_on_a_tiny_register():
    """Given three services (two reviewed this half, one not), the report groups the reviewed ones, lists the other
    apart,
    and the summary counts ratings now and in the previous half, with the annual value by rating."""
    import pandas as pd

    from dashboard.register import committee_report

    services = pd.DataFrame(
        {
            "service_id": ["S1", "S2", "S3"],
            "name": ["Alpha", "Beta", "Gamma"],
            "provider_name": ["P1", "P2", "P3"],
            "commissioner": ["VRU", "VRU", "MOPAC"],
            "service_area": ["Mentoring", "Mentoring", "Victim support"],
            "award_type": ["grant", "contract", "contract"],
            "annual_value_gbp": [100_000.0, 200_000.0, 300_000.0],
            "funding_stream": ["Home Office VRU grant"] * 3,
            "contract_start": ["2024-04-01"] * 3,
            "contract_end": ["2027-03-31"] * 3,
            "performance_measure": ["m"] * 3,
            "performance_value": [1.0, 2.0, 3.0],
            "performance_target": [1.0, 1.0, 1.0],
            "rag_rating": ["green", "red", "amber"],
            "rag_rule": ["r"] * 3,
        }
    )
    reviews = pd.DataFrame(
        {
            "service_id": ["S1", "S2", "S3", "S1", "S2", "S3"],
            "period": ["2025-26 H2"] * 3 + ["2026-27 H1"] * 3,
            "reviewed": [True, True, True, True, True, False],
            "review_date": ["2026-05-01"] * 5 + [None],
            "performance_value": [0.8, 1.2, 1.0, 1.1, 0.7, None],
            "performance_target": [1.0] * 5 + [None],
            "rag_rating": ["red", "green", "amber", "green", "red", None],
            "rag_rule": ["r"] * 5 + [None],
            "previous_rating": [None, None, None, "red", "green", "amber"],
            "change": ["first_review"] * 3 + ["improved", "declined", "not_reviewed"],
        }
    )
    report = committee_report.build(services, reviews, period=None)
    assert report.period == "2026-27 H1" and report.periods == ["2026-27 H1", "2025-26 H2"]
    assert list(report.rows["service_id"]) == ["S1", "S2"] and list(report.unreviewed["service_id"]) == ["S3"]
    assert [(c, a, list(g["name"])) for c, a, g in committee_report.groups(report)] == [
        ("VRU", "Mentoring", ["Alpha", "Beta"])
    ]
    assert report.summary.set_index("rating")[["services", "previous", "annual_value_gbp"]].to_dict("index") == {
        "green": {"services": 1, "previous": 1, "annual_value_gbp": 100_000.0},
        "amber": {"services": 0, "previous": 1, "annual_value_gbp": 0.0},
        "red": {"services": 1, "previous": 1, "annual_value_gbp": 200_000.0},
    }
    assert list(report.rows["change_words"]) == ["Improved from red", "Declined from green"]
    assert report.moves == {"improved": 1, "declined": 1, "unchanged": 0}
    assert report.unreviewed.iloc[0]["rating"] == "No review this period"
    assert list(report.rows["length"]) == ["3 years", "3 years"]
    with pytest.raises(committee_report.UnknownPeriod):
        committee_report.build(services, reviews, period="2019-20 H1")
