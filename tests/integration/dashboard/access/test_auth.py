"""Internal mode: everything behind sign-in; the public app cannot reach any of it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dashboard.access import throttle, users
from dashboard.settings import Settings, from_environment

PASSWORD = "correct horse battery staple"
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
SECRET = "x" * 64


@pytest.fixture(scope="module")
def release_dir(small_release):
    return small_release


@pytest.fixture(scope="module")
def internal_app(release_dir):
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


def client(app):
    # Session cookies are Secure: the test client must speak https to get them back.
    c = app.server.test_client()
    c.environ_base["wsgi.url_scheme"] = "https"
    return c


def csrf(c, path="/signin") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).data.decode()).group(1)


def sign_in(c, *, password=PASSWORD, username="director", next_="/"):
    return c.post("/signin", data={"username": username, "password": password, "csrf_token": csrf(c), "next": next_})


def test_internal_pages_load_dash_at_once(internal_app):
    """Dash's scripts are held for a reader's first interaction on public pages only
    (dashboard/ui/dash_on_demand.py)."""
    c = client(internal_app)
    sign_in(c, next_="/reach")
    body = c.get("/reach").get_data(as_text=True)
    assert 'class="first-paint"' in body and '<template id="dash-scripts">' not in body
    assert re.search(r'<script src="/_dash-component-suites/dash/dash-renderer/[^"]+"></script>', body)
    assert 'id="_dash-renderer"' in body


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
    response = client(internal_app).get(path, headers={"Accept": "text/html"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/signin?next=")


@pytest.mark.parametrize("path", DATA_ENDPOINTS)
def test_data_endpoints_answer_401(internal_app, path):
    assert client(internal_app).get(path).status_code == 401


def test_a_crafted_callback_without_sign_in_gets_401(internal_app):
    response = client(internal_app).post(
        "/_dash-update-component", json={"output": "reach-content.children", "inputs": [], "changedPropIds": []}
    )
    assert response.status_code == 401


def test_wrong_password_is_refused_and_right_one_signs_in(internal_app):
    """Given a user, when the wrong password is sent, then the form says so; with the right one, the pages open."""
    c = client(internal_app)
    wrong = sign_in(c, password="not the password at all", username="director2")
    assert "not right" in wrong.data.decode()
    right = sign_in(c, next_="/reach")
    assert right.status_code == 302 and right.headers["Location"] == "/reach"
    layout = c.get("/_dash-layout")
    assert layout.status_code == 200
    assert "not for publication" in layout.data.decode()  # the banner on every internal page
    assert c.get("/internal/data-quality", headers={"Accept": "text/html"}).status_code == 200


def test_sign_in_without_csrf_token_is_refused(internal_app):
    c = client(internal_app)
    c.get("/signin")
    assert c.post("/signin", data={"username": "director", "password": PASSWORD}).status_code == 400


def test_next_cannot_send_the_user_to_another_site(internal_app):
    response = sign_in(client(internal_app), next_="https://evil.example/phish")
    assert response.headers["Location"] == "/"


def test_repeated_failures_are_throttled_even_with_the_right_password(internal_app, release_dir):
    """Given five wrong passwords for one user, when the right one follows, then the attempt is refused with 429."""
    c = client(internal_app)
    users.add_user(users.engine(auth_url(release_dir)), username="victim", password=PASSWORD)
    for _ in range(throttle.MAX_FAILURES_PER_PAIR):
        sign_in(c, username="victim", password="guess guess guess")
    blocked = sign_in(c, username="victim")
    assert blocked.status_code == 429
    assert "Too many failed attempts" in blocked.data.decode()


def test_sign_out_needs_the_form_token_and_ends_the_session(internal_app):
    c = client(internal_app)
    sign_in(c)
    assert c.post("/signout", data={}).status_code == 400
    token = c.get("/signin").data.decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', token).group(1)
    assert c.post("/signout", data={"csrf_token": token}).status_code == 302
    assert c.get("/_dash-layout").status_code == 401


def test_session_cookie_flags(internal_app):
    c = client(internal_app)
    response = sign_in(c)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Strict" in cookie


@pytest.mark.parametrize(
    "path", ["/internal/data-quality", "/internal/releases", "/internal/providers", "/signin", "/signout"]
)
def test_internal_routes_do_not_exist_in_public_mode(public_app, path):
    assert public_app.server.test_client().get(path).status_code == 404


def test_security_headers_in_both_modes(public_app, internal_app):
    for response in (public_app.server.test_client().get("/"), client(internal_app).get("/signin")):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_public_callbacks_only_ever_return_protected_figures(public_app):
    """Given the public app, when its reach callback is asked for every programme, then every number it returns
    is a multiple of 5 or [c]: it holds only the public database."""
    from tests.integration.dashboard.data.test_release_context import _callback_request

    c = public_app.server.test_client()
    for programme in ["all", "girls-young-women", "rescue-response"]:
        result = _callback_request(
            c,
            changed="reach-programme.value",
            input_ids={
                "reach-area": "all",
                "reach-programme": programme,
                "reach-period": "2023-24",
                "reach-borough": "all",
            },
        )
        values = _numbers_in_figures(result["reach-content"]["children"])
        assert values and all(v % 5 == 0 for v in values), programme


def _numbers_in_figures(node) -> list[float]:
    """Every number in the x and y arrays of the figures in a callback's JSON (plotly encodes arrays as base64)."""
    import base64

    import numpy as np

    found: list[float] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("x", "y"):
                if isinstance(value, dict) and "bdata" in value:
                    found += (
                        np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).astype(float).tolist()
                    )
                elif isinstance(value, list):
                    found += [float(v) for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
            else:
                found += _numbers_in_figures(value)
    elif isinstance(node, list):
        for item in node:
            found += _numbers_in_figures(item)
    return found


@pytest.mark.integration
def test_user_commands(tmp_path, monkeypatch):
    """Given the CLI, when a user is added from standard input, listed and removed, then each step says so."""
    env = {"VRU_AUTH_DATABASE_URL": f"sqlite:///{tmp_path / 'auth.db'}", "PATH": "/usr/bin:/bin"}

    def run(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "dashboard.cli", *args], input=stdin, capture_output=True, text=True, env=env
        )

    assert run("add-user", "analyst", stdin=PASSWORD + "\n").returncode == 0
    short = run("add-user", "other", stdin="short\n")
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    assert "analyst" in run("list-users").stdout
    assert run("remove-user", "analyst").returncode == 0
    assert "analyst" not in run("list-users").stdout


def test_internal_downloads_are_marked_not_for_publication(internal_app):
    """Given a signed-in director, when a chart's numbers are downloaded, then the file carries the internal
    marking, not the open licence, and internal embeds may not be framed."""
    c = client(internal_app)
    sign_in(c)
    csv_text = c.get("/download/reach/reach-trend.csv").data.decode()
    assert "not for publication" in csv_text and "Open Government Licence" not in csv_text
    embed = c.get("/embed/reach/reach-trend")
    assert "frame-ancestors 'none'" in embed.headers["Content-Security-Policy"]
