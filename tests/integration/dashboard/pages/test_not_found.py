"""An address that is no page (dashboard/pages/not_found.py), over the app's own HTTP interface: a useful 404 in
both modes (JSON under /api/), and a 400 that says why for a query parameter named like the path's; every page still
answers."""

from __future__ import annotations

import pytest

from tests.support.signin import sign_in

PAGES = [
    "/",
    "/reach",
    "/geography",
    "/kpis",
    "/spend",
    "/programmes",
    "/programmes/divert",
    "/services",
    "/funding-need",
    "/revisions",
    "/about",
    "/about/data-dictionary",
]


def test_a_query_parameter_named_like_the_path_variable_is_a_400_that_says_why(app):
    """/programmes/divert?programme_id=x once made the first paint call layout() with programme_id twice (a 500),
    then showed "Programme not found" under a 200: Dash gives the page the query's value in place of the path's."""
    for query in ("programme_id=x", "programme_id=a&programme_id=b"):
        response = app.server.test_client().get(f"/programmes/divert?{query}")
        assert response.status_code == 400
        assert "programme_id is part of the address" in response.get_data(as_text=True)
    assert app.server.test_client().get("/programmes/divert?period=2023-24").status_code == 200


# --------------------------------------------------------------------------- unknown paths


@pytest.mark.parametrize(
    "path",
    [
        "/nonexistent",
        "/funding",
        "/reach/extra",
        "/download/../../etc/passwd.csv",
        "/_dash-update-component",
        "/programmes/divert/more",
        "/programmes/no-such-programme",
    ],
)
def test_unknown_paths_are_a_useful_404(app, path):
    """Given an address no page has, when asked for, then 404 with the site's navigation, the programmes and a services
    search."""
    response = app.server.test_client().get(path)
    assert response.status_code == 404
    html = response.data.decode()
    assert (
        'href="/programmes"' in html
        and 'action="/services"' in html
        and 'name="q"' in html
        and 'aria-label="Main"' in html
    )


@pytest.mark.parametrize("path", ["/api/v2/counts", "/api/v1/nothing", "/api/"])
def test_unknown_api_paths_are_a_json_404(app, path):
    response = app.server.test_client().get(path)
    assert response.status_code == 404 and response.is_json and "error" in response.get_json()


def test_unknown_paths_are_404_in_internal_mode_too(internal_app):
    client = internal_app.server.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    sign_in(client)
    response = client.get("/nonexistent")
    assert response.status_code == 404 and 'href="/internal/providers"' in response.data.decode()
    assert client.get("/internal/providers").status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_still_200(app, path):
    assert app.server.test_client().get(path).status_code == 200
