"""Cache headers (dashboard/access/caching.py) per route family, over HTTP on a copy of two releases: every public GET
is public with a strong ETag, If-None-Match gets a 304, a new release changes every ETag, a pinned view is
immutable, the query as sent never makes an ETag of its own, errors are not kept for long, and internal mode is
private, no-store. Pictures are drawn by a stand-in for Chromium: what is tested is the headers, not the drawing."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
import sqlalchemy as sa
import time_machine
from PIL import Image

from dashboard.access import caching
from dashboard.data import calendar, state
from dashboard.exports import renderer as kaleido_renderer
from dashboard.settings import Settings

FRESH = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"  # the default settings
PINNED = f"public, max-age={caching.PINNED_MAX_AGE}, immutable, stale-if-error={caching.STALE_IF_ERROR}"
CAMDEN = "E09000007"
# One address of each family of public answers. A route that is none of these (and not exempt below) fails
# test_every_public_route_has_a_family, so that a new route says what it depends on.
FAMILIES = {
    "home page": "/",
    "filtered page": "/reach?programme=divert&period=2023-24",
    "services directory": f"/services?borough={CAMDEN}",
    "programme page": "/programmes/divert",
    "committee report page": "/services/report",
    "page without filters": "/about",
    "Dash layout": "/_dash-layout",
    "Dash dependencies": "/_dash-dependencies",
    "picture": "/image/reach/reach-trend.png?programme=divert",
    "share preview": "/image/reach/reach-trend.png?programme=divert&size=og",
    "download": "/download/reach/reach-trend.csv?programme=divert",
    "spreadsheet": "/download/reach/reach-trend.xlsx?programme=divert",
    "data package": "/download/reach/reach-trend.zip?programme=divert",
    "embed": "/embed/reach/reach-trend?programme=divert",
    "committee report file": "/services/report.csv",
    "API rows": "/api/v1/counts?limit=3&programme=divert",
    "API CSV": "/api/v1/counts.csv?limit=3",
    "API index": "/api/v1/",
    "Open Referral list": "/api/openreferral/services?per_page=3",
    "Open Referral root": "/api/openreferral/",
    "360Giving": "/api/360giving/grants.json",
    "service page": "/services/SVC001",
    "release calendar": "/releases",
    "release feed": "/releases.atom",
    "release calendar file": "/releases.ics",
}
# Views that can be pinned to an earlier release with ?release=1 (release 2 live).
PINNABLE = (
    "filtered page",
    "programme page",
    "committee report page",
    "picture",
    "download",
    "data package",
    "embed",
    "committee report file",
    "API rows",
)
# Routes that are not public answers of a release: the health check (never cached), Dash's and Flask's static
# files (their own validators: fingerprinted bundles kept a year, assets by file), Dash's callbacks (POST).
EXEMPT_ENDPOINTS = {
    "healthz",
    "static",
    "plotly_bundle",
    "_dash_assets.static",
    "/_dash-update-component",
    "/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>",
    "/_reload-hash",
    "/_favicon.ico",
}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def database(two_releases, tmp_path_factory):
    """A copy of the two releases' public database, whose live release the tests may change."""
    source = two_releases.server.config[state.SETTINGS].database_url.removeprefix("sqlite:///")
    copy = tmp_path_factory.mktemp("caching") / "public.db"
    shutil.copy(source, copy)
    return copy


