"""HTTP for the open-data feeds (/api/v1/, /api/openreferral/, /api/360giving/): CORS, compact
JSON, JSON errors, weak ETags with a shared-cache Cache-Control, 304s, preflights, and the 503
of an outage (what counts as one, and how long to wait, is dashboard/ui/errors.py's)."""

from __future__ import annotations

import json

from flask import Response, request

from dashboard.api.params import ApiError
from dashboard.ui import errors

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
CACHE_SECONDS = 300
# Headers a script on another site may read: the API's pages, and the Open Referral feed's.
API_HEADERS = ("ETag", "Link", "X-Release-Id", "X-Total-Count")
UNAVAILABLE_MESSAGE = "the data are unavailable at the moment: please try again in a few minutes"


def empty(status: int) -> Response:
    response = Response(status=status)
    del response.headers["Content-Type"]  # no body: not an HTML page
    return response


def cors(response: Response, *, expose: tuple[str, ...] = API_HEADERS) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = ", ".join(expose)
    return response


def json_response(body, status: int = 200) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")),
        status=status,
        mimetype="application/json",
    )


def error(err: ApiError, *, expose: tuple[str, ...] = API_HEADERS) -> Response:
    response = cors(json_response(err.body(), err.status), expose=expose)
    response.headers["Cache-Control"] = "no-store"
    return response


def unavailable(
    err: Exception, *, message: str = UNAVAILABLE_MESSAGE, expose: tuple[str, ...] = API_HEADERS
) -> Response:
    """The JSON 503 of a feed while the database cannot be read (one of errors.UNAVAILABLE)."""
    errors.log_unavailable(err)
    response = error(ApiError(503, message), expose=expose)
    response.headers["Retry-After"] = str(errors.RETRY_AFTER_SECONDS)
    return response


def cacheable(response: Response, etag: str, *, max_age: int = CACHE_SECONDS) -> Response:
    response.set_etag(etag, weak=True)  # weak: the same rows whatever the Content-Encoding
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return cors(response)


def not_modified(etag: str) -> Response | None:
    if request.if_none_match and request.if_none_match.contains_weak(etag):
        return cacheable(empty(304), etag)
    return None


def preflight(*, methods: tuple[str, ...] = ALLOWED_METHODS, expose: tuple[str, ...] = API_HEADERS) -> Response:
    response = cors(empty(204), expose=expose)
    response.headers["Allow"] = ", ".join(methods)
    response.headers["Access-Control-Allow-Methods"] = ", ".join(methods)
    response.headers["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response
