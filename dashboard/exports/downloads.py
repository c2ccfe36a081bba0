"""Downloads of the numbers behind each chart: CSV and XLSX of exactly the cells its table
shows, for the same filters, with [c] for suppressed cells, [x] for those not available, the release, the sources
and the licence."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

import pandas as pd
from flask import Flask, Response, abort, request

from dashboard import charts
from dashboard.access import audit_trail
from dashboard.exports import view_request
from dashboard.ui import chart_notes, components, filters, formats, spreadsheet

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_NUMBER = re.compile(r"^-?[£]?-?[\d,]+(\.\d+)?%?$")


def _number(text: str) -> int | float:
    value = float(text.replace("£", "").replace(",", "").rstrip("%"))
    return int(value) if value.is_integer() else value


def _plain(table: charts.TableData) -> pd.DataFrame:
    """The table's cells with numbers as numbers (no £, thousands separators or %); the unit
    moves into the column name; [c] and words stay as they are."""
    out = pd.DataFrame()
    for key, label in table.columns:
        cells = table.frame[key].astype(str).fillna("")
        numeric = cells[cells.str.match(_NUMBER)]
        unit = " (£)" if numeric.str.contains("£").any() else " (%)" if numeric.str.endswith("%").any() else ""
        unit = "" if unit.strip(" ()") in label else unit  # "£ per resident" already says it
        out[label + unit] = [_number(c) if _NUMBER.match(c) else c for c in cells]
    return out


def _about(view: view_request.View, applied: dict) -> pd.DataFrame:
    """The "about" sheet; `applied` the filters in force, cleaned (never the raw query, whose text anyone
    can choose, so a file cannot carry words the page does not offer)."""
    filters_text = ", ".join(f"{k}={v}" for k, v in applied.items() if k != "release") or "none (defaults)"
    release = view.release
    rows = [
        ("Title", view.record.title),
        ("Filters", filters_text),
        ("Source", components.SOURCE),
        ("Release", f"{release['release_id']} of {str(release['created_at'])[:10]}"),
        (
            "Licence",
            components.licence_text()
            if components.licence_text() != components.LICENCE
            else f"{components.LICENCE} ({components.LICENCE_URL})",
        ),
        *(("Source", source) for source in view.record.sources),
        (formats.SUPPRESSED_SYMBOL, f"Suppressed to protect individuals. {view.ctx.protection()}"),
        *([("Other sources", chart_notes.OTHER_SOURCES_NOTE)] if view.record.sources else []),
    ]
    if view.record.table.frame.astype(str).isin([formats.NOT_AVAILABLE_SYMBOL]).any().any():
        rows.append((formats.NOT_AVAILABLE_SYMBOL, chart_notes.NOT_AVAILABLE_NOTE.split(": ", 1)[1]))
    if release.get("synthetic_data"):
        rows.append(("Note", chart_notes.synthetic_note(view.record.sources)))
    return pd.DataFrame(rows, columns=["item", "value"])


def _filename(chart: str, params: dict, release_id: int, fmt: str) -> str:
    """e.g. london-vru-reach-gender-divert-2023-24-release-2.csv: what, which filters, which release."""
    parts = [chart] + [
        re.sub(r"[^A-Za-z0-9-]+", "-", str(params[k])).strip("-").lower()
        for k in ("area", "programme", "period", "borough", "indicator", "postcode", "q", "year")
        if params.get(k)
    ]
    return f"london-vru-{'-'.join(parts)}-release-{release_id}.{fmt}"


def download(page: str, chart: str, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    try:
        # As the page itself: a filter it does not know is dropped, and the file says which filters it applied.
        view = view_request.resolve(page, chart, filters.query_of(request.args), strict=False)
    except view_request.UnknownView:
        abort(404)
    return view.vary_on(fmt=fmt) or file_of(view, fmt)


def file_of(view: view_request.View, fmt: str) -> Response:
    """The CSV or XLSX of `view`: the answer to /download/<page>/<chart>.<fmt>."""
    params = filters.query_of(request.args)
    chart = view.chart
    applied = dict(parse_qsl(view.query.lstrip("?")))
    release = view.release  # the pinned release, if the link pins one
    record = view.record
    data = _plain(record.table)
    data["release_id"] = int(release["release_id"])
    if record.sources:  # figures from another publisher: the file says whose they are, as the page does
        data["source"] = "; ".join([components.SOURCE, *record.sources])
    if fmt == "csv":
        data["licence"] = components.licence_text()
        body = spreadsheet.csv_bytes(data)
    else:
        body = spreadsheet.xlsx_bytes({"data": data, "about": _about(view, applied)})
    response = Response(body, mimetype=FORMATS[fmt].split(";")[0])
    if fmt == "csv":
        response.headers["Content-Type"] = FORMATS["csv"]
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{_filename(chart, applied, int(release["release_id"]), fmt)}"'
    )
    response.headers["X-Release-Id"] = str(release["release_id"])
    audit_trail.record("download", filters=params)  # internal mode only: who took which true figures
    if components.licence_text() == components.LICENCE:
        response.headers["Link"] = f'<{components.LICENCE_URL}>; rel="license"'
    return response


def register(server: Flask) -> None:
    server.add_url_rule("/download/<page>/<chart>.<fmt>", "download", download)
