"""Internal mode's own routes (registered only there, behind sign-in):

- /internal/api/v1/                 the datasets (JSON)
- /internal/api/v1/<dataset>[.csv]  the same datasets and parameters as the open-data API
                                    (dashboard/api/: its parsing, statements and CSV), from the
                                    internal database (true figures), plus provider-summary and
                                    data-quality-findings (the internal tables); every response is marked not for
                                    publication (a header and a field), never cached by others, no CORS
- POST /internal/audit/image-export the browser's note that a chart was saved as an image
                                    (assets/chart-export.js), for the audit trail; CSRF-checked

Each API call is recorded in the audit trail (dashboard/access/audit_trail.py).
"""

from __future__ import annotations

import hmac
import re
from urllib.parse import parse_qsl, urlsplit

import sqlalchemy as sa
from flask import Flask, Response, abort, request

from dashboard.access import audit_trail, auth, signed_in
from dashboard.api import http
from dashboard.api import rows as api_rows
from dashboard.api.datasets import DATASETS as PUBLISHED
from dashboard.api.datasets import Column, Dataset
from dashboard.api.params import ApiError, parse
from dashboard.api.vocabularies import YEAR
from dashboard.charts import warm
from dashboard.data import state, tables
from dashboard.data.vocabulary import INTERNAL_MARKING, SOURCE
from dashboard.internal import returns_upload
from dashboard.ui import errors

PREFIX = "/internal/api/v1"
EXPORT_PATH = "/internal/audit/image-export"
MARKING = INTERNAL_MARKING
MARKING_HEADER = "X-Data-Classification"
ALLOWED_METHODS = ("GET", "HEAD")
_GRAPH_ID = re.compile(r"^[A-Za-z0-9_-]{1,120}$")

INTERNAL_ONLY = (
    Dataset(
        "provider-summary",
        "provider_summary",
        "Providers' true figures",
        "True (unsuppressed) referrals, young people started, completions, spend and leavers (referrals ended, "
        "completed "
        "or withdrawn; none in releases made before it) per delivery provider, programme and financial year. Internal "
        "only: small providers' counts would identify people.",
        (
            Column("release_id", "integer"),
            Column("programme_id", "text"),
            Column("provider_id", "text"),
            Column("financial_year", "text", pattern=YEAR),
            Column("participants", "integer"),
            Column("referrals", "integer"),
            Column("completions", "integer"),
            Column("spend_gbp", "number", nullable=True),
            Column("leavers", "integer", nullable=True),
        ),
        ("programme_id", "provider_id", "financial_year"),
        {"programme_id": "myends"},
    ),
    Dataset(
        "data-quality-findings",
        "data_quality_findings",
        "Data-quality findings",
        "The validation warnings of the ETL run that made the release: late and missing returns, spend over budget, "
        "blank rows.",
        (
            Column("release_id", "integer"),
            Column("file", "text"),
            Column("row_number", "integer", nullable=True),
            Column("column_name", "text", nullable=True),
            Column("value", "text", nullable=True),
            Column("expected", "text"),
            Column("rule", "text"),
            Column("severity", "text", enum=("error", "warning")),
            Column("provider_id", "text", nullable=True),
        ),
        ("file", "rule", "row_number"),
        {"rule": "late_return"},
    ),
)
DATASETS = dict(PUBLISHED) | {d.name: d for d in INTERNAL_ONLY}
# The internal-only tables (sql/internal.sql) too; api_rows.statement types the columns as the dataset says.
TABLES = {
    d.name: tables.TABLES[d.table_name]
    if d.table_name in tables.TABLES
    else sa.table(d.table_name, *[sa.column(c.name) for c in d.columns])
    for d in DATASETS.values()
}


def _marked(response: Response) -> Response:
    response.headers[MARKING_HEADER] = MARKING
    response.headers["Cache-Control"] = "private, no-store"  # true figures: never kept by a shared cache
    return response


def _error(err: ApiError) -> Response:
    return _marked(
        http.json_response(err.body() | {"classification": MARKING, "not_for_publication": True}, err.status)
    )


def _is_signed_in() -> bool:
    return signed_in.user() is not None


def index() -> Response:
    if not _is_signed_in():
        return _error(ApiError(401, "sign in required"))
    audit_trail.record("api_call", target=request.path)
    return _marked(
        http.json_response(
            {
                "title": "London VRU internal API",
                "classification": MARKING,
                "not_for_publication": True,
                "description": "The open-data API's datasets and parameters, with true (unsuppressed, unrounded) "
                "figures from the internal "
                "database, and two internal-only datasets. Signed-in users only; every call is recorded in the audit "
                "trail.",
                "datasets": [
                    {
                        "name": d.name,
                        "title": d.title,
                        "description": d.description,
                        "url": f"{PREFIX}/{d.name}",
                        "csv": f"{PREFIX}/{d.name}.csv",
                        "columns": d.column_names,
                    }
                    for d in DATASETS.values()
                ],
            }
        )
    )


