"""The internal app that internal mode's pages are tested on, and a director signed in to it."""

from __future__ import annotations

import pytest

from dashboard.access import throttle, users
from dashboard.settings import Settings
from tests.support.signin import PASSWORD, SECRET, USERNAME, https_client, sign_in


@pytest.fixture(scope="module")
def auth_url(tmp_path_factory):
    """The users' (and audit trail's) database of this module's internal app."""
    return f"sqlite:///{tmp_path_factory.mktemp('auth') / 'auth.db'}"


@pytest.fixture(scope="module")
def app(small_release, auth_url):
    """The internal dashboard on the small release, with the tests' one user: one per module."""
    from dashboard.app import create_app

    users.add_user(users.engine(auth_url), username=USERNAME, password=PASSWORD)
    return create_app(
        settings=Settings(
            mode="internal",
            database_url=f"sqlite:///{small_release / 'internal.db'}",
            secret_key=SECRET,
            auth_database_url=auth_url,
        )
    )


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    """These tests sign in right after a failure, faster than a person retypes; the back-off after a
    failure (dashboard/access/throttle.py) has its own tests (tests/*/dashboard/access/test_throttle.py)."""
    monkeypatch.setattr(throttle, "BACKOFF_SECONDS", 0)


@pytest.fixture
def signed_in(app):
    """A client of the internal app, signed in as the tests' one user."""
    c = https_client(app)
    response = sign_in(c, next_=None)
    assert response.status_code == 302
    return c
