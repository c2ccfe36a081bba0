"""410 Gone for a withdrawn release, on every route that takes ?release= (dashboard/data/release_context.py
decides; this answers): a short page saying why, with a link to the withdrawal notice on /revisions, or the
same as JSON under /api/. Never cached for long: a withdrawal is final, but the notice's words may be
corrected."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request

from dashboard.data.release_context import ReleaseWithdrawn
from dashboard.ui import documents, release_words, site

TITLE = "This release was withdrawn"
API_PREFIXES = ("/api/", "/internal/api/")


def message(err: ReleaseWithdrawn) -> str:
    on = release_words.when(err.release.get("withdrawn_at"), time=False)
    return (
        f"Release {err.release_id} of the figures was withdrawn{' on ' + on if on else ''}: nothing of it is served "
        "any more. The latest figures replace it."
    )


def response(err: ReleaseWithdrawn) -> Response:
    reason = err.release.get("withdrawal_reason")
    reason = reason if isinstance(reason, str) else ""
    if request.path.startswith(API_PREFIXES):
        answer = jsonify({"error": message(err), "reason": reason, "notice": err.notice, "release_id": err.release_id})
        answer.status_code = 410
    else:
        body = documents.render(
            "withdrawn.html",
            page_title=site.title(TITLE),
            title=TITLE,
            message=message(err),
            reason=reason,
            notice=err.notice,
        )
        answer = Response(body, status=410, mimetype="text/html")
    answer.headers["Link"] = f'<{err.notice}>; rel="alternate"'
    answer.headers["Cache-Control"] = "public, max-age=300"
    return answer


def register(server: Flask) -> None:
    server.register_error_handler(ReleaseWithdrawn, response)