@pytest.fixture(scope="module")
def client(database):
    """The public app on the copy, drawing pictures with a stand-in for Chromium."""
    from dashboard.app import create_app

    drawn = {"png": _png(), "svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"></svg>'}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kaleido_renderer._renderer, "render", lambda figure, *, fmt: drawn[fmt])
        app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{database}", image_warmup=False))
        yield app.server.test_client()


def _make_live(database, release_id: int) -> None:
    engine = sa.create_engine(f"sqlite:///{database}")
    try:  # as a withdrawal or a publication leaves the public database: one release live
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE releases SET is_live = (release_id = :r)"), {"r": release_id})
    finally:
        engine.dispose()


@pytest.fixture
def live_release(database):
    """Make a release live for one test; release 2 is live again after it."""
    yield lambda release_id: _make_live(database, release_id)
    _make_live(database, 2)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_public_answer_is_cacheable_and_answers_304(client, family):
    """Given a public address, when it is asked for, then it is public with the default max-age and a strong ETag,
    varies on Accept-Encoding only, and the same ETag sent back (plain or as the compressed copy's) gets a 304."""
    url = FAMILIES[family]
    plain = client.get(url)
    assert plain.status_code == 200, plain.data[:300]
    tag = plain.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag) and plain.headers["Cache-Control"] == FRESH
    assert plain.headers["Vary"] == "Accept-Encoding"

    unchanged = client.get(url, headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == tag
    assert unchanged.headers["Cache-Control"] == FRESH

    gzipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": gzipped.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(url, headers={"If-None-Match": '"0123456789abcdef0123456789abcdef"'}).status_code == 200


def test_a_new_release_changes_every_etag(client, live_release):
    """Given every family's ETag with release 1 live, when release 2 goes live, then every ETag is new, and the old
    ones get the new answer rather than a 304."""
    live_release(1)
    before = {family: client.get(url).headers["ETag"] for family, url in FAMILIES.items()}
    live_release(2)
    after = {family: client.get(url).headers["ETag"] for family, url in FAMILIES.items()}
    assert [f for f in FAMILIES if before[f] == after[f]] == []
    for family, url in FAMILIES.items():
        assert client.get(url, headers={"If-None-Match": before[family]}).status_code == 200, family


@pytest.mark.parametrize("family", PINNABLE)
def test_a_view_pinned_to_an_earlier_release_is_immutable(client, family):
    url = FAMILIES[family]
    pinned = client.get(url + ("&" if "?" in url else "?") + "release=1")
    assert pinned.status_code == 200 and pinned.headers["Cache-Control"] == PINNED
    assert pinned.headers["ETag"] != client.get(url).headers["ETag"]


# What the services register shows depends on the day (records not reviewed for six months, reviews overdue, funding
# rounds open today): the services page, a service's page and the services page's downloads. Nothing else does.
DAILY = ("services directory", "service page", "services download")
SERVICES_DOWNLOAD = "/download/services/services-directory.csv"


def _etags_on(client, day: dt.date) -> dict:
    with time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False):
        urls = FAMILIES | {"services download": SERVICES_DOWNLOAD}
        return {family: client.get(url).headers["ETag"] for family, url in urls.items()}


def test_an_etag_changes_at_midnight_only_where_the_answer_depends_on_the_day(client):
    """Given every family's ETag one day, when the same addresses are asked for the next day, then the answers that
    depend on the day have new ETags and every other has the same one: a CDN does not fetch the site again each day."""
    monday, tuesday = _etags_on(client, dt.date(2026, 12, 7)), _etags_on(client, dt.date(2026, 12, 8))
    assert sorted(f for f in monday if monday[f] != tuesday[f]) == sorted(DAILY)
    with time_machine.travel(dt.datetime(2026, 12, 8, 12, tzinfo=dt.UTC), tick=False):
        assert (
            client.get(FAMILIES["filtered page"], headers={"If-None-Match": monday["filtered page"]}).status_code == 304
        )
        assert (
            client.get(FAMILIES["service page"], headers={"If-None-Match": monday["service page"]}).status_code == 200
        )


def test_the_release_calendar_page_changes_with_the_calendar(client, monkeypatch):
    """Given /releases and its ETag, when a date is announced or moved (the calendar's version changes) within a
    release, then the page has a new ETag."""
    before = client.get("/releases").headers["ETag"]
    monkeypatch.setattr(calendar, "version", lambda _engine: "a date was moved")
    assert client.get("/releases").headers["ETag"] != before
    assert client.get("/releases", headers={"If-None-Match": before}).status_code == 200


