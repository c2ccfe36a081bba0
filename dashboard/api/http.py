"""HTTP for the open-data feeds (/api/v1/, /api/openreferral/, /api/360giving/): CORS, compact
JSON, JSON errors, 304s with CORS, preflights, and the 503 of an outage (what counts as one, and how
long to wait, is dashboard/ui/errors.py's). Cache-Control and ETags are dashboard/access/caching.py's,
as for every answer of the site."""

from __future__ import annotations

import json

from flask import Response

from dashboard.access import caching
from dashboard.api.params import ApiError
from dashboard.ui import errors

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
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


def cacheable(response: Response) -> Response:
    """A feed's answer, readable from any origin (its cache headers are set for every answer of the site)."""
    return cors(response)


def not_modified(key, *, pinned: bool = False, expose: tuple[str, ...] = API_HEADERS) -> Response | None:
    """Name this answer to the caches by `key`, the query as the feed read it (dashboard/access/caching.py):
    a 304, readable from any origin, if the reader's copy is current; None otherwise."""
    unchanged = caching.vary_on(key, pinned=pinned)
    return None if unchanged is None else cors(unchanged, expose=expose)


def preflight(*, methods: tuple[str, ...] = ALLOWED_METHODS, expose: tuple[str, ...] = API_HEADERS) -> Response:
    response = cors(empty(204), expose=expose)
    response.headers["Allow"] = ", ".join(methods)
    response.headers["Access-Control-Allow-Methods"] = ", ".join(methods)
    response.headers["Access-Control-Allow-Headers"] = "Accept, If-None-Match"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response
