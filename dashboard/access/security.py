"""Security headers on every response, in both modes."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard.data import state

# A year (the least the browsers' HSTS preload list accepts). No includeSubDomains: other sites may share the domain.
HSTS_VALUE = "max-age=31536000"


def content_security_policy(script_hashes: list[str], *, frameable: bool = False) -> str:
    """Scripts only from this site, plus Dash's own inline scripts by hash; no 'unsafe-eval'
    (the trimmed plotly bundle draws every chart without it: tests/browser/dashboard/access/test_security.py).
    No workers or frames of blob: URLs (only maplibre-gl needed them, and the maps no longer use it);
    images may be blob: URLs, which plotly.js makes to turn a chart into a PNG. Styles allow
    inline attributes, which Dash and plotly set."""
    scripts = " ".join(["'self'", *dict.fromkeys(script_hashes)])  # hashes come quoted from Dash
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self'",
            "child-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            # Only embed views (/embed/...) may be framed by other sites.
            "frame-ancestors *" if frameable else "frame-ancestors 'none'",
        ]
    )


def trust_proxies(server: Flask, *, count: int) -> None:
    """Behind `count` proxies (VRU_TRUSTED_PROXIES), the client's address and scheme are the ones the
    nearest proxies saw (X-Forwarded-For, X-Forwarded-Proto); with none, those headers are ignored."""
    if count:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=count, x_proto=count)


def _sends_hsts() -> bool:
    hsts = state.settings().hsts
    return hsts == "always" or (hsts == "auto" and request.is_secure)


def add_headers(server: Flask, *, script_hashes, internal: bool) -> None:
    """`script_hashes` is called per HTML response: Dash Pages adds an inline script
    when the app first serves a request, after the app was built."""

    @server.after_request
    def _headers(response):
        # Embeds of public figures only: internal pages are never framed by other sites.
        frameable = request.path.startswith("/embed/") and not internal
        if response.mimetype == "text/html":
            response.headers.setdefault(
                "Content-Security-Policy", content_security_policy(script_hashes(), frameable=frameable)
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if not frameable:
            response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if _sends_hsts():
            # Browsers ignore HSTS on plain http, so it is sent only where it means something.
            response.headers.setdefault("Strict-Transport-Security", HSTS_VALUE)
        return response  # Cache-Control, in both modes: dashboard/access/caching.py
