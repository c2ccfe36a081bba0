"""Server-side sessions of internal mode (dashboard/access/sessions.py): they end when they should, whoever holds a
copy of the cookie.

The attack: sign in, save the `vru_session` cookie, sign out (or have the user
removed, or the password changed, or the sessions revoked), then replay the saved cookie.
Each replay must be refused: pages redirect to /signin, data requests get 401. Tested
in-process over WSGI and, where processes matter, on real gunicorn with two workers and
the real `vru-dashboard` commands.
"""

from __future__ import annotations

import base64
import json
import re
import time
import zlib

import pytest
import sqlalchemy as sa

from dashboard.access import throttle, users
from dashboard.settings import Settings
from tests.support.db import query
from tests.support.servers import dashboard_command, gunicorn_server, http_request, server_env
from tests.support.signin import PASSWORD, SECRET, form_token, https_client, sign_in

# What a replayed cookie is tried on: a page, the Dash layout and a callback, a download, the API.
PAGE = "/internal/providers"
DATA = ["/_dash-layout", "/download/reach/reach-trend.csv", "/api/v1/counts"]
# Sessions, not password hashing, are under test here (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("quick_password_hashing")


@pytest.fixture
def app(small_release, auth_url):
    from dashboard.app import create_app

    return create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url,
        )
    )


def saved_cookie(c) -> str:
    return c.get_cookie("vru_session").value


def replay(app, cookie: str):
    """A fresh client that holds nothing but the saved cookie."""
    attacker = https_client(app)
    attacker.set_cookie("vru_session", cookie)
    return attacker


def assert_refused(app, cookie: str) -> None:
    attacker = replay(app, cookie)
    page = attacker.get(PAGE, headers={"Accept": "text/html"})
    assert page.status_code == 302 and page.headers["Location"].startswith("/signin"), page.status_code
    for path in DATA:
        assert attacker.get(path).status_code == 401, path
    callback = attacker.post(
        "/_dash-update-component", json={"output": "reach-content.children", "inputs": [], "changedPropIds": []}
    )
    assert callback.status_code == 401


def assert_accepted(app, cookie: str) -> None:
    assert replay(app, cookie).get(PAGE, headers={"Accept": "text/html"}).status_code == 200


def test_a_cookie_saved_before_sign_out_is_refused_after_it(app):
    """Given a signed-in user whose cookie was copied, when the user signs out, then the copy opens nothing."""
    c = https_client(app)
    sign_in(c)
    cookie = saved_cookie(c)
    assert_accepted(app, cookie)
    assert c.post("/signout", data={"csrf_token": form_token(c.get(PAGE).data.decode())}).status_code == 302
    assert_refused(app, cookie)


@pytest.mark.integration  # starts the real `vru-dashboard` command in a process
def test_a_removed_users_sessions_end_at_once(app, auth_url):
    """Given two signed-in sessions of a user, when `vru-dashboard remove-user` runs, then neither cookie opens
    anything."""
    cookies = []
    for _ in range(2):
        c = https_client(app)
        sign_in(c)
        cookies.append(saved_cookie(c))
    assert dashboard_command("remove-user", "director", auth_url=auth_url).returncode == 0
    for cookie in cookies:
        assert_refused(app, cookie)


@pytest.mark.integration  # starts the real `vru-dashboard` command in a process
def test_a_password_change_ends_every_session_of_the_user(app, auth_url, monkeypatch):
    """Given a signed-in user, when `vru-dashboard set-password` sets a new one, then the old session is refused
    and only the new password signs in."""
    monkeypatch.setattr(throttle, "BACKOFF_SECONDS", 0)  # the new password right after the old one is refused
    c = https_client(app)
    sign_in(c)
    cookie = saved_cookie(c)
    changed = dashboard_command("set-password", "director", auth_url=auth_url, stdin="a brand new passphrase here\n")
    assert changed.returncode == 0, changed.stderr
    assert_refused(app, cookie)
    assert "not right" in sign_in(https_client(app)).data.decode()
    assert sign_in(https_client(app), password="a brand new passphrase here").status_code == 302


@pytest.mark.integration  # starts the real `vru-dashboard` command in a process
def test_sessions_are_listed_and_revoked_per_user(app, auth_url):
    """Given sessions of two users, when `vru-dashboard sessions --revoke` names one, then only that user's end."""
    users.add_user(users.engine(auth_url), username="analyst", password=PASSWORD)
    director, analyst = https_client(app), https_client(app)
    sign_in(director)
    sign_in(analyst, username="analyst")
    listed = dashboard_command("sessions", auth_url=auth_url)
    assert listed.returncode == 0
    assert re.search(r"^director\t", listed.stdout, re.M) and re.search(r"^analyst\t", listed.stdout, re.M)
    revoked = dashboard_command("sessions", "--revoke", "director", auth_url=auth_url)
    assert revoked.returncode == 0 and "Ended 1 session of director" in revoked.stdout
    assert_refused(app, saved_cookie(director))
    assert_accepted(app, saved_cookie(analyst))
    assert not re.search(r"^director\t", dashboard_command("sessions", auth_url=auth_url).stdout, re.M)


def cookie_payload(cookie: str) -> dict:
    """What anyone holding the cookie can read: the signed payload is only base64 (maybe zlib) JSON."""
    parts = cookie.split(".")
    compressed = parts[0] == ""  # itsdangerous marks a zlib-compressed payload with a leading "."
    raw = parts[1] if compressed else parts[0]
    data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    return json.loads(zlib.decompress(data) if compressed else data)