@pytest.mark.parametrize(
    ("url", "same_as"),
    [
        ("/reach?utm_source=news&period=2023-24&programme=divert&fbclid=x", "/reach?programme=divert&period=2023-24"),
        ("/reach?programme=no-such-programme", "/reach"),
        ("/reach?programme=divert&programme=other", "/reach"),  # a repeated filter names no value
        ("/reach?release=2&programme=divert&period=2023-24", "/reach?programme=divert&period=2023-24"),
        (
            "/download/reach/reach-trend.csv?programme=divert&colour=red",
            "/download/reach/reach-trend.csv?programme=divert",
        ),
        ("/embed/reach/reach-trend?ref=story&programme=divert", "/embed/reach/reach-trend?programme=divert"),
        ("/api/v1/counts?programme=divert&limit=3", "/api/v1/counts?limit=3&programme=divert"),
        ("/api/openreferral/services?per_page=3&page=1", "/api/openreferral/services?per_page=3"),
    ],
)
def test_the_etag_is_of_the_cleaned_request_never_of_its_text(client, url, same_as):
    """Given two addresses that name one view (made-up or tracking parameters, a filter's default, the live release's
    own number, the same filters in another order), then they have one ETag."""
    assert client.get(url).headers["ETag"] == client.get(same_as).headers["ETag"]


@pytest.mark.parametrize(
    ("url", "status", "policy"),
    [
        ("/no-such-page", 404, f"public, max-age={caching.ERROR_MAX_AGE}"),
        ("/programmes/no-such-programme", 404, f"public, max-age={caching.ERROR_MAX_AGE}"),
        ("/image/reach/reach-trend.png?colour=red", 400, f"public, max-age={caching.ERROR_MAX_AGE}"),
        ("/api/v1/counts?colour=red", 400, "no-store"),
        ("/api/openreferral/services?day=monday", 400, "no-store"),
        ("/healthz", 200, "no-store"),
    ],
)
def test_errors_are_never_kept_for_long(client, url, status, policy):
    response = client.get(url)
    assert response.status_code == status and response.headers["Cache-Control"] == policy
    assert "ETag" not in response.headers


def test_an_outage_is_never_kept(client, monkeypatch):
    """Given the database down, when a page and Dash's layout are asked for, then neither may be kept by any cache."""
    from dashboard.data.db import DatabaseUnavailable

    def down(*_args, **_kwargs):
        raise DatabaseUnavailable("the database has no live release")

    monkeypatch.setattr(state, "release", down)
    for url in ("/", "/reach", "/_dash-layout", "/api/v1/", "/download/reach/reach-trend.csv"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
        assert "ETag" not in response.headers, url


def test_a_layout_drawn_during_an_outage_is_not_kept_when_the_database_returns_mid_request(client, monkeypatch):
    """Given the database down when Dash's layout is drawn and back by the time its ETag is made, then the layout
    saying the figures are unavailable is still not kept."""
    from dashboard.data.db import DatabaseUnavailable

    real, calls = state.release, []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise DatabaseUnavailable("the database has no live release")
        return real()

    monkeypatch.setattr(state, "release", flaky)
    response = client.get("/_dash-layout")
    assert b"unavailable" in response.data
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers


def test_every_public_route_has_a_family(client):
    """Given the app's routes, then each GET route is one of FAMILIES (so it names what its answers depend on) or is
    exempt: a route added without a look at its cache headers fails here."""
    covered = set()
    adapter = client.application.url_map.bind("localhost")
    for url in FAMILIES.values():
        covered.add(adapter.match(url.split("?")[0], method="GET")[0])
    routes = {rule.endpoint for rule in client.application.url_map.iter_rules() if "GET" in (rule.methods or ())}
    # Each family of the same route (the API's datasets, the feed's endpoints) is one route per name.
    routes = {r for r in routes if not r.startswith(("vru_api.", "vru_openreferral."))}
    covered |= {"vru_api", "vru_openreferral"}
    assert sorted(routes - covered - EXEMPT_ENDPOINTS) == []


def test_internal_mode_is_private_no_store_everywhere(internal_client):
    """Given internal mode, then every answer is private, no-store, and none is ever confirmed as current by a 304."""
    for url in (
        "/",
        "/reach?programme=divert",
        "/internal/attention",
        "/download/reach/reach-trend.csv",
        "/_dash-layout",
        "/internal/api/v1/counts?limit=1",
        "/no-such-page",
    ):
        response = internal_client.get(url)
        assert response.headers["Cache-Control"] == "private, no-store", url
        if "ETag" in response.headers:
            assert internal_client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code != 304