def serve(dataset: Dataset, *, csv_path: bool) -> Response:
    if not _is_signed_in():  # auth refuses first; this holds even if that ever changes
        return _error(ApiError(401, "sign in required"))
    try:
        q = parse(dataset, request.args, csv_path=csv_path)
        audit_trail.record("api_call", target=request.path, filters=dict(request.args.items()))
        with state.engine().connect() as conn:
            release_id, _known = api_rows.resolve_release(conn, q.release)
            rows_stmt, total_stmt = api_rows.statement(q, release_id, table=TABLES[dataset.name])
            rows = [dict(r) for r in conn.execute(rows_stmt).mappings()]
            total = conn.execute(total_stmt).scalar_one()
    except ApiError as err:
        return _error(err)
    except errors.UNAVAILABLE as err:
        errors.log_unavailable(err)
        response = _error(ApiError(503, http.UNAVAILABLE_MESSAGE))
        response.headers["Retry-After"] = str(errors.RETRY_AFTER_SECONDS)
        return response
    following = (
        api_rows.next_link(q, release_id, q.offset + q.limit, script_root=request.script_root, prefix=PREFIX)
        if q.offset + len(rows) < total
        else None
    )
    columns = dataset.column_names
    if q.fmt == "csv":
        # The marking as a column too, so a saved file carries it.
        response = Response(
            api_rows.csv_text([*columns, "classification"], [r | {"classification": MARKING} for r in rows]),
            mimetype="text/csv",
        )
        response.headers["Content-Disposition"] = (
            f'attachment; filename="vru-internal-{dataset.name}-release-{release_id}-not-for-publication.csv"'
        )
    else:
        response = http.json_response(
            {
                "dataset": dataset.name,
                "release_id": release_id,
                "classification": MARKING,
                "not_for_publication": True,
                "source": SOURCE,
                "total": total,
                "limit": q.limit,
                "offset": q.offset,
                "next": following,
                "rows": [{c: r[c] for c in columns} for r in rows],
            }
        )
    response.headers["X-Release-Id"] = str(release_id)
    response.headers["X-Total-Count"] = str(total)
    if following:
        response.headers["Link"] = f'<{following}>; rel="next"'
    return _marked(response)


def unknown(rest: str) -> Response:
    if not _is_signed_in():
        return _error(ApiError(401, "sign in required"))
    return _error(
        ApiError(404, f"no such dataset: {PREFIX}/{rest[:50]}", allowed=[f"{PREFIX}/{name}" for name in DATASETS])
    )


def image_export() -> tuple[str, int]:
    """Record that the signed-in user saved a chart as an image (sent by assets/chart-export.js)."""
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, auth.csrf_token()):
        abort(400, description="The request did not come from this site's page.")
    graph, fmt, page = request.form.get("graph", ""), request.form.get("format", ""), request.form.get("page", "")
    if (
        not _GRAPH_ID.match(graph)
        or fmt not in ("png", "svg")
        or not page.startswith("/")
        or page.startswith("//")
        or len(page) > 1000
    ):
        abort(400, description="graph, format (png or svg) and page (a path on this site) are needed.")
    parts = urlsplit(page)
    audit_trail.record("image_export", target=f"{parts.path} {graph}.{fmt}", filters=dict(parse_qsl(parts.query)))
    return "", 204


def register(server: Flask) -> None:
    warm.warm_up()  # here: internal mode only, once per worker
    methods = list(ALLOWED_METHODS)
    server.add_url_rule(f"{PREFIX}/", "vru_internal_api.index", index, methods=methods)
    for dataset in DATASETS.values():
        server.add_url_rule(
            f"{PREFIX}/{dataset.name}",
            f"vru_internal_api.{dataset.name}",
            lambda d=dataset: serve(d, csv_path=False),
            methods=methods,
        )
        server.add_url_rule(
            f"{PREFIX}/{dataset.name}.csv",
            f"vru_internal_api.{dataset.name}.csv",
            lambda d=dataset: serve(d, csv_path=True),
            methods=methods,
        )
    server.add_url_rule(f"{PREFIX}/<path:rest>", "vru_internal_api.unknown", unknown, methods=methods)
    server.add_url_rule(EXPORT_PATH, "vru_internal_audit.image_export", image_export, methods=["POST"])
    returns_upload.register(server)
