"""The open-data API described (dashboard/api/openapi.py), over a real small release: every published row
conforms to the OpenAPI document, the docs page names every dataset, parameter and column, and a schemathesis run
checks every response against the document."""

from __future__ import annotations

import hypothesis
import jsonschema_rs
import pytest
import schemathesis
from schemathesis.generation import GenerationMode

from dashboard.api import datasets, openapi, params
from dashboard.register import giving360
from tests.support.web import parse_csv

DATASETS = list(datasets.DATASETS)


@pytest.fixture(scope="module")
def doc(client):
    return client.get("/api/v1/openapi.json").get_json()


def test_every_published_row_matches_the_document(client, doc):
    """Given every row of every dataset, when validated against the document's page schemas, then all conform (types,
    nulls, vocabularies, patterns)."""
    for name in DATASETS:
        page = f"{openapi._component(name)}Page"
        validator = jsonschema_rs.validator_for(
            {"$ref": f"#/components/schemas/{page}", "components": doc["components"]}
        )
        url = f"/api/v1/{name}?limit={params.MAX_LIMIT}"
        while url:
            body = client.get(url).get_json()
            errors = [e.message for e in validator.iter_errors(body)][:5]
            assert not errors, (name, errors)
            url = body["next"]


def test_docs_page_lists_every_endpoint_and_loads_nothing_from_another_host(client, doc):
    """Given the docs page, when read, then it names every dataset, parameter and column, has no script, and every
    example it gives returns rows; the document describes every dataset's JSON and CSV address."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Content-Security-Policy" in response.headers
    html = response.data.decode()
    assert "<script" not in html and "style=" not in html
    assert 'href="/assets/00-bootstrap.min.css"' in html
    assert "Open Government Licence v3.0" in html
    import re

    for tag in re.findall(r"<(?:link|img|iframe)[^>]*>", html):
        assert "http" not in tag, tag
    for d in datasets.DATASETS.values():
        assert f'id="{d.name}"' in html
        for column in d.column_names:
            assert f"<code>{column}</code>" in html, (d.name, column)
        for url in (datasets.example_url(d), datasets.example_url(d, csv_path=True)):
            assert url.replace("&", "&amp;") in html
            response = client.get(url)
            assert response.status_code == 200, url
            assert (len(parse_csv(response.data)) > 1) if ".csv" in url else response.get_json()["rows"], url
        assert set(doc["paths"]) >= {f"/api/v1/{d.name}", f"/api/v1/{d.name}.csv"}
        params = {p.get("name") for p in doc["paths"][f"/api/v1/{d.name}"]["get"]["parameters"]}
        assert params >= {c for c in d.column_names if c != "release_id"}
    measure = next(p for p in doc["paths"]["/api/v1/counts"]["get"]["parameters"] if p.get("name") == "measure")
    assert measure["schema"]["enum"] == ["participants", "referrals", "completions"]


# ---------------------------------------------------------------- the document, checked by schemathesis
# Schemathesis's own pytest loader (`schemathesis.pytest.from_fixture`) reads a private pytest attribute that
# pytest 9 removed, so each documented operation is a parametrized test running its Hypothesis strategy.
PATHS = list(openapi.document()["paths"])  # built from the column lists: needs no app


DATASET_PATHS = [p for p in PATHS if p.removesuffix(".csv").removeprefix("/api/v1/") in datasets.DATASETS]


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app.server)


def _run_schemathesis(api_schema, path: str, mode: GenerationMode, examples: int) -> None:
    operation = api_schema[path]["GET"]

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def run(case):
        # The WSGI transport asks for compression but does not decode it; compression is tested elsewhere.
        case.call_and_validate(headers={"Accept-Encoding": "identity"})

    run()


@pytest.mark.parametrize("path", PATHS)
def test_responses_conform_to_the_openapi_document(api_schema, path):
    """Given generated valid requests for each documented operation, when sent to the app (WSGI), then no server error,
    and every status, content type, header and body conforms to /api/v1/openapi.json."""
    _run_schemathesis(api_schema, path, GenerationMode.POSITIVE, examples=25)


@pytest.mark.parametrize("path", DATASET_PATHS)
def test_requests_outside_the_document_are_rejected(api_schema, path):
    """Given generated requests that break the document (wrong types, values outside enums or patterns, numbers out of
    range),
    when sent, then each is rejected with a 4xx that conforms to the document, never a server error."""
    _run_schemathesis(api_schema, path, GenerationMode.NEGATIVE, examples=15)


def test_the_docs_list_360giving_and_service_reviews(client):
    docs = client.get("/api/v1/docs").data.decode()
    assert "/api/v1/service-reviews" in docs and giving360.PATH in docs
