"""Security headers on every response, in both modes (dashboard/access/security.py): HSTS as configured, a CSP
without 'unsafe-eval', no framing, no sniffing."""

from __future__ import annotations

from tests.support.signin import https_client
from tests.support.web import make_app

HSTS = "Strict-Transport-Security"


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


# -------------------------------------------------------------------------------- CSP
def test_the_csp_does_not_allow_eval(public_url):
    policy = make_app(public_url, mode="public").server.test_client().get("/").headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split("; ") if part.startswith("script-src "))
    assert "'unsafe-eval'" not in script_src and "'unsafe-inline'" not in script_src
    # No workers or frames from blob: URLs: no script the pages load needs them.
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["worker-src"] == "'self'" and directives["child-src"] == "'self'"


def test_security_headers_in_both_modes(public_app, internal_app):
    for response in (public_app.server.test_client().get("/"), https_client(internal_app).get("/signin")):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
