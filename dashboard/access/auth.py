"""Sign-in for internal mode: every route needs a signed-in user except the sign-in page.

Pages redirect to /signin; data requests (Dash callbacks, layout, component bundles,
downloads, API) get 401. Sessions live on the server (dashboard/access/sessions.py): the cookie,
signed with VRU_SECRET_KEY, carries only the session's random id and the form token, and
a session ends when its record is deleted or expires. Sign-in attempts are throttled per
username and client address (dashboard/access/throttle.py); forms carry a CSRF token.

Sign-in, a refused sign-in and sign-out each happen in one function below (`_complete_sign_in`,
`_sign_in_failed`, `_sign_in_throttled`, `_sign_out`), where an audit trail can record them.
"""

from __future__ import annotations

import functools
import hmac
import json
import math
import secrets
from urllib.parse import urlencode, urlsplit

from flask import Flask, abort, make_response, redirect, request, session

from dashboard.access import audit_trail, sessions, signed_in, throttle, users
from dashboard.data import state
from dashboard.data.vocabulary import INTERNAL_MARKING
from dashboard.settings import Settings
from dashboard.ui import documents, site

SECRET_VARIABLE = "VRU_SECRET_KEY"  # Settings.secret_key
MIN_SECRET_LENGTH = 32
LANDING_PAGE = "/internal/attention"  # where sign-in leads when no page was asked for: what needs a director now
# Only what the sign-in page itself needs is served to a visitor who is not signed in; sign-out
# too (it needs the form token), so that a page left open after its session ended can still sign out.
OPEN_PATHS = {
    "/signin",
    "/signout",
    "/assets/00-bootstrap.min.css",
    "/assets/10-dashboard.css",
    "/healthz",
    "/_favicon.ico",
}  # health: for load balancers, says no figures


class AuthConfigurationError(Exception):
    """Internal mode cannot start safely (no or weak VRU_SECRET_KEY)."""


def configure(server: Flask, settings: Settings) -> None:
    secret = settings.secret_key
    if len(secret) < MIN_SECRET_LENGTH:
        raise AuthConfigurationError(
            f"internal mode needs {SECRET_VARIABLE}: at least {MIN_SECRET_LENGTH} random characters, e.g. `openssl "
            "rand -hex 32`"
        )
    server.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_NAME="vru_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        # Browsers accept Secure cookies on http://localhost; VRU_COOKIE_SECURE=0 only for plain-HTTP hosts in
        # development.
        SESSION_COOKIE_SECURE=settings.cookie_secure,
        PERMANENT_SESSION_LIFETIME=int(settings.session_hours * 3600),
    )
    signed_in.set_store(server, users.engine(settings.auth_database_url))
    server.before_request(_require_sign_in)
    server.add_url_rule("/signin", "signin", _sign_in_page, methods=["GET", "POST"])
    server.add_url_rule("/signout", "signout", _sign_out, methods=["POST"])


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="The form expired or did not come from this site. Reload the page and try again.")


def _is_page_request() -> bool:
    return (
        request.method == "GET"
        and not request.path.startswith(("/_", "/api/", "/internal/api/", "/assets/", "/download"))
        and "text/html" in request.headers.get("Accept", "text/html")
    )


def _require_sign_in():
    if request.path in OPEN_PATHS:
        return None
    if signed_in.user():
        return None
    session.pop("sid", None)
    if _is_page_request():
        # Encoded, so that every parameter of the page's address comes back after sign-in.
        return redirect("/signin?" + urlencode({"next": request.full_path.rstrip("?")}, safe="/"))
    return ({"error": "sign in required"}, 401)


def _safe_next(target: str | None) -> str:
    """Only paths on this site: never redirect a user to another host after sign-in. Browsers read
    a backslash as a slash and drop tabs and newlines, so `/\\host` and `/<tab>/host` are other hosts too."""
    target = target or "/"
    parts = urlsplit(target)
    if (
        not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or parts.scheme
        or parts.netloc
        or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target)
    ):
        return "/"
    return target


def _form(*, message: str = "", username: str = "", next_: str, status: int = 200, headers: dict | None = None):
    page = documents.render(
        "sign_in.html",
        page_title=site.title("Sign in", internal=True),
        marking=INTERNAL_MARKING,
        message=message,
        csrf_token=_csrf_token(),
        next=_safe_next(next_),
        username=username,
    )
    return page, status, headers or {}


def _sign_in_page():
    if request.method == "GET":
        return _form(next_=request.args.get("next") or LANDING_PAGE)
    _check_csrf()
    # No username is longer than MAX_USERNAME_LENGTH: a longer one is cut (so it still fails) before it is stored.
    username = request.form.get("username", "").strip().lower()[: users.MAX_USERNAME_LENGTH + 1]
    password = request.form.get("password", "")
    next_ = _safe_next(request.form.get("next") or LANDING_PAGE)
    store = signed_in.store()
    try:
        attempt = throttle.reserve(store, username=username, client=request.remote_addr or "unknown")
    except throttle.SignInThrottled as refused:
        return _sign_in_throttled(username=username, wait_seconds=refused.wait_seconds, next_=next_)
    ok = users.verify_password(store, username=username, password=password)
    throttle.finish(store, attempt_id=attempt, succeeded=ok)
    if not ok:
        return _sign_in_failed(username=username, next_=next_)
    return _complete_sign_in(username=username, next_=next_)


def _complete_sign_in(*, username: str, next_: str):
    """The password was right: a new session (nothing carried over from before, so no fixation)."""
    settings = state.settings()
    session.clear()
    session.permanent = True
    session["sid"] = sessions.start(
        signed_in.store(),
        username=username,
        lifetime_seconds=settings.session_hours * 3600,
        idle_seconds=settings.session_idle_minutes * 60,
    )
    session["csrf"] = secrets.token_urlsafe(32)
    audit_trail.record("sign_in", username=username)
    return redirect(next_)


def _sign_in_failed(*, username: str, next_: str):
    audit_trail.record("sign_in_failed", username=username)
    # A form shown again with its error is an ordinary page (200); 401 is for data requests.
    return _form(message="The username or password is not right.", username=username, next_=next_)


def _sign_in_throttled(*, username: str, wait_seconds: int, next_: str):
    wait = f"{wait_seconds} second(s)" if wait_seconds < 60 else f"{math.ceil(wait_seconds / 60)} minute(s)"
    return _form(
        message=f"Too many failed attempts. Try again in {wait}.",
        username=username,
        next_=next_,
        status=429,
        headers={"Retry-After": str(wait_seconds)},
    )


def _sign_out():
    _check_csrf()
    audit_trail.record("sign_out")
    session_id = session.get("sid")
    if isinstance(session_id, str):
        sessions.end(signed_in.store(), session_id=session_id)
    session.clear()
    return redirect("/signin")


def csrf_token() -> str:
    """For the sign-out form on every internal page, and the release forms."""
    return _csrf_token()


def check_form_token() -> None:
    """400 unless the posted form carries this session's token (the release forms, as sign-in and sign-out)."""
    _check_csrf()


def health_for_visitors(view):
    """Internal /healthz: a visitor who is not signed in (a load balancer) learns only ok or unavailable,
    not the release or why the database cannot be read."""

    @functools.wraps(view)
    def health():
        response = make_response(view())
        if response.is_json and not signed_in.user():
            response.set_data(json.dumps({"status": response.get_json().get("status")}))
        return response

    return health
