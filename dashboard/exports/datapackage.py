"""Data packages: /download/<page>/<chart>.zip holds the chart's CSV (byte for byte the .csv
download), a Frictionless Data Package `datapackage.json` describing it (a table schema with
field types, units and descriptions, [c] as a missing value, the licence, the source, the
release and its date, the filters, the chart in words) and a README in plain English."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pandas as pd
from flask import Flask, Response, abort, request

from dashboard.exports import downloads, share, view_request
from dashboard.pages import lookups
from dashboard.ui import chart_notes, components, filters, formats

# Words a published table puts in a numeric column instead of a number; [c] and [x] are the GSS symbols
# for a suppressed cell and one not available. Data packages declare them as missing values so the column stays numeric.
MISSING_WORDS = (
    formats.SUPPRESSED_SYMBOL,
    formats.NOT_AVAILABLE_SYMBOL,
    formats.NOT_AVAILABLE,
    "not published",
    "no allocation",
    "no return",
)
_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
UNITS = (
    ("(£)", "GBP"),
    ("£", "GBP"),
    ("(%)", "percent"),
    ("per 10,000", "per 10,000 residents"),
    ("per 1,000", "per 1,000 residents"),
)
# After the release's own rules (ReleaseContext.protection): what follows from them for rates.
PROTECTION = (
    "Any cell that would reveal a suppressed count is suppressed too and shown as [c]. Rates and percentages "
    "are worked out from the protected counts, and are [c] when either is."
)


def _field(name: str, cells: pd.Series) -> dict:
    """A table-schema field: integer or number where every cell that is not a missing-value word is one."""
    present = cells[~cells.isin(("", *MISSING_WORDS))]
    kind = "string"
    if len(present) and present.str.match(_INTEGER).all():
        kind = "integer"
    elif len(present) and present.str.match(_NUMBER).all():
        kind = "number"
    field = {"name": name, "type": kind}
    if name == "release_id":
        field["description"] = "The release these figures were published in (see the package's release)."
    elif name == "licence":
        field["description"] = "The licence the figures are published under."
    elif name == "source":
        field["description"] = "Who publishes the figures, and under which licence."
    elif kind == "string":
        field["description"] = f"{name}, as the chart's table shows it."
    else:
        field["description"] = f"{name}, as published (suppressed cells are [c], those not available [x])."
        unit = next((u for marker, u in UNITS if marker in name), "count" if kind == "integer" else None)
        if unit:
            field["unit"] = unit  # not in the Table Schema standard; Frictionless keeps extra properties
    return field


def package(view: view_request.View, *, csv_body: bytes, csv_name: str) -> dict:
    """The datapackage.json of one chart view (a Tabular Data Package of one resource)."""
    frame = pd.read_csv(io.BytesIO(csv_body), dtype=str, keep_default_na=False)
    created = str(view.release["created_at"])[:10]
    licence = components.licence_text()
    licences = (
        [{"name": "OGL-UK-3.0", "path": components.LICENCE_URL, "title": components.LICENCE}]
        if licence == components.LICENCE
        else [{"name": "other-closed", "title": licence}]
    )
    about = share.public_url("/about")
    view_path = share.public_url(lookups.by_id(view.page).path + view.query)
    source = {"title": components.SOURCE, **({"path": about} if about else {})}
    return {
        "profile": "tabular-data-package",
        "name": csv_name.rsplit(".", 1)[0],
        "title": view.record.title,
        "description": view.record.summary or view.record.title,
        "version": str(view.release_id),
        "created": f"{created}T00:00:00Z",
        **({"homepage": view_path} if view_path else {}),
        "licenses": licences,
        "sources": [source, *({"title": other} for other in view.record.sources)],
        "release": {"id": view.release_id, "date": created, "synthetic_data": bool(view.release.get("synthetic_data"))},
        "filters": {k: v for k, v in view.values.items() if v not in ("", "all", "map")},
        "resources": [
            {
                "name": "data",
                "path": csv_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": view.record.title,
                "description": view.record.summary or view.record.title,
                "licenses": licences,
                "schema": {
                    "fields": [_field(c, frame[c]) for c in frame.columns],
                    "missingValues": ["", *MISSING_WORDS],
                },
            }
        ],
    }


def readme(view: view_request.View, *, csv_name: str) -> str:
    """What a reader needs before using the numbers, in plain English."""
    created = str(view.release["created_at"])[:10]
    filters_text = (
        ", ".join(f"{k}: {v}" for k, v in view.values.items() if v not in ("", "all", "map"))
        or "none (all programmes, all London)"
    )
    about = share.public_url("/about") or "the dashboard's 'About the data' page (/about)"
    view_path = (
        share.public_url(lookups.by_id(view.page).path + view.query) or lookups.by_id(view.page).path + view.query
    )
    lines = [
        view.record.title,
        "=" * len(view.record.title),
        "",
        "What this is",
        f"{csv_name} holds the numbers behind this chart on the London Violence Reduction Unit's performance "
        "dashboard, "
        "exactly as its table shows them and as its CSV download gives them. datapackage.json describes every column "
        "(Frictionless Data Package: https://specs.frictionlessdata.io/).",
        "",
        "In words",
        view.record.summary or view.record.title,
        "",
        f"Filters: {filters_text}.",
        f"Release: {view.release_id}, published {created}.",
        *(f"Source: {other}." for other in view.record.sources),
        *([chart_notes.synthetic_note(view.record.sources)] if view.release.get("synthetic_data") else []),
        "",
        "How the figures are protected",
        view.ctx.protection(),
        *([] if view.ctx.internal else [PROTECTION]),
        "Do not add rounded counts together to make totals: published totals are rounded on their own.",
        *([chart_notes.OTHER_SOURCES_NOTE] if view.record.sources else []),
        *(
            [
                f"{formats.NOT_AVAILABLE_SYMBOL} marks a figure that is not available: it is not 0, and it is left "
                "out of rates and totals."
            ]
            if view.record.table.frame.astype(str).isin([formats.NOT_AVAILABLE_SYMBOL]).any().any()
            else []
        ),
        "",
        "How to cite them",
        f'{components.SOURCE}, "{view.record.title}", release {view.release_id} of {created}, {view_path}. '
        f"Licence: {components.licence_text()}"
        + (f" ({components.LICENCE_URL})." if components.licence_text() == components.LICENCE else "."),
        "",
        "How the figures are made",
        f"See {about}: sources, definitions, rounding and suppression rules, and revisions.",
        "",
    ]
    return "\n".join(lines)


def _zip(entries: dict[str, bytes], *, created: str) -> bytes:
    """A ZIP whose bytes depend only on what is in it (fixed times), so the same view gives the same file."""
    stamp = (*tuple(int(p) for p in created.split("-")), 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, body in entries.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, body)
    return buffer.getvalue()


def data_package(page: str, chart: str):
    try:
        view = view_request.resolve(page, chart, filters.query_of(request.args))
    except view_request.UnknownView:
        abort(404)
    except view_request.BadFilters as err:
        abort(400, description=str(err))
    if unchanged := view.vary_on(fmt="zip"):
        return unchanged
    csv_response = downloads.file_of(view, "csv")  # the .csv download itself, so the two are the same bytes
    csv_body = csv_response.get_data()
    csv_name = re.search(r'filename="([^"]+)"', csv_response.headers["Content-Disposition"]).group(1)
    created = str(view.release["created_at"])[:10]
    body = _zip(
        {
            csv_name: csv_body,
            "datapackage.json": (
                json.dumps(package(view, csv_body=csv_body, csv_name=csv_name), indent=2, ensure_ascii=False) + "\n"
            ).encode("utf-8"),
            "README.txt": readme(view, csv_name=csv_name).encode("utf-8"),
        },
        created=created,
    )
    response = Response(body, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{csv_name.rsplit(".", 1)[0]}.zip"'
    response.headers["X-Release-Id"] = str(view.release_id)
    for header in ("Link",):
        if header in csv_response.headers:
            response.headers[header] = csv_response.headers[header]
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/download/<page>/<chart>.zip", "data_package", data_package)
