"""Sign-in for internal mode: every route needs a signed-in user except the sign-in page.

Pages redirect to /signin; data requests (Dash callbacks, layout, component bundles,
downloads, API) get 401. Sessions are Flask's signed cookies (VRU_SECRET_KEY), with an
absolute and an idle expiry checked on the server; forms carry a CSRF token.
"""
from __future__ import annotations

import hmac
import os
import secrets
import time
from urllib.parse import urlparse

from flask import Flask, abort, redirect, render_template_string, request, session

from dashboard import audit, components, users

SECRET_VARIABLE = "VRU_SECRET_KEY"
MIN_SECRET_LENGTH = 32
SESSION_HOURS = float(os.environ.get("VRU_SESSION_HOURS", "8"))  # a working day
IDLE_MINUTES = float(os.environ.get("VRU_SESSION_IDLE_MINUTES", "30"))
# Only what the sign-in page itself needs is served to a visitor who is not signed in.
LANDING_PAGE = "/internal/attention"  # where sign-in leads when no page was asked for (issue 17)
OPEN_PATHS = {"/signin", "/assets/00-bootstrap.min.css", "/assets/10-dashboard.css", "/healthz", "/_favicon.ico"}  # health: for load balancers, says no figures


class AuthConfigurationError(Exception):
    """Internal mode cannot start safely (no or weak VRU_SECRET_KEY)."""


SIGN_IN_PAGE = """<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in - London VRU dashboard (internal)</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/00-bootstrap.min.css"><link rel="stylesheet" href="/assets/10-dashboard.css"></head>
<body>
<div class="internal-banner" role="note">{{ marking }}</div>
<main id="main" class="container py-4" style="max-width: 32rem">
  <h1 class="h3">Sign in to the internal VRU dashboard</h1>
  {% if message %}<div class="alert alert-danger" role="alert" id="signin-error">{{ message }}</div>{% endif %}
  <form method="post" action="/signin" novalidate>
    <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
    <input type="hidden" name="next" value="{{ next }}">
    <div class="mb-3"><label class="form-label" for="username">Username</label>
      <input class="form-control" id="username" name="username" autocomplete="username" required value="{{ username }}"
             {% if message %}aria-describedby="signin-error"{% endif %}></div>
    <div class="mb-3"><label class="form-label" for="password">Password</label>
      <input class="form-control" id="password" name="password" type="password" autocomplete="current-password" required></div>
    <button class="btn btn-primary" type="submit">Sign in</button>
  </form>
  <p class="mt-3 small">Accounts are managed by the VRU data team. The public dashboard needs no sign-in.</p>
</main></body></html>"""


def configure(server: Flask) -> None:
    secret = os.environ.get(SECRET_VARIABLE, "")
    if len(secret) < MIN_SECRET_LENGTH:
        raise AuthConfigurationError(
            f"internal mode needs {SECRET_VARIABLE}: at least {MIN_SECRET_LENGTH} random characters, e.g. `openssl rand -hex 32`"
        )
    server.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_NAME="vru_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        # Browsers accept Secure cookies on http://localhost; set VRU_COOKIE_SECURE=0 only for plain-HTTP hosts in development.
        SESSION_COOKIE_SECURE=os.environ.get("VRU_COOKIE_SECURE", "1") != "0",
        PERMANENT_SESSION_LIFETIME=int(SESSION_HOURS * 3600),
    )
    store = users.engine()
    server.before_request(_require_sign_in)
    server.add_url_rule("/signin", "signin", lambda: _sign_in(store), methods=["GET", "POST"])
    server.add_url_rule("/signout", "signout", _sign_out, methods=["POST"])


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="The form expired or did not come from this site. Reload the page and try again.")


def signed_in_user() -> str | None:
    user, started, seen = session.get("user"), session.get("started", 0), session.get("seen", 0)
    now = time.time()
    if not user or now - started > SESSION_HOURS * 3600 or now - seen > IDLE_MINUTES * 60:
        return None
    return user


def _is_page_request() -> bool:
    return request.method == "GET" and not request.path.startswith(("/_", "/api/", "/internal/api/", "/assets/", "/download")) and "text/html" in request.headers.get("Accept", "text/html")


def _require_sign_in():
    if request.path in OPEN_PATHS:
        return None
    user = signed_in_user()
    if user:
        session["seen"] = time.time()
        return None
    session.pop("user", None)
    if _is_page_request():
        return redirect("/signin?next=" + request.full_path.rstrip("?"))
    return ({"error": "sign in required"}, 401)


def _safe_next(target: str) -> str:
    """Only paths on this site: never redirect a user to another host after sign-in."""
    parsed = urlparse(target or "/")
    if parsed.scheme or parsed.netloc or not (target or "/").startswith("/") or target.startswith("//"):
        return "/"
    return target


def _sign_in(store):
    message, username = "", ""
    if request.method == "POST":
        _check_csrf()
        username = request.form.get("username", "").strip().lower()
        password = request.form.get("password", "")
        client = request.remote_addr or "unknown"
        wait = users.throttled(store, username=username, client=client)
        if wait:
            message = f"Too many failed attempts. Try again in {max(1, round(wait / 60))} minute(s)."
            return render_template_string(SIGN_IN_PAGE, marking=components.INTERNAL_MARKING, message=message, csrf_token=_csrf_token(), next=_safe_next(request.form.get("next", "/")), username=username), 429
        if users.check_password(store, username=username, password=password, client=client):
            session.clear()  # a fresh session on sign-in: nothing carried over from before
            session.permanent = True
            now = time.time()
            session.update(user=username, started=now, seen=now, csrf=secrets.token_urlsafe(32))
            audit.record("sign_in", username=username)
            return redirect(_safe_next(request.form.get("next") or LANDING_PAGE))
        audit.record("sign_in_failed", username=username)
        message = "The username or password is not right."
    # A form shown again with its error is an ordinary page (200); 401 is for data requests.
    return render_template_string(SIGN_IN_PAGE, marking=components.INTERNAL_MARKING, message=message, csrf_token=_csrf_token(),
                                  next=_safe_next(request.form.get("next") or request.args.get("next") or LANDING_PAGE), username=username)


def _sign_out():
    _check_csrf()
    audit.record("sign_out")
    session.clear()
    return redirect("/signin")


def csrf_token() -> str:
    """For the sign-out form on every internal page."""
    return _csrf_token()
