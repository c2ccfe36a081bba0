"""Internal mode's own routes (dashboard/internal/routes.py), signed in or not: the internal API with true figures
marked not for publication, and the beacon that records image exports."""

from __future__ import annotations

import pytest

from tests.support.db import query
from tests.support.signin import csrf, https_client


# ------------------------------------------------------------------ the internal API
@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_internal_api_refuses_requests_without_a_session(app, accept):
    for path in [
        "/internal/api/v1/",
        "/internal/api/v1/counts",
        "/internal/api/v1/provider-summary.csv",
        "/internal/api/v1/nope",
    ]:
        response = https_client(app).get(path, headers={"Accept": accept})
        assert response.status_code == 401, path


def test_internal_api_returns_true_unrounded_figures_marked_not_for_publication(signed_in, small_release):
    """Given a session, when the same cell is asked of the internal API and read from both databases, then the API gives
    the internal (true) value, which the public release rounds or suppresses."""
    params = "measure=participants&programme=girls-young-women&borough=all&age_band=all&gender=all&ethnicity=all"
    response = signed_in.get(f"/internal/api/v1/counts?{params}")
    body = response.get_json()
    assert (
        response.status_code == 200
        and body["not_for_publication"] is True
        and "not for publication" in body["classification"]
    )
    assert "not for publication" in response.headers["X-Data-Classification"]
    assert "no-store" in response.headers["Cache-Control"] and "Access-Control-Allow-Origin" not in response.headers
    true = dict(
        query(
            f"sqlite:///{small_release / 'internal.db'}",
            "SELECT period, value FROM published_counts WHERE measure='participants' "
            "AND programme='girls-young-women' AND borough='all' AND age_band='all' AND gender='all' AND "
            "ethnicity='all'",
        )
    )
    served = {r["period"]: r["value"] for r in body["rows"]}
    assert served == true and any(v % 5 for v in served.values())


def test_internal_api_has_the_internal_only_datasets_and_the_open_apis_parameters(signed_in):
    index = signed_in.get("/internal/api/v1/").get_json()
    names = {d["name"] for d in index["datasets"]}
    assert {"provider-summary", "data-quality-findings", "counts", "kpis", "services"} <= names
    rows = signed_in.get("/internal/api/v1/provider-summary?programme_id=myends&financial_year=2025-26").get_json()[
        "rows"
    ]
    assert len(rows) == 3
    late = signed_in.get("/internal/api/v1/data-quality-findings?rule=late_return&limit=1").get_json()
    assert (
        late["total"] >= 1
        and len(late["rows"]) == 1
        and late["next"].startswith("/internal/api/v1/data-quality-findings?")
    )
    csv_response = signed_in.get("/internal/api/v1/provider-summary.csv?programme_id=myends")
    assert "not-for-publication" in csv_response.headers["Content-Disposition"]
    assert csv_response.data.decode().splitlines()[0].endswith(",classification")


@pytest.mark.parametrize(
    "query_string",
    ["nope=1", "limit=0", "financial_year=2025", "release=99999", "measure=participants&measure=referrals"],
)
def test_internal_api_answers_bad_parameters_with_4xx_like_the_open_api(signed_in, query_string):
    dataset = "provider-summary" if "financial_year" in query_string else "counts"
    response = signed_in.get(f"/internal/api/v1/{dataset}?{query_string}")
    assert 400 <= response.status_code < 500 and response.get_json()["not_for_publication"] is True


def test_image_export_beacon_needs_the_pages_csrf_token_and_a_sane_body(app, signed_in):
    assert (
        signed_in.post("/internal/audit/image-export", data={"graph": "x", "format": "png", "page": "/"}).status_code
        == 400
    )
    token = csrf(signed_in, "/signin")
    for body in (
        {"graph": "<x>", "format": "png", "page": "/"},
        {"graph": "x", "format": "gif", "page": "/"},
        {"graph": "x", "format": "png", "page": "https://evil.example/"},
    ):
        assert signed_in.post("/internal/audit/image-export", data=body | {"csrf_token": token}).status_code == 400
    assert https_client(app).post("/internal/audit/image-export", data={}).status_code == 401
