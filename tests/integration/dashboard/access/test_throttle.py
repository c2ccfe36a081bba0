"""Sign-in throttling that cannot be turned against a user (dashboard/access/throttle.py), through the app.

Failures are counted per (username, client address) with back-off, plus a limit per address
and a global one; the client address is the one the configured number of trusted proxies
(VRU_TRUSTED_PROXIES) saw. Counting is a reservation made atomically in the auth database
before the password hash is verified, so concurrent guesses cannot slip past the limit.
"""

from __future__ import annotations

import re
import threading

import pytest

from dashboard.access import throttle, users
from dashboard.settings import Settings
from tests.support.signin import PASSWORD, SECRET, sign_in

ATTACKER, USER, PROXY = "198.51.100.7", "192.0.2.10", "10.0.0.2"
WRONG = "not the password at all"


def make_app(small_release, *, auth_database_url: str, **settings):
    from dashboard.app import create_app

    return create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_database_url,
            **settings,
        )
    )


def client_from(app, address: str, *, forwarded_for: str | None = None):
    c = app.server.test_client()
    c.environ_base.update({"wsgi.url_scheme": "https", "REMOTE_ADDR": address})
    if forwarded_for:
        c.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return c


def test_an_attacker_elsewhere_cannot_lock_out_the_user(small_release, auth_store, auth_url, no_backoff):
    """Given an attacker who sends ten wrong passwords for a user from another address, when the user signs in,
    then the attacker is throttled after five and the user is let in."""
    app = make_app(small_release, auth_database_url=auth_url)
    attacker = client_from(app, ATTACKER)
    statuses = [sign_in(attacker, password=WRONG).status_code for _ in range(10)]
    assert statuses == [200] * throttle.MAX_FAILURES_PER_PAIR + [429] * (10 - throttle.MAX_FAILURES_PER_PAIR)
    assert sign_in(client_from(app, USER), password=PASSWORD).status_code == 302


