"""The tests' one user of internal mode, the internal dashboard served with that user, and signing in as a person
does: ask for /signin, then send the form with its token. One `sign_in` for every way a test talks to the dashboard."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.servers import dashboard_command, gunicorn_server, http_request, server_env, session_cookie

USERNAME = "director"
PASSWORD = "correct horse battery staple"
SECRET = "x" * 64  # the internal app's VRU_SECRET_KEY in the tests


def https_client(app):
    """A test client of `app` that speaks https: session cookies are Secure, so only then does it get them back."""
    c = app.server.test_client()
    c.environ_base["wsgi.url_scheme"] = "https"
    return c


def csrf(c, path="/signin") -> str:
    """The CSRF token of the sign-in form (or of the form on `path`), as a test client gets it."""
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).data.decode()).group(1)


def form_token(html: str) -> str:
    """The CSRF token of the first form on a page (the sign-out form on internal pages)."""
    tag = re.search(r'<input[^>]*name="csrf_token"[^>]*>', html).group(0)
    return re.search(r'value="([^"]+)"', tag).group(1)


def sign_in(via, base: str = "", *, username: str = USERNAME, password: str = PASSWORD, next_: str | None = "/"):
    """Sign in through the form at `base`/signin, by what the test talks to the dashboard with:

    - a Flask test client (https_client): returns the response to the form; the client keeps the session;
    - a Playwright page: fills in and submits the form; the caller waits for where it leads;
    - the address of a real server (a str; `base` unused): returns the session cookie, over plain HTTP.

    `next_=None` sends no next= (the sign-in then leads to the internal landing page)."""
    form = {"username": username, "password": password} | ({} if next_ is None else {"next": next_})
    if isinstance(via, str):
        page = http_request(via, "GET", "/signin")
        signed = http_request(
            via, "POST", "/signin", cookie=session_cookie(page), body=form | {"csrf_token": form_token(page.text)}
        )
        assert signed.status == 302, signed.text
        return session_cookie(signed)
    if hasattr(via, "fill"):  # a Playwright page
        via.goto(base + "/signin")
        via.fill("#username", username)
        via.fill("#password", password)
        via.click("button[type=submit]")
        return None
    return via.post(base + "/signin", data=form | {"csrf_token": csrf(via, base + "/signin")})


@contextlib.contextmanager
def internal_server(data_dir: Path, folder: Path, *, app: str = "dashboard.app:server") -> Iterator[str]:
    """The internal dashboard under gunicorn on the release in `data_dir`, with one user (USERNAME) in a fresh user
    store in `folder`; yields its base URL."""
    auth_url = f"sqlite:///{folder / 'auth.db'}"
    added = dashboard_command("add-user", USERNAME, auth_url=auth_url, stdin=PASSWORD + "\n")
    if added.returncode != 0:
        pytest.fail(f"could not add the test user: {added.stderr}", pytrace=False)
    env = server_env(
        VRU_MODE="internal", VRU_DATA_DIR=str(data_dir), VRU_SECRET_KEY=SECRET, VRU_AUTH_DATABASE_URL=auth_url
    )
    with gunicorn_server(env, folder / "gunicorn.log", app=app) as base:
        yield base
