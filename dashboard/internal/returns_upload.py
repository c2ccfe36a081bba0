"""Uploading a provider's return on the Returns page, and the files it gives back.

- GET  /internal/returns/upload                         the upload form (a document of its own: Dash has no file input)
- POST /internal/returns/upload                         the form sent (CSRF-checked, signed in): one return
- GET  /internal/returns/uploads/<id>/annotated.xlsx    the return with its faulty cells marked
- GET  /internal/returns/uploads/<id>/findings.csv      its findings
- GET  /internal/returns/non-submitters.csv?period=Q    whom to chase for a quarter, with their contacts

An upload is refused before any parser sees it unless it is at most 10 MB (by its Content-Length, before the body
is read, and by what was read), an .xlsx workbook or a CSV file by its first bytes, without macros, and unpacks to
a sane size at a sane ratio. It is kept under a random id in the inbox (the name it was sent with is only shown,
never used for a path) with who sent it, for which provider and quarter, and when; then `vru-etl returns check`
runs on it in a process of its own, with a time limit (the dashboard never imports the ETL). Every upload, refused
or checked, is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, abort, has_app_context, redirect, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard.access import audit_trail, auth, signed_in
from dashboard.data import state
from dashboard.data.vocabulary import INTERNAL_MARKING
from dashboard.internal import returns_data, returns_status
from dashboard.ui import documents, site, spreadsheet

UPLOAD_PATH = "/internal/returns/upload"
PAGE = "/internal/returns"
MAX_RETURN_BYTES = 10 * 1024 * 1024  # as etl/returns/safety.py's MAX_RETURN_BYTES (a test keeps them equal)
FORM_OVERHEAD_BYTES = 64 * 1024  # the form's other fields and multipart boundaries
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
RATIO_FROM_BYTES = 1024 * 1024
MAX_PARTS = 1_000
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# `vru-etl returns check` of one return takes a second or two; a return at the size limit, a few more.
CHECK_TIMEOUT_SECONDS = 60
_SAFE_NAME = re.compile(r"[^A-Za-z0-9 ._()-]")


class UploadRefused(Exception):
    """The file is not a return this site takes; the message says why, for the person who sent it."""


def sniff(head: bytes, path: Path) -> str:
    """'xlsx' or 'csv', or UploadRefused: by the file's first bytes and its ZIP directory, never its name."""
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                parts = archive.infolist()
                names = {p.filename for p in parts}
                if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNCOMPRESSED_BYTES:
                    raise UploadRefused("It unpacks to far more than any return (a decompression bomb?).")
                if any(
                    p.file_size > RATIO_FROM_BYTES and p.file_size > MAX_RATIO * max(p.compress_size, 1) for p in parts
                ):
                    raise UploadRefused(
                        "One of its parts is compressed far more than a workbook's are (a decompression bomb?)."
                    )
                if "xl/vbaProject.bin" in names or b"macroEnabled" in (
                    archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
                ):
                    raise UploadRefused("It is a macro-enabled workbook (.xlsm): save it as an Excel Workbook (.xlsx).")
                if "xl/workbook.xml" not in names:
                    raise UploadRefused("It is a ZIP archive, not an Excel workbook.")
        except zipfile.BadZipFile:
            raise UploadRefused("It is damaged: it does not open as an Excel workbook.") from None
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        raise UploadRefused(
            "It is an Excel 97-2003 (.xls) or password-protected workbook: save it as an Excel "
            "Workbook (.xlsx) without a password."
        )
    if b"\x00" in head:
        raise UploadRefused("It is neither an Excel workbook (.xlsx) nor a CSV file.")
    return "csv"


def _shown_name(name: str | None) -> str:
    """The name the file was sent with, for display only."""
    return _SAFE_NAME.sub("_", Path(name or "return").name)[:100]


def inbox() -> Path:
    return Path(state.settings().returns_inbox)


def _save_capped(stream, target: Path) -> int:
    written = 0
    with target.open("wb") as out:
        while chunk := stream.read(1 << 16):
            written += len(chunk)
            if written > MAX_RETURN_BYTES:
                raise UploadRefused(f"It is larger than {MAX_RETURN_BYTES // 2**20} MB.")
            out.write(chunk)
    return written


def _check(folder: Path, path: Path, *, provider: str, period: str) -> None:
    command = [
        sys.executable,
        "-m",
        "etl.cli",
        "returns",
        "check",
        str(path),
        "--out",
        str(folder / "checked"),
        "--provider",
        provider,
        "--period",
        period,
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=CHECK_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        _write_meta(folder, reason=f"The check did not finish within {CHECK_TIMEOUT_SECONDS} seconds.")


def _write_meta(folder: Path, **changes) -> None:
    path = folder / "return.json"
    meta = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps(meta | changes, indent=1), encoding="utf-8")


def _expected_choice(provider: str, period: str) -> bool:
    expected = returns_data.returns_expected(state.engine())
    return bool(((expected["provider_id"] == provider) & (expected["period"] == period)).any())


