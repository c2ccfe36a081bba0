"""Every page the registry holds answers, every address that is no page is a 404, and every link
and asset the pages print works and is served by this site. Route lists come from Dash Pages'
registry (dashboard.pages), never from a list kept by hand."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import dash
import pytest

from dashboard.app import create_app
from dashboard.data import queries, release_context
from dashboard.settings import Settings
from tests.support import ROOT

UNKNOWN = [
    "/nonexistent",
    "/funding",
    "/reach/extra",
    "/programmes/no-such-programme",
    "/services/SVC999",
    "/services/svc001",
    "/services/SVC001/extra",
    "/page-not-found",
    "/kpis/trajectories/x",
    "/api/v1/datasets",
    "/download/funding/funding-ranked.csv",
    "/image/funding/funding-ranked.png",
    "/embed/funding/funding-ranked",
]


@pytest.fixture(scope="module")
def app(small_release):
    return create_app(settings=Settings(mode="public", database_url=f"sqlite:///{small_release / 'public.db'}"))


def page_paths(app) -> list[str]:
    """Every registered page's address, a path template filled with a real value (the first programme, the first
    service)."""
    with app.server.test_request_context("/"):
        ctx = release_context.for_request()
        real = {
            "programme_id": ctx.programmes["programme_id"].iloc[0],
            "service_id": queries.services(ctx.engine, ctx.release_id)["service_id"].iloc[0],
        }
    paths = []
    for entry in dash.page_registry.values():
        if entry["module"] == "not_found_404" or entry.get("internal"):
            continue
        template = entry.get("path_template")
        paths.append(re.sub(r"<([^>]+)>", lambda m: real[m.group(1)], template) if template else entry["path"])
    return paths


class _Refs(HTMLParser):
    """The links (<a href>) and the assets (script src, link href, img src, iframe src) of a page."""

    def __init__(self):
        super().__init__()
        self.links, self.assets = set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.add(attrs["href"])
        for name in ("src", "href"):
            if tag in ("script", "link", "img", "iframe", "source") and attrs.get(name):
                self.assets.add(attrs[name])


def _refs(html: str) -> _Refs:
    parser = _Refs()
    parser.feed(html)
    return parser


def test_the_registry_holds_every_page(app):
    paths = page_paths(app)
    assert {
        "/",
        "/reach",
        "/geography",
        "/kpis",
        "/kpis/trajectories",
        "/spend",
        "/programmes",
        "/services",
        "/services/report",
        "/funding-need",
        "/revisions",
        "/releases",
        "/about",
        "/about/data-dictionary",
    } <= set(paths)
    assert any(p.startswith("/programmes/") for p in paths)
    assert any(re.fullmatch(r"/services/SVC\d+", p) for p in paths)


def test_every_page_answers_with_its_own_title(app):
    client = app.server.test_client()
    for path in page_paths(app):
        response = client.get(path)
        assert response.status_code == 200, (path, response.data[:300])
        assert b"<title>" in response.data and b"Page not found" not in response.data, path


@pytest.mark.parametrize("path", UNKNOWN)
def test_an_address_that_is_no_page_is_a_404(app, path):
    assert app.server.test_client().get(path).status_code == 404


def test_every_page_loads_every_script_and_stylesheet_from_this_site(app):
    """The whole page, its <body> too (Dash's scripts are there): no asset from another host."""
    client = app.server.test_client()
    for path in page_paths(app):
        html = client.get(path).get_data(as_text=True)
        assets = _refs(html).assets
        assert any("dash_renderer" in a or "_dash-component-suites" in a for a in assets), (
            path
        )  # the parser sees the body's scripts
        for asset in assets:
            parts = urlsplit(asset)
            assert not parts.scheme and not parts.netloc, (path, asset)
        assert "cdn." not in html, path


def test_every_link_the_pages_print_works(app):
    """Every link of every page (with its default filters), and of a programme's and a filtered view's page, answers
    below 400: downloads, data packages, embeds, other pages, API documents. Links to other sites are not followed."""
    client = app.server.test_client()
    seen, checked = set(), 0
    for path in [*page_paths(app), "/reach?programme=divert", "/kpis?programme=divert", "/geography?borough=E09000007"]:
        for href in sorted(_refs(client.get(path).get_data(as_text=True)).links):
            # As a browser resolves it: a relative link ("data-dictionary.md") against the page's address.
            parts = urlsplit(urljoin(f"http://localhost{path}", href))
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc != "localhost" or link in seen:
                continue  # another site, mailto:, tel:
            seen.add(link)
            status = client.get(link).status_code
            assert status < 400, (path, href, status)
            checked += 1
    assert checked > 50


def test_every_page_is_in_the_readme_or_the_user_guide(app):
    """Every page of the registry, public and internal, is named (as `/address`) in README.md or docs/using.md, where
    its readers look for it."""
    from dashboard.pages.registry import INTERNAL

    docs = "\n".join((ROOT / name).read_text() for name in ("README.md", "docs/using.md"))
    documented = set(re.findall(r"`(/[^`\s?]*)", docs))
    for entry in dash.page_registry.values():
        if entry["module"] == "not_found_404":
            continue
        path = entry.get("path_template") or entry["path"]
        assert path in documented, f"{path} is in neither README.md nor docs/using.md"
    for page in INTERNAL:
        assert page.path in documented, f"{page.path} is in neither README.md nor docs/using.md"
