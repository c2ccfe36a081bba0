"""Absolute links from configuration, host names refused, and request bodies bounded (issue 12, rows "Host header
poisons the page cache" and "no request size limit"). The same reproduction over real gunicorn and HTTP is in
tests/test_capacity.py; here the app's own HTTP interface, with each setting."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from dashboard.access import guards, urls
from dashboard.settings import Settings
from tests.support.browser import run_axe, settle

BASE = "https://dashboard.london-vru.example"


def _app(small_release, **settings):
    from dashboard.app import create_app

    return create_app(
        settings=Settings(mode="public", database_url=f"sqlite:///{small_release / 'public.db'}", **settings)
    )


@pytest.fixture(scope="module")
def app(small_release):
    return _app(small_release)


@pytest.fixture(scope="module")
def configured_app(small_release):
    return _app(
        small_release, public_base_url=BASE, allowed_hosts=frozenset({"dashboard.london-vru.example", "127.0.0.1"})
    )


def test_six_requests_with_another_host_do_not_poison_the_page_for_the_next_visitor(app):
    """The issue's reproduction: 6 x Host: evil.example on /reach?period=2021-22, then a plain request."""
    client = app.server.test_client()
    for _ in range(6):
        poisoned = client.get("/reach?period=2021-22", headers={"Host": "evil.example"})
        assert poisoned.status_code == 200 and "evil.example" not in poisoned.data.decode()
    plain = client.get("/reach?period=2021-22").data.decode()
    assert 'src="/embed/reach/reach-trend?period=2021-22"' in plain.replace("&amp;", "&").replace("&quot;", '"')
    assert "evil.example" not in plain


def test_embed_snippets_come_from_the_configured_base_url(configured_app):
    client = configured_app.server.test_client()
    html = client.get("/reach?period=2021-22", headers={"Host": "dashboard.london-vru.example"}).data.decode()
    assert f"{BASE}/embed/reach/reach-trend?period=2021-22" in html.replace("&amp;", "&")


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("evil.example", 400),
        ("dashboard.london-vru.example", 200),
        ("DASHBOARD.london-vru.example:443", 200),
        ("127.0.0.1:8050", 200),
        ("evil.example:80", 400),
        ("dashboard.london-vru.example.evil.example", 400),
    ],
)
def test_a_request_for_another_host_is_refused_when_hosts_are_set(configured_app, host, status):
    for path in ("/reach", "/api/v1/releases", "/_dash-layout"):
        assert configured_app.server.test_client().get(path, headers={"Host": host}).status_code == status, (path, host)


@pytest.mark.parametrize("host", ["10.0.3.7:8050", "10.0.3.7", "[fd00::7]:8050", "evil.example"])
def test_the_health_check_answers_for_any_host_when_hosts_are_set(configured_app, host):
    """Given VRU_ALLOWED_HOSTS, when a load balancer probes /healthz with the pod's address as Host, then it answers
    (200, ok,
    never cached), while every other path for that host is still refused."""
    client = configured_app.server.test_client()
    health = client.get("/healthz", headers={"Host": host})
    assert health.status_code == 200 and health.get_json()["status"] == "ok"
    assert health.headers["Cache-Control"] == "no-store"
    for path in ("/", "/healthz/", "/healthz/../reach", "/api/v1/releases"):
        assert client.get(path, headers={"Host": host}).status_code == 400, path


@pytest.mark.parametrize("path", ["//evil.example/x", "http://evil.example/", "embed/x", "/\\evil.example"])
def test_absolute_refuses_what_is_not_a_path_on_this_site(path):
    with pytest.raises(urls.UnsafePath):
        urls.absolute(path, settings=Settings(mode="public", database_url="sqlite://", public_base_url=BASE))


def test_absolute_is_relative_without_a_base_url():
    assert urls.absolute("/embed/a?b=1", settings=Settings(mode="public", database_url="sqlite://")) == "/embed/a?b=1"
    assert urls.absolute("/embed/a?b=1", settings=None) == "/embed/a?b=1"


@pytest.mark.parametrize("megabytes", [5, 30])
def test_a_large_callback_body_is_refused_with_413(app, megabytes):
    """The issue's reproduction: a 5 MB or 30 MB POST to /_dash-update-component was read and answered 200."""
    body = json.dumps({"output": "reach-content.children", "padding": "x" * (megabytes * 1024 * 1024)})
    response = app.server.test_client().post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 413


def test_the_largest_real_callback_body_is_well_within_the_limit(page, dashboard_url):
    """Every callback a real browser sends is answered (none refused by the checks of dashboard/access/guards.py).
    Measured in Chromium: every callback body the pages send on load, on a filter change, with the longest search
    (100 characters) and postcode, and on a click on the map; the limit leaves 8 times the largest."""
    sizes: dict[str, int] = {}
    refused: list[tuple] = []

    def on_response(response):
        if urlsplit(response.url).path == "/_dash-update-component":
            body = response.request.post_data or ""
            output = json.loads(body).get("output", "?")
            sizes[output] = max(sizes.get(output, 0), len(body.encode()))
            if response.status not in (200, 204):
                refused.append((response.status, output))

    page.on("response", on_response)
    for path in ("/", "/reach", "/geography", "/kpis", "/spend", "/funding-need", "/programmes/divert", "/services"):
        page.goto(dashboard_url + path)
        settle(page)
    page.select_option("#services-borough", index=3)
    page.fill("#services-q", "mentoring " * 10)
    page.press("#services-q", "Enter")
    page.fill("#services-postcode", "SE1 7PB")
    page.press("#services-postcode", "Enter")
    page.evaluate("""() => document.querySelector('#services-map .js-plotly-plot')
        .emit('plotly_click',
              {points: [{location: 'E09000012', curveNumber: 0, pointNumber: 11, z: 12}], event: {}})""")
    settle(page)
    assert refused == []  # every body a real browser sends passes dashboard/access/guards.py's checks
    assert len(sizes) >= 8, sizes
    largest = max(sizes.values())
    print(f"largest callback body: {largest} bytes ({max(sizes, key=sizes.get)})")
    assert largest * 8 <= guards.MAX_BODY_BYTES, sizes


def test_the_404_page_is_accessible(page, dashboard_url, axe_script):
    """The page an unknown address gets (dashboard/pages/not_found.py): 404, and no WCAG 2.2 A/AA violation."""
    response = page.goto(dashboard_url + "/no-such-page")
    assert response.status == 404
    assert run_axe(page, axe_script) == []
    page.fill("#not-found-q", "mentoring")
    page.press("#not-found-q", "Enter")
    page.wait_for_url("**/services?q=mentoring")