def form() -> str:
    statuses = current_statuses()
    providers = statuses.drop_duplicates("provider_id").sort_values("provider_name")
    periods = sorted(statuses["period"].unique(), reverse=True)
    asked = request.args.get("period", "")
    return documents.render(
        "return_upload.html",
        page_title=site.title("Upload a return", internal=True),
        marking=INTERNAL_MARKING,
        action=UPLOAD_PATH,
        csrf_token=auth.csrf_token(),
        max_mb=MAX_RETURN_BYTES // 2**20,
        providers=[(r["provider_id"], f"{r['provider_name']} ({r['provider_id']})") for _, r in providers.iterrows()],
        periods=periods,
        period=asked if asked in periods else returns_status.latest_due_period(statuses, today=dt.date.today()),
    )


def upload() -> Response:
    """Keep the return sent with the form, check it, and show its findings."""
    if signed_in.user() is None:
        abort(401)
    limit = MAX_RETURN_BYTES + FORM_OVERHEAD_BYTES
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"A return may be at most {MAX_RETURN_BYTES // 2**20} MB.")
    request.max_content_length = limit  # a body without a Content-Length is cut here, not read on
    auth.check_form_token()
    provider, period = request.form.get("provider", ""), request.form.get("period", "")
    sent = request.files.get("file")
    if sent is None or not _expected_choice(provider, period):
        abort(400, description="Choose the provider and quarter of the return, and a file.")
    upload_id = secrets.token_hex(8)
    folder = inbox() / upload_id
    folder.mkdir(parents=True, exist_ok=False)
    received = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _write_meta(
        folder,
        provider_id=provider,
        period=period,
        received_at=received,
        uploaded_by=signed_in.user(),
        original_name=_shown_name(sent.filename),
    )
    staged = folder / "upload.part"
    outcome = "checked"
    try:
        _save_capped(sent.stream, staged)
        with staged.open("rb") as handle:
            kind = sniff(handle.read(4096), staged)
        path = staged.rename(folder / f"return.{kind}")
        path.with_suffix(".json").write_text((folder / "return.json").read_text(encoding="utf-8"), encoding="utf-8")
        _check(folder, path, provider=provider, period=period)
    except UploadRefused as refused:
        staged.unlink(missing_ok=True)
        _write_meta(folder, outcome="refused", reason=str(refused))
        outcome = "refused"
    found = returns_data.upload(inbox(), upload_id) or {}
    audit_trail.record(
        "return_upload",
        target=f"{UPLOAD_PATH} {upload_id}",
        filters={"provider": provider, "period": period, "outcome": found.get("outcome", outcome)},
    )
    # The page then shows the quarter of the upload (an expected quarter, checked above).
    return redirect(f"{PAGE}?{urlencode({'upload': upload_id, 'period': period})}", code=303)


def _download(upload_id: str, name: str, mimetype: str) -> Response:
    folder = returns_data.upload_folder(inbox(), upload_id)
    path = folder / "checked" / name if folder else None
    if path is None or not path.exists():
        abort(404)
    audit_trail.record("download", target=request.path)
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=f"{upload_id}-{name}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def annotated(upload_id: str) -> Response:
    return _download(
        upload_id, "return.annotated.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def findings_csv(upload_id: str) -> Response:
    return _download(upload_id, "return.findings.csv", "text/csv")


def non_submitters_csv() -> Response:
    statuses = current_statuses()
    period = request.args.get("period", "")
    if period not in set(statuses["period"]):
        abort(400, description="period must be a quarter with returns expected, e.g. 2025-26 Q4.")
    rows = returns_status.non_submitters(statuses, period=period)
    columns = ["provider_id", "provider_name", "period", "status", "due_date", "contact", "owning_team"]
    audit_trail.record("download", target=request.path)
    response = Response(spreadsheet.csv_bytes(rows[columns]), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="non-submitters-{period.replace(" ", "-")}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def current_statuses(today: dt.date | None = None, *, engine=None):
    """Each expected return's status on `today`, from the internal database (`engine`, else the app's) and, inside the
    app, the Returns page's uploads (outside it, e.g. a script reading a release, there are none)."""
    engine = engine if engine is not None else state.engine()
    uploaded = returns_data.uploads(inbox() if has_app_context() else None)
    return returns_status.status_table(
        returns_data.returns_expected(engine),
        returns_data.returns_log(engine),
        uploaded,
        today=today or dt.date.today(),
    )


def register(server: Flask) -> None:
    server.add_url_rule(UPLOAD_PATH, "vru_returns.form", form, methods=["GET"])
    server.add_url_rule(UPLOAD_PATH, "vru_returns.upload", upload, methods=["POST"])
    server.add_url_rule(f"{PAGE}/uploads/<upload_id>/annotated.xlsx", "vru_returns.annotated", annotated)
    server.add_url_rule(f"{PAGE}/uploads/<upload_id>/findings.csv", "vru_returns.findings", findings_csv)
    server.add_url_rule(f"{PAGE}/non-submitters.csv", "vru_returns.non_submitters", non_submitters_csv)
