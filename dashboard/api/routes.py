"""The open-data API's routes on the dashboard's Flask server (see the package's docstring).

Each view reads the query (params.py), the rows (rows.py) and answers (http.py); outages
are errors.UNAVAILABLE, answered as a JSON 503. In internal mode every /api/v1/ path is a 404.
"""

from __future__ import annotations

import json

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from dashboard.api import openapi, rows
from dashboard.api.datasets import DATASETS, PREFIX, Dataset
from dashboard.api.http import (
    ALLOWED_METHODS,
    cacheable,
    cors,
    error,
    json_response,
    not_modified,
    preflight,
    unavailable,
)
from dashboard.api.params import ApiError, parse
from dashboard.data import state
from dashboard.data.vocabulary import LICENCE, LICENCE_URL, SOURCE
from dashboard.ui import errors


def _public_only() -> None:
    if state.settings().internal:
        raise ApiError(404, "the open-data API is served by the public dashboard only")


def _static(body: str, mimetype: str) -> Response:
    """Index, OpenAPI document and docs page: the same for every release."""
    if request.method == "OPTIONS":
        return preflight()
    try:
        _public_only()
        unchanged = not_modified("static")
    except ApiError as err:
        return error(err)
    except errors.UNAVAILABLE as err:  # the ETag names the live release
        return unavailable(err)
    return unchanged or cacheable(Response(body, mimetype=mimetype))


def _serve(dataset: Dataset, *, csv_path: bool) -> Response:
    if request.method == "OPTIONS":
        return preflight()
    try:
        _public_only()
        q = parse(dataset, request.args, csv_path=csv_path)
        with state.engine().connect() as conn:
            release_id, known = rows.resolve_release(conn, q.release)
            if (response := not_modified(rows.cache_key(q, release_id, known), pinned=rows.pinned(q))) is not None:
                response.headers["X-Release-Id"] = str(release_id)
                return response
            rows_stmt, total_stmt = rows.statement(q, release_id)
            found = [dict(r) for r in conn.execute(rows_stmt).mappings()]
            total = conn.execute(total_stmt).scalar_one()
    except ApiError as err:
        return error(err)
    except errors.UNAVAILABLE as err:
        return unavailable(err)
    following = (
        rows.next_link(q, release_id, q.offset + q.limit, script_root=request.script_root)
        if q.offset + len(found) < total
        else None
    )
    columns = dataset.column_names
    if q.fmt == "csv":
        response = Response(rows.csv_text(columns, found), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'inline; filename="vru-{dataset.name}-release-{release_id}.csv"'
    else:
        response = json_response(
            {
                "dataset": dataset.name,
                "release_id": release_id,
                "licence": LICENCE,
                "source": SOURCE,
                "total": total,
                "limit": q.limit,
                "offset": q.offset,
                "next": following,
                "rows": [{c: r[c] for c in columns} for r in found],
            }
        )
    response.headers["X-Release-Id"] = str(release_id)
    response.headers["X-Total-Count"] = str(total)
    links = [f'<{LICENCE_URL}>; rel="license"', f'<{request.script_root}{PREFIX}/openapi.json>; rel="describedby"']
    if following:
        links.append(f'<{following}>; rel="next"')
    response.headers["Link"] = ", ".join(links)
    return cacheable(response)


def _method_not_allowed(err: HTTPException):
    """Other methods on an API path: 405 with a JSON body (elsewhere, Flask's own page)."""
    if not request.path.startswith(PREFIX + "/") and request.path != PREFIX:
        return err
    response = cors(
        json_response(
            {"error": f"{request.method} is not allowed: the API is read-only", "allowed": list(ALLOWED_METHODS)}, 405
        )
    )
    response.headers["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def _unknown(rest: str):
    if request.method == "OPTIONS":
        return preflight()
    return error(
        ApiError(404, f"no such dataset or page: {PREFIX}/{rest}", allowed=[f"{PREFIX}/{name}" for name in DATASETS])
    )


def index_body() -> dict:
    return {
        "title": "London VRU open data API",
        "description": "The published tables of the London Violence Reduction Unit's performance dashboard, as they "
        "are, "
        "for the live release or an earlier one. Read-only; no key needed.",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": SOURCE,
        "openapi": f"{PREFIX}/openapi.json",
        "docs": f"{PREFIX}/docs",
        "datasets": [
            {
                "name": d.name,
                "title": d.title,
                "description": d.description,
                "table": d.table_name,
                "url": f"{PREFIX}/{d.name}",
                "csv": f"{PREFIX}/{d.name}.csv",
                "columns": d.column_names,
            }
            for d in DATASETS.values()
        ],
    }


def register(server: Flask) -> None:
    """Add the API's routes to the dashboard's server; a second call does nothing."""
    if server.extensions.get("vru_api"):
        return
    server.extensions["vru_api"] = True
    index = json.dumps(index_body(), ensure_ascii=False, indent=1)
    spec = json.dumps(openapi.document(), ensure_ascii=False, indent=1)
    docs = openapi.docs_page()
    methods = list(ALLOWED_METHODS)

    def route(rule: str, endpoint: str, view) -> None:
        server.add_url_rule(rule, f"vru_api.{endpoint}", view, methods=methods, provide_automatic_options=False)

    route(f"{PREFIX}/", "index", lambda: _static(index, "application/json"))
    route(f"{PREFIX}/openapi.json", "openapi", lambda: _static(spec, "application/json"))
    route(f"{PREFIX}/docs", "docs", lambda: _static(docs, "text/html"))
    for dataset in DATASETS.values():
        route(f"{PREFIX}/{dataset.name}", dataset.name, lambda d=dataset: _serve(d, csv_path=False))
        route(f"{PREFIX}/{dataset.name}.csv", f"{dataset.name}.csv", lambda d=dataset: _serve(d, csv_path=True))
    # Without this, Dash's catch-all page route would answer unknown API paths with the app's HTML.
    route(f"{PREFIX}/<path:rest>", "unknown", _unknown)
    server.register_error_handler(405, _method_not_allowed)
