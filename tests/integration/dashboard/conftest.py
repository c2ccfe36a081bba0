"""Fixtures shared by the dashboard's integration tests.

`app` and `client` are what a module's requests go to: the public app on the small release (tests/conftest.py's
public_app, built once per session) unless the module, or a conftest.py nearer to it, defines its own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.access import users
from dashboard.data import release_context
from dashboard.settings import Settings
from etl import pipeline
from tests.support.signin import PASSWORD, SECRET, USERNAME, https_client, sign_in


@pytest.fixture(scope="module")
def app(public_app):
    """The public app on the small release; the tests that use it only send it requests."""
    return public_app


@pytest.fixture(scope="module")
def client(app):
    """A test client of the module's app."""
    return app.server.test_client()


@pytest.fixture(scope="session")
def two_releases(small_extracts_master, tmp_path_factory):
    """The public app on a database with releases 1 and 2 (2 live), made by two ETL runs once per session; tests only
    send it requests."""
    data = tmp_path_factory.mktemp("two-releases")
    urls = {"internal_url": f"sqlite:///{data / 'internal.db'}", "public_url": f"sqlite:///{data / 'public.db'}"}
    mp = pytest.MonkeyPatch()
    mp.setenv("VRU_DATA_DIR", str(data))
    for _ in range(2):
        pipeline.run(small_extracts_master, demo=True, as_of=dt.date(2026, 11, 22), **urls)
    mp.undo()
    from dashboard.app import create_app

    return create_app(settings=Settings(mode="public", database_url=urls["public_url"]))


@pytest.fixture
def ctx(public_app):
    """The release context of a request to the public app: the live release of the small release."""
    with public_app.server.test_request_context("/"):
        yield release_context.for_request()


@pytest.fixture(scope="module")
def internal_app(small_release, tmp_path_factory):
    """The internal dashboard on the small release, with its own users' database holding the tests' one user
    (tests/support/signin.py): one per module, so that no module's sign-ins (or throttled failures) reach another's."""
    from dashboard.app import create_app

    auth_url = f"sqlite:///{tmp_path_factory.mktemp('auth') / 'auth.db'}"
    users.add_user(users.engine(auth_url), username=USERNAME, password=PASSWORD)
    return create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url,
        )
    )


@pytest.fixture
def auth_env(tmp_path) -> dict:
    """The sign-in settings of an internal app with one user, for make_app."""
    url = f"sqlite:///{tmp_path / 'auth.db'}"
    users.add_user(users.engine(url), username=USERNAME, password=PASSWORD)
    return {"secret_key": SECRET, "auth_database_url": url}


@pytest.fixture
def internal_url(small_release) -> str:
    """The small release's internal database."""
    return f"sqlite:///{small_release / 'internal.db'}"


@pytest.fixture
def public_url(small_release) -> str:
    """The small release's public database."""
    return f"sqlite:///{small_release / 'public.db'}"


@pytest.fixture(scope="module")
def internal_client(internal_app):
    """A client of the module's internal app, signed in as the tests' one user."""
    c = https_client(internal_app)
    sign_in(c)
    return c
