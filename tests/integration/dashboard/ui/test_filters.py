"""Filter values from the query string (dashboard/ui/filters.py), checked against a real release: what a page is
asked for with a crafted or fuzzed query string falls back to the defaults, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.ui import filters

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
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
QUERY_KEYS = [
    "area",
    "programme",
    "period",
    "borough",
    "view",
    "release",
    "q",
    "postcode",
    "closed",
    "shade",
    "programme_id",
    "",
]


def test_filters_round_trip_through_the_query_string(app):
    """Given chosen filters, when written to a query string and parsed back, then the same view is restored."""
    from dashboard.data import release_context

    with app.server.test_request_context("/"):
        ctx = release_context.for_request()
    chosen = {
        "area": "Justice and health",
        "programme": "divert",
        "period": "2023-24 Q2",
        "borough": "E09000022",
        "view": "tiles",
    }
    qs = filters.query_string(chosen)
    assert qs == "?area=Justice+and+health&programme=divert&period=2023-24+Q2&borough=E09000022&view=tiles"
    from urllib.parse import parse_qsl

    parsed = dict(parse_qsl(qs[1:]))
    assert filters.clean(parsed, programmes=ctx.programmes, periods=list(ctx.periods), boroughs=ctx.boroughs) == chosen


def test_unknown_filter_values_fall_back_to_defaults(app):
    from dashboard.data import release_context

    with app.server.test_request_context("/"):
        ctx = release_context.for_request()
    values = filters.clean(
        {"programme": "'; DROP TABLE", "period": "1999-00", "borough": "nowhere"},
        programmes=ctx.programmes,
        periods=list(ctx.periods),
        boroughs=ctx.boroughs,
    )
    assert values["programme"] == "all" and values["borough"] == "all"
    assert values["period"] == filters.financial_years(list(ctx.periods))[-1]


# --------------------------------------------------------------------------- query strings no page links to


@pytest.mark.parametrize(
    "query",
    [
        "release=%C2%B2",  # a Unicode superscript two: str.isdigit() says yes, int() says no
        "release=%D9%A3",  # an Arabic-Indic three
        "release=99999999999999999999",  # past SQLite's and PostgreSQL's integers
        "release=-1",
        "area=Knife+crime&area=Exploitation",
        "programme=divert&programme=divert",
        "borough=E09000001&borough=E09000002",
        "period=2023-24&period=2022-23",
        "view=map&view=tiles",
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/reach",
        "/geography",
        "/download/reach/reach-gender.csv",
        "/download/reach/reach-gender.xlsx",
        "/embed/reach/reach-gender",
    ],
)
def test_crafted_query_strings_fall_back_to_the_defaults(app, path, query):
    """Given a query string no page links to, when a page, a download or an embed is asked for, then it is served
    with the defaults (200), not a 500."""
    response = app.server.test_client().get(f"{path}?{query}")
    assert response.status_code == 200, response.data[:300]


@pytest.mark.parametrize(
    "query",
    [
        "shade=value&shade=value",
        "area=x&area=y",
        "borough=E09000001&borough=E09000002",
        "q=a&q=b",
        "postcode=SE1&postcode=N1",
        "closed=yes&closed=no",
        "release=%C2%B2",
    ],
)
def test_crafted_services_queries_fall_back_to_the_defaults(app, query):
    for path in ("/services", "/download/services/services-directory.csv"):
        response = app.server.test_client().get(f"{path}?{query}")
        assert response.status_code == 200, (path, response.data[:300])


@FUZZ
@given(
    path=st.sampled_from(
        [
            *PAGES,
            "/download/reach/reach-gender.xlsx",
            "/download/services/services-directory.csv",
            "/embed/reach/reach-trend",
        ]
    ),
    pairs=st.lists(st.tuples(st.sampled_from(QUERY_KEYS) | st.text(max_size=5), st.text(max_size=25)), max_size=5),
)
def test_fuzzed_query_strings_never_get_a_5xx(app, path, pairs):
    """Every page (and a download and an embed) with made-up query parameters, repeated or not, any Unicode."""
    response = app.server.test_client().get(path, query_string=pairs)
    assert response.status_code < 500, (path, pairs, response.data[:300])
