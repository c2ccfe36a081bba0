"""The public app with the open-data API on the small release, and its test client: one per module."""

from __future__ import annotations

import pytest

from dashboard import api
from dashboard.settings import Settings


@pytest.fixture(scope="module")
def public_db(small_release):
    return small_release / "public.db"


@pytest.fixture(scope="module")
def app(public_db):
    from dashboard.app import create_app

    app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{public_db}"))
    api.register(app.server)  # until create_app does it; a second call must change nothing
    return app


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()
