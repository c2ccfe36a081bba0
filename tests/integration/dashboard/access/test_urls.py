"""Absolute links from configuration only, and host names refused (dashboard/access/urls.py), over the app's own
HTTP interface with each setting. The same over real gunicorn and HTTP is in tests/integration/dashboard/test_app.py."""

from __future__ import annotations

import pytest

from dashboard.settings import Settings
from tests.support.signin import form_token, https_client, sign_in

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


@pytest.fixture(scope="module")
def based_app(small_release):
    """VRU_PUBLIC_BASE_URL set and VRU_ALLOWED_HOSTS not: the Host header is not checked, only never used."""
    return _app(small_release, public_base_url=BASE)


def test_six_requests_with_another_host_do_not_poison_the_page_for_the_next_visitor(app):
    """Six requests with Host: evil.example on /reach?period=2021-22, then a plain one: the page a later visitor gets,
    cached or not, never carries another host."""
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


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize("configured", [False, True], ids=["no base url", "base url"])
def test_the_api_redirect_never_names_the_host_header(app, based_app, configured):
    """Given Host: evil.example, when /api/v1 is asked for (werkzeug redirects it to /api/v1/), then the Location is
    relative, or under VRU_PUBLIC_BASE_URL when it is set: never the host the request named (before: 308 to
    http://evil.example/api/v1/, with or without the setting)."""
    client = (based_app if configured else app).server.test_client()
    for host in ("evil.example", "evil.example:8050", "[::1]:8050"):
        response = client.get("/api/v1", headers={"Host": host})
        assert response.status_code == 308
        assert response.headers["Location"] == (f"{BASE}/api/v1/" if configured else "/api/v1/"), host


def test_no_redirect_of_internal_mode_names_the_host_header(internal_app):
    """Given Host: evil.example on every request, when a visitor is sent to sign in, signs in, asks for
    /internal/api/v1 and signs out, then every Location is a path on this site."""
    client = https_client(internal_app)
    client.environ_base["HTTP_HOST"] = "evil.example"
    to_sign_in = client.get("/internal/providers?programme=divert", headers={"Accept": "text/html"})
    assert to_sign_in.status_code == 302
    assert to_sign_in.headers["Location"] == "/signin?next=/internal/providers%3Fprogramme%3Ddivert"
    signed = sign_in(client, next_="/internal/providers")
    assert signed.status_code == 302 and signed.headers["Location"] == "/internal/providers"
    api = client.get("/internal/api/v1")
    assert api.status_code == 308 and api.headers["Location"] == "/internal/api/v1/"
    page = client.get("/internal/providers", headers={"Accept": "text/html"}).data.decode()
    out = client.post("/signout", data={"csrf_token": form_token(page)})
    assert out.status_code == 302 and out.headers["Location"] == "/signin"
