"""Sign-in for internal mode (dashboard/access/auth.py): everything behind sign-in, the form and its token, next=
that keeps a whole address and never leaves the site, what /healthz tells a visitor, and no start without a secret."""

from __future__ import annotations

import re

import pytest

from dashboard.access import throttle, users
from dashboard.settings import Settings, from_environment
from tests.support.signin import PASSWORD, SECRET, https_client, sign_in
from tests.support.web import make_app

PAGES = [
    "/",
    "/reach",
    "/geography",
    "/kpis",
    "/spend",
    "/programmes",
    "/programmes/divert",
    "/about",
    "/internal/data-quality",
    "/internal/releases",
    "/internal/providers",
]
DATA_ENDPOINTS = [
    "/_dash-layout",
    "/_dash-dependencies",
    "/_dash-component-suites/dash/dcc/dash_core_components.js",
    "/assets/london_boroughs.geojson",
]


@pytest.fixture(scope="module")
def release_dir(small_release):
    return small_release


@pytest.fixture(scope="module")
def internal_app(release_dir):
    """This module's own internal app (not tests/integration/dashboard/conftest.py's): its users' database is at
    auth_url(release_dir), where a test adds a user of its own."""
    from dashboard.app import create_app

    users.add_user(users.engine(auth_url(release_dir)), username="director", password=PASSWORD)
    return create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{release_dir / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url(release_dir),
        )
    )


def auth_url(release_dir) -> str:
    return f"sqlite:///{release_dir / 'auth.db'}"


def test_internal_mode_refuses_to_start_without_a_secret(release_dir, monkeypatch):
    """Given no VRU_SECRET_KEY, when internal mode starts, then it refuses with a message naming the setting."""
    from dashboard.access.auth import AuthConfigurationError
    from dashboard.app import create_app

    monkeypatch.delenv("VRU_SECRET_KEY", raising=False)
    with pytest.raises(AuthConfigurationError, match="VRU_SECRET_KEY"):
        create_app(
            settings=from_environment(
                mode="internal", environ={"VRU_INTERNAL_DATABASE_URL": f"sqlite:///{release_dir / 'internal.db'}"}
            )
        )
    with pytest.raises(AuthConfigurationError, match="VRU_SECRET_KEY"):  # one character short
        create_app(
            settings=Settings(
                mode="internal",
                database_url=f"sqlite:///{release_dir / 'internal.db'}",
                secret_key="k" * 31,
                auth_database_url=auth_url(release_dir),
            )
        )


@pytest.mark.parametrize("path", PAGES)
def test_pages_redirect_to_sign_in(internal_app, path):
    response = https_client(internal_app).get(path, headers={"Accept": "text/html"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=")


@pytest.mark.parametrize("path", DATA_ENDPOINTS)
def test_data_endpoints_answer_401(internal_app, path):
    assert https_client(internal_app).get(path).status_code == 401


def test_a_crafted_callback_without_sign_in_gets_401(internal_app):
    response = https_client(internal_app).post(
        "/_dash-update-component", json={"output": "reach-content.children", "inputs": [], "changedPropIds": []}
    )
    assert response.status_code == 401


def test_wrong_password_is_refused_and_right_one_signs_in(internal_app):
    """Given a user, when the wrong password is sent, then the form says so; with the right one, the pages open."""
    c = https_client(internal_app)
    wrong = sign_in(c, password="not the password at all", username="director2")
    assert "not right" in wrong.data.decode()
    right = sign_in(c, next_="/reach")
    assert right.status_code == 302 and right.headers["Location"] == "/reach"
    layout = c.get("/_dash-layout")
    assert layout.status_code == 200
    assert "not for publication" in layout.data.decode()  # the banner on every internal page
    assert c.get("/internal/data-quality", headers={"Accept": "text/html"}).status_code == 200


def test_sign_in_without_csrf_token_is_refused(internal_app):
    c = https_client(internal_app)
    c.get("/signin")
    assert c.post("/signin", data={"username": "director", "password": PASSWORD}).status_code == 400


def test_next_cannot_send_the_user_to_another_site(internal_app):
    response = sign_in(https_client(internal_app), next_="https://evil.example/phish")
    assert response.headers["Location"] == "/"


def test_repeated_failures_are_throttled_even_with_the_right_password(internal_app, release_dir):
    """Given five wrong passwords for one user, when the right one follows, then the attempt is refused with 429."""
    c = https_client(internal_app)
    users.add_user(users.engine(auth_url(release_dir)), username="victim", password=PASSWORD)
    for _ in range(throttle.MAX_FAILURES_PER_PAIR):
        sign_in(c, username="victim", password="guess guess guess")
    blocked = sign_in(c, username="victim")
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.data.decode()


def test_sign_out_needs_the_form_token_and_ends_the_session(internal_app):
    c = https_client(internal_app)
    sign_in(c)
    assert c.post("/signout", data={}).status_code == 400
    token = c.get("/signin").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', token).group(1)
    assert c.post("/signout", data={"csrf_token": token}).status_code == 302
    assert c.get("/_dash-layout").status_code == 401


def test_session_cookie_flags(internal_app):
    c = https_client(internal_app)
    response = sign_in(c)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Strict" in cookie


# ---------------------------------------------------------------------------- /healthz
def test_internal_health_says_only_ok_to_a_visitor(internal_url, auth_env):
    """Given internal mode, when /healthz is asked without sign-in, then it answers ok and nothing else; signed in, the
    release."""
    app = make_app(internal_url, **auth_env)
    visitor = https_client(app).get("/healthz")
    assert visitor.status_code == 200 and visitor.get_json() == {"status": "ok"}
    c = https_client(app)
    sign_in(c)
    assert set(c.get("/healthz").get_json()) == {"status", "release_id"}


def test_internal_health_says_only_unavailable_to_a_visitor(auth_env):
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/vru", **auth_env)  # nothing listens on port 1
    visitor = https_client(app).get("/healthz")
    assert visitor.status_code == 503 and visitor.get_json() == {"status": "unavailable"}


# ---------------------------------------------------------------------------- next=
def test_next_keeps_every_query_parameter(internal_url, auth_env):
    """Given a page asked for with several filters, when the visitor signs in, then they land on that exact address."""
    app = make_app(internal_url, **auth_env)
    c = https_client(app)
    target = "/reach?period=2021-22&programme=divert&borough=E09000022"
    location = c.get(target, headers={"Accept": "text/html"}).headers["Location"]
    assert location == "/signin?next=/reach%3Fperiod%3D2021-22%26programme%3Ddivert%26borough%3DE09000022"
    form = c.get(location).data.decode()
    next_ = re.search(r'name="next" value="([^"]*)"', form).group(1).replace("&amp;", "&")
    assert next_ == target
    assert sign_in(c, next_=next_).headers["Location"] == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/%0d%0aSet-Cookie:x=1",
        " //evil.example",
    ],
)
def test_next_never_leaves_the_site(internal_url, auth_env, target):
    app = make_app(internal_url, **auth_env)
    assert sign_in(https_client(app), next_=target).headers["Location"] in ("/", "/%0d%0aSet-Cookie:x=1")
