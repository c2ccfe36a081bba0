"""HTTP of the open-data feeds (dashboard/api/http.py), over a real small release: 304s, CORS and
methods, and the JSON 503 every feed answers while the database cannot be read."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

COUNTS_FILTER = "measure=participants&programme=divert&period=2023-24&borough=all"
FRESH = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400"  # the default settings


def test_etag_and_304_round_trip(client):
    """Given a response's ETag, when sent back in If-None-Match, then 304 with no body; another query has another
    ETag."""
    first = client.get(f"/api/v1/counts?{COUNTS_FILTER}")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and first.headers["Cache-Control"] == FRESH
    again = client.get(f"/api/v1/counts?{COUNTS_FILTER}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == FRESH and again.headers["Access-Control-Allow-Origin"] == "*"
    # The live release asked by number is the same representation (the same rows and next link): the same ETag.
    assert client.get(f"/api/v1/counts?{COUNTS_FILTER}&release=1", headers={"If-None-Match": etag}).status_code == 304
    assert client.get(f"/api/v1/counts?{COUNTS_FILTER}&limit=5", headers={"If-None-Match": etag}).status_code == 200
    reordered = client.get("/api/v1/counts?borough=all&period=2023-24&programme=divert&measure=participants&limit=1")
    assert reordered.data == client.get(f"/api/v1/counts?{COUNTS_FILTER}&limit=1").data
    assert reordered.headers["ETag"] == client.get(f"/api/v1/counts?{COUNTS_FILTER}&limit=1").headers["ETag"]
    others = {
        client.get(url).headers["ETag"]
        for url in (
            f"/api/v1/counts?{COUNTS_FILTER}",
            f"/api/v1/counts.csv?{COUNTS_FILTER}",
            f"/api/v1/counts?{COUNTS_FILTER}&limit=5",
            "/api/v1/kpis",
        )
    }
    assert len(others) == 4
    gzipped = client.get(
        "/api/v1/counts",
        headers={"Accept-Encoding": "gzip", "If-None-Match": client.get("/api/v1/counts").headers["ETag"]},
    )
    assert gzipped.status_code == 304
    for url in ("/api/v1/", "/api/v1/openapi.json", "/api/v1/docs"):
        tag = client.get(url).headers["ETag"]
        assert client.get(url, headers={"If-None-Match": tag}).status_code == 304


def test_cors_and_methods(client):
    """Given the API, when read with GET or HEAD, then any origin may read it; OPTIONS allows GET only; other methods
    are 405."""
    for url in (
        "/api/v1/",
        "/api/v1/counts?limit=1",
        "/api/v1/counts.csv?limit=1",
        "/api/v1/openapi.json",
        "/api/v1/docs",
    ):
        assert client.get(url).headers["Access-Control-Allow-Origin"] == "*", url
        head = client.head(url)
        assert head.status_code == 200 and head.data == b"" and head.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/counts", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    for method in ("post", "put", "patch", "delete"):
        for url in ("/api/v1/counts", "/api/v1/counts.csv", "/api/v1/", "/api/v1/nothing"):
            response = getattr(client, method)(url)
            assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD, OPTIONS", (method, url)
            assert response.get_json()["allowed"] == ["GET", "HEAD", "OPTIONS"]
    assert client.post("/healthz").mimetype == "text/html"  # the rest of the site keeps Flask's own 405


@pytest.mark.parametrize(
    "url", ["/api/v1/counts", "/api/v1/releases.csv", "/api/openreferral/services", "/api/360giving/grants.json"]
)
@pytest.mark.parametrize(
    "failure",
    [sa.exc.TimeoutError("QueuePool limit reached"), sa.exc.OperationalError("SELECT 1", {}, Exception("gone"))],
)
def test_every_feed_answers_an_outage_as_errors_py_says(client, monkeypatch, url, failure):
    """Given the database cannot be read (any of errors.UNAVAILABLE, a full pool too), when a feed is asked,
    then it answers a JSON 503 with errors.py's Retry-After, CORS and no-store: never a 500 or a page of HTML."""
    from dashboard.data import state
    from dashboard.ui import errors

    def down(*args, **kwargs):
        raise failure

    monkeypatch.setattr(state, "engine", down)
    monkeypatch.setattr(state, "release", down)
    response = client.get(url)

    assert response.status_code == 503 and response.mimetype == "application/json", response.data[:200]
    assert "unavailable" in response.get_json()["error"]
    assert response.headers["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert response.headers["Access-Control-Allow-Origin"] == "*" and response.headers["Cache-Control"] == "no-store"
