"""The public app with the open-data API registered on it, on the small release: one per module (its test client is
`client`, tests/integration/dashboard/conftest.py)."""

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
