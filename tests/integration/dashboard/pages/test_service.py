"""A page for each commissioned service (dashboard/pages/service.py) over HTTP on the small release: every service of
the Open Referral UK feed has one that names it, with its breadcrumbs, its ratings chart with its downloads, its <head>
(title, description, canonical address, share preview, schema.org JSON-LD), and the site's 404 for an id that is no
service."""

from __future__ import annotations

import json
import re
import sqlite3
from html import unescape

import pandas as pd
import pytest

from dashboard.register.hsds import ids
from tests.support.web import BASE_URL, make_app


@pytest.fixture(scope="module")
def app(small_release):
    """The public app with a public address, so that canonical links and share previews are absolute."""
    return make_app(f"sqlite:///{small_release / 'public.db'}", mode="public", public_base_url=BASE_URL)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _live(db, table: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return pd.read_sql(f"SELECT t.* FROM {table} t JOIN releases r USING (release_id) WHERE r.is_live", conn)


def _feed(client) -> list[dict]:
    records, number = [], 1
    while True:
        page = client.get(f"/api/openreferral/services?page={number}&per_page=50").get_json()
        records += page["contents"]
        if page["last_page"]:
            return records
        number += 1


def _head(html: str) -> str:
    return html[: html.index("</head>")]


def _json_ld(html: str) -> dict:
    (found,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', _head(html), re.S)
    return json.loads(found)


def test_every_service_of_the_open_referral_feed_has_a_page_that_names_it(client, small_release):
    """Given the feed, when each record's register id (the id its UUID is made from) is followed to
    /services/<service_id>, then the page answers 200 and names the service and its provider in its title and
    heading."""
    services = _live(small_release / "public.db", "services")
    by_uuid = {ids.ident("service", sid): row for sid, (_, row) in zip(services["service_id"], services.iterrows())}
    records = _feed(client)
    assert len(records) == len(services) > 20
    for record in records:
        row = by_uuid[record["id"]]
        response = client.get(f"/services/{row['service_id']}")
        assert response.status_code == 200, row["service_id"]
        html = response.get_data(as_text=True)
        name = f"{record['name']}, {record['organization']['name']}"
        assert f"<title>{name} - " in unescape(html), row["service_id"]
        assert f">{name}</h1>" in unescape(html), row["service_id"]
        assert f'href="/api/openreferral/services/{record["id"]}"' in html


def test_breadcrumbs_lead_back_to_the_directory_and_mark_the_page_shown(client):
    html = client.get("/services/SVC001").get_data(as_text=True)
    crumbs = re.search(r'<nav aria-label="Breadcrumb">(.*?)</nav>', html, re.S).group(1)
    assert 'href="/"' in crumbs and 'href="/services"' in crumbs and crumbs.count('aria-current="page"') == 1


def test_the_ratings_chart_has_its_table_downloads_picture_and_embed(client, small_release):
    """Given a service's page, then its ratings by period are a chart card whose table has a row per half-year of the
    service's reviews, and the chart's CSV, picture and embed answer from the services page's chart family."""
    reviews = _live(small_release / "public.db", "service_reviews")
    sid = reviews["service_id"].iloc[0]
    html = client.get(f"/services/{sid}").get_data(as_text=True)
    chart = f"services-ratings-{sid}"
    assert f'href="/download/services/{chart}.csv"' in html and f"/image/services/{chart}.svg?" in html
    rows = client.get(f"/download/services/{chart}.csv").get_data(as_text=True).strip().splitlines()
    assert rows[0].startswith("Period,Rating,Value,Target,Change since the previous review")
    assert len(rows) - 1 == int((reviews["service_id"] == sid).sum())
    picture = client.get(f"/image/services/{chart}.svg?size=card-narrow")
    assert picture.status_code == 200 and b"<svg" in picture.data
    assert client.get(f"/embed/services/{chart}").status_code == 200
    assert client.get("/image/services/services-ratings-SVC999.svg?size=card").status_code == 404


def test_its_head_names_it_with_its_own_title_description_canonical_address_preview_and_json_ld(client):
    html = client.get("/services/SVC005").get_data(as_text=True)
    head = unescape(_head(html))
    name = re.search(r"<title>(.*) - ", head).group(1)
    assert re.fullmatch(r"[^()]+( \([^()]+\))?, [^()]+( \([^()]+\))?", name), name  # no brackets inside brackets
    assert f'<meta property="og:title" content="{name}">' in head
    assert f'<link rel="canonical" href="{BASE_URL}/services/SVC005">' in head
    image = re.search(r'<meta property="og:image" content="([^"]+)">', head).group(1)
    assert image == f"{BASE_URL}/image/services/services-ratings-SVC005.png?size=og"
    assert client.get(image.removeprefix(BASE_URL)).status_code == 200
    data = _json_ld(html)
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
    assert data["name"] == name and data["identifier"] == "SVC005" and data["url"] == f"{BASE_URL}/services/SVC005"
    assert data["provider"]["@type"] == "Organization" and data["areaServed"]
    assert data["audience"]["@type"] == "PeopleAudience" and data["audience"]["suggestedMinAge"] >= 0


def test_a_pinned_release_is_kept_in_the_canonical_address_and_the_preview(client):
    head = unescape(_head(client.get("/services/SVC001?release=1").get_data(as_text=True)))
    assert f'<link rel="canonical" href="{BASE_URL}/services/SVC001">' in head  # release 1 is the live one
    assert client.get("/services/SVC001?release=999").status_code == 404  # no such release, as everywhere


@pytest.mark.parametrize("path", ["/services/SVC999", "/services/svc001", "/services/SVC001/ratings", "/services/%00"])
def test_an_id_that_is_no_service_answers_the_sites_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_the_service_id_is_part_of_the_address_not_the_query(client):
    assert client.get("/services/SVC001?service_id=SVC002").status_code == 400
