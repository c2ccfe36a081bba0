"""One request, one view: a page load reads the live release once, and its layout, first paint,
share preview and charts draw from one release context and one set of cleaned filters
(dashboard/data/state.py, dashboard/data/release_context.py, `Page.shown_for`)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import sqlalchemy as sa

from dashboard import pages
from dashboard.app import create_app
from dashboard.data import state
from dashboard.settings import Settings
from tests.support.web import callback_request

BASE_URL = "https://dashboard.london-vru.example"
# The statement queries.live_release sends; every other query names a release by its id.
LIVE_RELEASE_READ = re.compile(r"FROM releases\s+WHERE releases\.is_live\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def public(two_releases):
    """The public app on releases 1 and 2 (2 live), with a public address so that share previews carry og:image."""
    url = two_releases.server.config[state.SETTINGS].database_url
    app = create_app(settings=Settings(mode="public", database_url=url, public_base_url=BASE_URL))
    return app, app.server.test_client()


def live_release_reads(app, client, path: str) -> tuple[int, str]:
    """How many statements one page load sends that read the live release, and the page."""
    reads = []

    def count(_conn, _cursor, statement, *_args):
        if LIVE_RELEASE_READ.search(statement):
            reads.append(statement)

    engine = app.server.config[state.ENGINE]
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, path
    return len(reads), response.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    ["/", "/reach?programme=divert", "/services", "/programmes/divert", "/programmes/divert?release=1", "/about"],
)
def test_a_public_page_load_reads_the_live_release_once(public, path):
    """Given the public app, when a page is loaded, then one statement reads the live release: the shell, the
    page, its first paint, its share preview and its charts all take that one."""
    reads, html = live_release_reads(*public, path)
    assert reads == 1
    assert 'property="og:title"' in html and 'class="first-paint"' in html


@pytest.mark.parametrize("path", ["/internal/attention", "/internal/spend-profile", "/reach?programme=divert"])
def test_an_internal_page_load_reads_the_live_release_once(internal_app, internal_client, path):
    reads, html = live_release_reads(internal_app, internal_client, path)
    assert reads == 1
    assert 'class="first-paint"' in html


def test_a_page_load_cleans_its_filters_once_for_the_layout_the_preview_and_every_chart(public, monkeypatch):
    """Given /reach?programme=divert, when it is loaded, then the reach page's filters are cleaned once: the
    layout, the first paint, the share preview and each chart's view share the one result."""
    cleaned = Counter()
    values = pages.Page.values

    def counted(page, ctx, params):
        cleaned[page.id] += 1
        return values(page, ctx, params)

    monkeypatch.setattr(pages.Page, "values", counted)
    _app, client = public
    html = client.get("/reach?programme=divert").get_data(as_text=True)
    assert cleaned == Counter({"reach": 1})
    assert "reach-trend.png?programme=divert" in html


def _og_image(html: str) -> str:
    return re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)


def _sources(html: str) -> set[str]:
    return set(re.findall(r"Source: London Violence Reduction Unit, (release \d+)", html))


def test_a_programme_page_pinned_to_a_release_draws_its_body_and_its_share_preview_from_it(public):
    """Given releases 1 and 2 (live), when /programmes/divert?release=1 is loaded, then the page says it is as
    published in release 1, its cards are of release 1, and its share preview's image and address pin release 1;
    unpinned, all of it is of release 2, as on every other page."""
    _app, client = public
    pinned = client.get("/programmes/divert?release=1").get_data(as_text=True)
    assert "As published on" in pinned and "(release 1)" in pinned
    assert _sources(pinned) == {"release 1"}
    assert "release=1" in _og_image(pinned)
    assert re.search(r'<link rel="canonical" href="[^"]+/programmes/divert\?[^"]*release=1"', pinned)

    live = client.get("/programmes/divert").get_data(as_text=True)
    assert "As published on" not in live
    assert _sources(live) == {"release 2"}
    assert "release=" not in _og_image(live)


def test_a_repeated_release_pins_neither_the_page_nor_its_share_preview(public):
    """?release=1&release=1 is no release number: the body, its cards and its share preview are all of the live
    release, as they are when the parameter is left out."""
    _app, client = public
    repeated = client.get("/programmes/divert?release=1&release=1").get_data(as_text=True)
    assert "As published on" not in repeated and _sources(repeated) == {"release 2"}
    assert "release=" not in _og_image(repeated)


def test_a_pinned_programme_page_is_a_page_of_that_release_and_an_unknown_programme_is_not(public):
    _app, client = public
    assert client.get("/programmes/divert?release=1").status_code == 200
    assert client.get("/programmes/nothing-of-that-name?release=1").status_code == 404


def test_the_services_page_searches_the_register_once_per_page_load(public, monkeypatch):
    """Given /services?q=mentoring (free text: its content is built each time, never cached), when it is loaded,
    then the register is searched once for its list, its map and its share preview."""
    from dashboard.register import directory

    searches = []
    search = directory.search
    monkeypatch.setattr(directory, "search", lambda *args, **kwargs: searches.append(1) or search(*args, **kwargs))
    _app, client = public
    html = client.get("/services?q=mentoring").get_data(as_text=True)
    assert len(searches) == 1
    assert "services-map.png" in html


@pytest.mark.parametrize(
    ("inputs", "shown"),
    [
        ({"reach-area": "all", "reach-programme": "all", "reach-period": "2025-26", "reach-borough": "all"}, ""),
        ({"kpis-area": "all", "kpis-programme": "divert", "kpis-period": "2025-26"}, "?programme=divert"),
    ],
)
def test_a_page_inserted_with_the_filters_its_layout_shows_gets_no_new_content(public, inputs, shown):
    """Given a page whose layout shows some filters, when Dash calls its filter callback as the page is inserted (its
    inputs mount with the same values), then nothing is sent: the content drawn from the request's view stays, and a
    chart the reader already opened is not replaced by its picture again."""
    _app, client = public
    page = next(iter(inputs)).split("-")[0]
    period = "&period=2025-26" if shown else "?period=2025-26"
    result = callback_request(
        client,
        changed=f"{page}-period.value",
        input_ids=inputs | {f"{page}-release": "", f"{page}-shown": shown + period},
    )
    assert result == {}