def test_the_cookie_says_nothing_about_the_user(app):
    """Given a signed-in user, when the cookie is decoded, then it holds an opaque id and a form token only."""
    c = https_client(app)
    sign_in(c)
    session = cookie_payload(saved_cookie(c))
    assert set(session) <= {"sid", "csrf", "_permanent"}  # _permanent: Flask's own flag for the cookie's expiry
    assert "director" not in json.dumps(session)


def test_the_session_record_is_on_the_server_and_holds_a_hash_of_the_id(app, auth_url):
    c = https_client(app)
    sign_in(c)
    sid = cookie_payload(saved_cookie(c))["sid"]
    rows = query(
        auth_url, "SELECT username, session_hash, created_at, last_seen_at, expires_at, idle_expires_at FROM sessions"
    )
    assert len(rows) == 1
    username, stored, created, seen, expires, idle = rows[0]
    assert username == "director" and sid not in stored  # a copy of the table gives no usable cookie
    assert created <= seen < idle <= expires
    assert expires - created == pytest.approx(8 * 3600)


def test_an_idle_session_ends_on_the_server(app, auth_url):
    """Given a session last used 31 minutes ago, when its cookie is sent, then it is refused and its record deleted."""
    c = https_client(app)
    sign_in(c)
    cookie = saved_cookie(c)
    long_ago = time.time() - 31 * 60
    with sa.create_engine(auth_url).begin() as conn:
        conn.execute(sa.text("UPDATE sessions SET last_seen_at = :t, idle_expires_at = :t + 1800"), {"t": long_ago})
    assert_refused(app, cookie)
    assert query(auth_url, "SELECT count(*) FROM sessions") == [(0,)]


def test_use_keeps_a_session_alive_up_to_its_absolute_expiry(app, auth_url):
    """Given a session about to go idle, when it is used, then its idle expiry moves on, never past the absolute one."""
    c = https_client(app)
    sign_in(c)
    now = time.time()
    with sa.create_engine(auth_url).begin() as conn:
        conn.execute(
            sa.text("UPDATE sessions SET last_seen_at = :seen, idle_expires_at = :idle, expires_at = :end"),
            {"seen": now - 29 * 60, "idle": now + 60, "end": now + 600},
        )
    assert c.get("/_dash-layout").status_code == 200
    [(idle, end)] = query(auth_url, "SELECT idle_expires_at, expires_at FROM sessions")
    assert idle == pytest.approx(end)  # min(now + 30 minutes, absolute expiry)
    with sa.create_engine(auth_url).begin() as conn:
        conn.execute(sa.text("UPDATE sessions SET expires_at = :t"), {"t": now - 1})
    assert c.get("/_dash-layout").status_code == 401


def test_expired_records_are_purged(app, auth_url):
    """Given an expired session nobody comes back to, when anyone signs in, then its record is gone."""
    sign_in(https_client(app))
    with sa.create_engine(auth_url).begin() as conn:
        conn.execute(sa.text("UPDATE sessions SET expires_at = 1, idle_expires_at = 1"))
    sign_in(https_client(app))
    assert query(auth_url, "SELECT count(*) FROM sessions") == [(1,)]


@pytest.mark.integration  # starts the real `vru-dashboard` command in a process
def test_a_page_left_open_after_its_session_ended_can_still_sign_out(app, auth_url):
    c = https_client(app)
    sign_in(c)
    token = form_token(c.get(PAGE).data.decode())
    assert dashboard_command("sessions", "--revoke", "director", auth_url=auth_url).returncode == 0
    signed_out = c.post("/signout", data={"csrf_token": token})
    assert signed_out.status_code == 302 and signed_out.headers["Location"] == "/signin"


def test_sign_in_starts_a_new_session_each_time(app):
    """Session fixation: a cookie held before sign-in is not the one that is signed in."""
    c = https_client(app)
    c.get("/signin")
    before = saved_cookie(c)
    sign_in(c)
    assert saved_cookie(c) != before
    assert_refused(app, before)


# ------------------------------------------------------------------- real gunicorn, real HTTP
@pytest.mark.slow
def test_on_gunicorn_a_replayed_cookie_is_refused_after_sign_out_and_user_removal(small_release, tmp_path):
    """The replayed cookie on real gunicorn (two workers, so the session cannot live in one process)."""
    auth_url = f"sqlite:///{tmp_path / 'auth.db'}"
    env = server_env(
        VRU_MODE="internal", VRU_DATA_DIR=str(small_release), VRU_SECRET_KEY=SECRET, VRU_AUTH_DATABASE_URL=auth_url
    )
    assert dashboard_command("add-user", "director", auth_url=auth_url, stdin=PASSWORD + "\n").returncode == 0
    with gunicorn_server(env, tmp_path / "gunicorn.log", workers=2) as base:
        cookie = sign_in(base)
        assert http_request(base, "GET", PAGE, cookie=cookie).status == 200
        page = http_request(base, "GET", PAGE, cookie=cookie)
        assert (
            http_request(base, "POST", "/signout", cookie=cookie, body={"csrf_token": form_token(page.text)}).status
            == 302
        )
        for _ in range(4):  # whichever worker answers
            refused = http_request(base, "GET", PAGE, cookie=cookie)
            assert refused.status == 302 and refused.getheader("Location").startswith("/signin")
            assert http_request(base, "GET", "/_dash-layout", cookie=cookie, accept="application/json").status == 401

        cookie = sign_in(base)
        assert http_request(base, "GET", PAGE, cookie=cookie).status == 200
        assert dashboard_command("remove-user", "director", auth_url=auth_url).returncode == 0
        for _ in range(4):
            assert http_request(base, "GET", PAGE, cookie=cookie).status == 302
            assert http_request(base, "GET", "/download/reach/reach-trend.csv", cookie=cookie).status == 401
