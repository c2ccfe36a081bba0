"""Headers and small leaks (issue 12, item 8): HSTS, the CSP without 'unsafe-eval', what internal
/healthz tells a visitor who is not signed in, and /signin?next= that keeps a whole address."""

from __future__ import annotations

import re

import pytest

from dashboard.access import users
from dashboard.settings import Settings, SettingsError, from_environment
from tests.integration.dashboard.access.test_auth import PASSWORD, SECRET, client, sign_in

HSTS = "Strict-Transport-Security"


def make_app(database_url: str, *, mode: str = "internal", **settings):
    from dashboard.app import create_app

    return create_app(settings=Settings(mode=mode, database_url=database_url, **settings))


@pytest.fixture
def auth_env(tmp_path) -> dict:
    """The sign-in settings of an internal app with one user, for make_app."""
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    users.add_user(users.engine(url), username="director", password=PASSWORD)
    return {"secret_key": SECRET, "auth_database_url": url}


@pytest.fixture
def internal_url(small_release) -> str:
    return f"sqlite:///{small_release / 'internal.db'}"


@pytest.fixture
def public_url(small_release) -> str:
    return f"sqlite:///{small_release / 'public.db'}"


# ------------------------------------------------------------------------------- HSTS
def test_hsts_is_sent_on_https_only_by_default(public_url):
    app = make_app(public_url, mode="public")
    assert app.server.test_client().get("/healthz", base_url="https://localhost").headers[HSTS] == "max-age=31536000"
    assert (
        HSTS not in app.server.test_client().get("/healthz").headers
    )  # plain http: browsers ignore it, so say nothing


def test_hsts_on_every_response_when_the_site_is_https_only(public_url, internal_url, auth_env):
    for app in (make_app(public_url, mode="public", hsts="always"), make_app(internal_url, hsts="always", **auth_env)):
        assert (
            app.server.test_client().get("/signin" if app.server.config["vru.settings"].internal else "/").headers[HSTS]
            == "max-age=31536000"
        )


def test_hsts_off(public_url):
    secure = make_app(public_url, mode="public", hsts="off").server.test_client()
    assert HSTS not in secure.get("/healthz", base_url="https://localhost").headers


def test_behind_a_trusted_tls_proxy_hsts_follows_x_forwarded_proto(public_url):
    """Given a TLS-terminating proxy that says X-Forwarded-Proto: https, HSTS is sent only when the proxy is trusted."""
    trusted = make_app(public_url, mode="public", trusted_proxies=1).server.test_client()
    assert trusted.get("/healthz", headers={"X-Forwarded-Proto": "https"}).headers[HSTS] == "max-age=31536000"
    untrusted = make_app(public_url, mode="public").server.test_client()
    assert HSTS not in untrusted.get("/healthz", headers={"X-Forwarded-Proto": "https"}).headers


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("VRU_HSTS", "sometimes"),
        ("VRU_TRUSTED_PROXIES", "-1"),
        ("VRU_TRUSTED_PROXIES", "two"),
        ("VRU_SESSION_HOURS", "0"),
        ("VRU_SESSION_IDLE_MINUTES", "many"),
    ],
)
def test_bad_security_settings_are_refused_at_start(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        from_environment(mode="internal")


def test_security_settings_come_from_the_environment(monkeypatch):
    for variable, value in {
        "VRU_HSTS": "always",
        "VRU_TRUSTED_PROXIES": "2",
        "VRU_SESSION_HOURS": "4",
        "VRU_SESSION_IDLE_MINUTES": "10",
        "VRU_COOKIE_SECURE": "0",
    }.items():
        monkeypatch.setenv(variable, value)
    settings = from_environment(mode="internal")
    assert (
        settings.hsts,
        settings.trusted_proxies,
        settings.session_hours,
        settings.session_idle_minutes,
        settings.cookie_secure,
    ) == ("always", 2, 4.0, 10.0, False)


# -------------------------------------------------------------------------------- CSP
def test_the_csp_does_not_allow_eval(public_url):
    policy = make_app(public_url, mode="public").server.test_client().get("/").headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src "))
    assert "'unsafe-eval'" not in script_src and "'unsafe-inline'" not in script_src
    # No workers or frames from blob: URLs (only the map library of before issue 16 needed them).
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["worker-src"] == "'self'" and directives["child-src"] == "'self'"


# ---------------------------------------------------------------------------- /healthz
def test_internal_health_says_only_ok_to_a_visitor(internal_url, auth_env):
    """Given internal mode, when /healthz is asked without sign-in, then it answers ok and nothing else; signed in, the
    release."""
    app = make_app(internal_url, **auth_env)
    visitor = client(app).get("/healthz")
    assert visitor.status_code == 200 and visitor.get_json() == {"status": "ok"}
    c = client(app)
    sign_in(c)
    assert set(c.get("/healthz").get_json()) == {"status", "release_id"}


def test_internal_health_says_only_unavailable_to_a_visitor(auth_env):
    app = make_app("postgresql+psycopg://nobody@127.0.0.1:1/vru", **auth_env)  # nothing listens on port 1
    visitor = client(app).get("/healthz")
    assert visitor.status_code == 503 and visitor.get_json() == {"status": "unavailable"}


def test_public_health_is_unchanged(public_url):
    assert set(make_app(public_url, mode="public").server.test_client().get("/healthz").get_json()) == {
        "status",
        "release_id",
    }


# ---------------------------------------------------------------------------- next=
def test_next_keeps_every_query_parameter(internal_url, auth_env):
    """Given a page asked for with several filters, when the visitor signs in, then they land on that exact address."""
    app = make_app(internal_url, **auth_env)
    c = client(app)
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
    assert sign_in(client(app), next_=target).headers["Location"] in ("/", "/%0d%0aSet-Cookie:x=1")


def test_a_crafted_path_is_a_404_not_a_500(internal_url, auth_env):
    """Issue 12's `GET /%0d%0aX-Injected:%201` in internal mode: a path with control characters is no page
    (dashboard/access/guards.py answers 404 before sign-in), so no header is injected and nothing fails (500);
    a path with only unusual printable characters still goes into next= encoded."""
    app = make_app(internal_url, **auth_env)
    response = client(app).get("/%0d%0aX-Injected:%201", headers={"Accept": "text/html"})
    assert response.status_code == 404
    odd = client(app).get("/a%20b:c&d", headers={"Accept": "text/html"})
    assert odd.status_code == 302 and odd.headers["Location"] == "/signin?next=/a+b%3Ac%26d"
    assert "X-Injected" not in response.headers
