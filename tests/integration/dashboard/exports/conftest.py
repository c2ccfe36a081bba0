"""The public app on the small release with its public address configured, as deployed: one per module."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.settings import Settings
from tests.support.web import BASE_URL


@pytest.fixture(scope="module")
def client(small_release):
    app = create_app(
        settings=Settings(
            mode="public", database_url=f"sqlite:///{small_release / 'public.db'}", public_base_url=BASE_URL
        )
    )
    return app.server.test_client()
