"""Charts described in words (dashboard/charts/describe.py) on every public page of the small release."""

from __future__ import annotations

import re

import pytest

from dashboard.app import create_app
from dashboard.exports import view_request
from dashboard.pages import lookups
from dashboard.settings import Settings
from tests.support.web import BASE_URL

pytestmark = pytest.mark.integration  # a real Chromium through kaleido draws the images: not in make test-fast


# A view of each public page that shows its charts (KPI charts appear once a programme is chosen,
# a borough's own trend once a borough is).
PUBLIC_VIEWS = [
    "/",
    "/reach",
    "/reach?programme=divert",
    "/geography",
    "/geography?borough=E09000007&view=tiles",
    "/kpis",
    "/kpis?programme=divert",
    "/spend",
    "/funding-need",
    "/services",
    "/programmes/divert",
    "/about",
    "/revisions",
    "/programmes",
]


@pytest.fixture(scope="module")
def client(small_release):
    app = create_app(
        settings=Settings(
            mode="public", database_url=f"sqlite:///{small_release / 'public.db'}", public_base_url=BASE_URL
        )
    )
    return app.server.test_client()


def test_every_chart_on_every_public_page_is_described_with_its_figures(client):
    """Given every public page's chart views, each chart record has a description stating a figure, and the page's
    HTML (first paint) carries it, tied to the chart by aria-describedby."""
    seen = 0
    for url in PUBLIC_VIEWS:
        html = client.get(url).get_data(as_text=True)
        path, _, query = url.partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if p)
        with client.application.app_context():
            page = lookups.by_path(path)
            if page is None:
                continue
            records = {view.chart: view.record for view in view_request.views_of(page, params)}
        for chart, record in records.items():
            seen += 1
            assert re.search(r"\d", record.summary), (url, chart, record.summary)
            assert f'id="first-paint-{chart}-summary"' in html, (url, chart)
            assert f'aria-describedby="first-paint-{chart}-summary"' in html, (url, chart)
    assert seen >= 12