def test_the_username_is_normalised_for_the_pair(small_release, auth_store, auth_url, no_backoff):
    app = make_app(small_release, auth_database_url=auth_url)
    attacker = client_from(app, ATTACKER)
    for name in ["director", "DIRECTOR", " Director ", "director", "director"]:
        sign_in(attacker, password=WRONG, username=name)
    assert sign_in(attacker, password=PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(small_release, auth_store, auth_url, no_backoff):
    """Given one proxy in front (VRU_TRUSTED_PROXIES=1), every request comes from the proxy's address; the client's
    is the last X-Forwarded-For entry. An attacker's own entries in the header change nothing."""
    app = make_app(small_release, auth_database_url=auth_url, trusted_proxies=1)
    attacker = client_from(app, PROXY, forwarded_for=f"{USER}, {ATTACKER}")  # the attacker forged the first entry
    for _ in range(8):
        sign_in(attacker, password=WRONG)
    assert sign_in(attacker, password=PASSWORD).status_code == 429
    assert sign_in(client_from(app, PROXY, forwarded_for=USER), password=PASSWORD).status_code == 302


def test_without_trusted_proxies_forwarded_for_is_ignored(small_release, auth_store, auth_url, no_backoff):
    """Given no trusted proxy (the default), when an attacker sends a different X-Forwarded-For with each guess,
    then the guesses still count against the attacker's own address."""
    app = make_app(small_release, auth_database_url=auth_url)
    for i in range(throttle.MAX_FAILURES_PER_PAIR):
        sign_in(client_from(app, ATTACKER, forwarded_for=f"203.0.113.{i}"), password=WRONG)
    assert sign_in(client_from(app, ATTACKER, forwarded_for="203.0.113.99"), password=PASSWORD).status_code == 429


def test_a_failure_asks_the_same_pair_to_wait_longer_each_time(small_release, auth_store, auth_url):
    """Back-off: right after a failure the same pair is told to wait (429 with Retry-After); another address is not."""
    app = make_app(small_release, auth_database_url=auth_url)
    attacker = client_from(app, ATTACKER)
    assert sign_in(attacker, password=WRONG).status_code == 200
    again = sign_in(attacker, password=PASSWORD)
    assert again.status_code == 429 and int(again.headers["Retry-After"]) >= 1
    assert "Try again in" in again.data.decode()
    assert sign_in(client_from(app, USER), password=PASSWORD).status_code == 302


def _concurrent_wrong_passwords(app, *, n: int = 16) -> list[int]:
    barrier = threading.Barrier(n)
    statuses: list[int] = []
    clients = []
    for _ in range(n):
        c = client_from(app, ATTACKER)
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/signin").data.decode()).group(1)
        clients.append((c, token))

    def guess(c, token):
        barrier.wait()
        response = c.post("/signin", data={"username": "director", "password": WRONG, "csrf_token": token, "next": "/"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=pair) for pair in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return statuses


@pytest.fixture
def counted_checks(monkeypatch) -> list[str]:
    """Every password hash verification the app makes."""
    checks: list[str] = []

    class Counting:
        def __init__(self, hasher):
            self.hasher = hasher

        def verify(self, hash_, password):
            checks.append(password)
            return self.hasher.verify(hash_, password)

        def hash(self, password):
            return self.hasher.hash(password)

    monkeypatch.setattr(users, "_hasher", Counting(users._hasher))
    return checks


def test_sixteen_concurrent_wrong_passwords_get_at_most_five_checks(
    small_release, auth_store, auth_url, no_backoff, counted_checks
):
    """Given 16 wrong passwords for one user sent at the same moment, when they are answered, then at most five
    password checks were made and the rest were refused with 429 (SQLite)."""
    statuses = _concurrent_wrong_passwords(make_app(small_release, auth_database_url=auth_url))
    assert len(statuses) == 16
    assert len(counted_checks) == throttle.MAX_FAILURES_PER_PAIR
    assert sorted(statuses) == [200] * throttle.MAX_FAILURES_PER_PAIR + [429] * (16 - throttle.MAX_FAILURES_PER_PAIR)


def test_sixteen_concurrent_wrong_passwords_on_postgresql(
    small_release, pg_server, monkeypatch, no_backoff, counted_checks
):
    """The same on a real PostgreSQL auth database."""
    name = pg_server.create_database("vru_auth")
    try:
        users.add_user(users.engine(pg_server.url(name)), username="director", password=PASSWORD)
        statuses = _concurrent_wrong_passwords(make_app(small_release, auth_database_url=pg_server.url(name)))
        assert len(counted_checks) == throttle.MAX_FAILURES_PER_PAIR
        assert sorted(statuses) == [200] * throttle.MAX_FAILURES_PER_PAIR + [429] * (
            16 - throttle.MAX_FAILURES_PER_PAIR
        )
    finally:
        import gc

        gc.collect()  # the app's auth engine holds connections: let them go before the database is dropped
        pg_server.drop_database(name)


def test_with_backoff_concurrent_guesses_get_even_fewer_checks(small_release, auth_store, auth_url, counted_checks):
    statuses = _concurrent_wrong_passwords(make_app(small_release, auth_database_url=auth_url))
    assert 1 <= len(counted_checks) <= throttle.MAX_FAILURES_PER_PAIR
    assert statuses.count(429) >= 16 - throttle.MAX_FAILURES_PER_PAIR


@pytest.mark.slow
def test_on_gunicorn_sixteen_concurrent_wrong_passwords_get_at_most_five_checks(small_release, tmp_path):
    """Concurrent guesses on real gunicorn, four worker processes sharing the auth database:
    16 wrong passwords sent at once; each answered 'not right' was a password check, each 429 was not."""
    from tests.support.servers import dashboard_command, gunicorn_server, http_request, server_env, session_cookie
    from tests.support.signin import form_token

    auth_url = f"sqlite:///{tmp_path / 'auth.db'}"
    env = server_env(
        VRU_MODE="internal", VRU_DATA_DIR=str(small_release), VRU_SECRET_KEY=SECRET, VRU_AUTH_DATABASE_URL=auth_url
    )
    assert dashboard_command("add-user", "director", auth_url=auth_url, stdin=PASSWORD + "\n").returncode == 0
    with gunicorn_server(env, tmp_path / "gunicorn.log", workers=4) as base:
        forms = [http_request(base, "GET", "/signin") for _ in range(16)]
        barrier = threading.Barrier(16)
        answers: list[tuple[int, str]] = []

        def guess(form):
            barrier.wait()
            response = http_request(
                base,
                "POST",
                "/signin",
                cookie=session_cookie(form),
                body={"username": "director", "password": WRONG, "csrf_token": form_token(form.text), "next": "/"},
            )
            answers.append((response.status, response.text))

        threads = [threading.Thread(target=guess, args=(form,)) for form in forms]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    checked = [status for status, text in answers if status == 200 and "not right" in text]
    assert len(answers) == 16
    assert 1 <= len(checked) <= throttle.MAX_FAILURES_PER_PAIR
    assert sorted(status for status, _ in answers) == [200] * len(checked) + [429] * (16 - len(checked))
