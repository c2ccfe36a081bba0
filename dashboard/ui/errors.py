"""The database being down is a condition the app answers and recovers from, not a bug.

While the database cannot be read (PostgreSQL stopped, restarting or unreachable, a SQLite
file gone), pages get a short page saying the figures are unavailable and Dash callbacks,
downloads and the rest a one-line message, all with HTTP 503 and Retry-After, never a
stack trace; the first request after the database is back is served as usual, with no
restart. Every route's failures are translated here, in one place, not page by page.
"""

from __future__ import annotations

import functools

import sqlalchemy as sa
from flask import Flask, Response, current_app, request

from dashboard.data import state
from dashboard.data.db import DatabaseUnavailable
from dashboard.ui import documents, site

# Failures that mean "the database is not there now", not "this code is wrong": connection
# refused or dropped, server shutting down or starting up (OperationalError), a connection
# closed under us (InterfaceError), no pooled connection free in time (TimeoutError).
UNAVAILABLE = (DatabaseUnavailable, sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)
# Seconds a client (or a crawler) should wait before asking again: a database restart
# takes seconds, a failover or maintenance a few minutes.
RETRY_AFTER_SECONDS = 60

TITLE = "The figures are unavailable at the moment"
MESSAGE = "The dashboard cannot read its data just now. Please try again in a few minutes."


def reason(err: Exception) -> str:
    """What went wrong, in words fit for anyone to read: never the database's address or the driver's message."""
    if isinstance(err, sa.exc.TimeoutError):
        return "no database connection was free in time"
    if isinstance(err, DatabaseUnavailable) and not isinstance(err.__cause__, sa.exc.SQLAlchemyError):
        return str(err).splitlines()[0]  # our own words, e.g. "the database has no live release"
    return "the database cannot be reached"


def log_unavailable(err: Exception) -> None:
    """One line, not a traceback: this is an outage to notice, not a bug to debug."""
    detail = str(getattr(err, "orig", None) or err.__cause__ or err).strip().splitlines()
    current_app.logger.warning(
        "database unavailable (%s %s): %s", request.method, request.path, detail[0] if detail else type(err).__name__
    )


def unavailable_response(*, page: bool) -> Response:
    """503 with Retry-After: a page (templates/outage.html) for a browser's page request, one line of text
    otherwise."""
    if page:
        again = request.full_path.rstrip("?")
        body = documents.render(
            "outage.html", page_title=site.title("Figures unavailable"), title=TITLE, message=MESSAGE, again=again
        )
        response = Response(body, status=503, mimetype="text/html")
    else:
        response = Response(f"{TITLE}. {MESSAGE}\n", status=503, mimetype="text/plain")
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"  # no cache may keep the outage after it ends
    return response


def _checked_first(view):
    """A page's view that answers 503 before serving the page when the database cannot be read.

    It reads the live release first (the request's one read of it: dashboard/data/state.py), so
    that an outage is a 503 at once, before any of the page is built, and never a 200 page whose
    content then fails to load in the browser."""

    @functools.wraps(view)
    def checked(*args, **kwargs):
        state.release()  # raises one of UNAVAILABLE while the database is down
        return view(*args, **kwargs)

    return checked


def register(server: Flask, *, page_endpoints: tuple[str, ...]) -> None:
    """Answer every route's database failure with a 503; `page_endpoints` (Dash's page
    routes, embeds) get the HTML page and check the database before serving a page."""
    for endpoint in page_endpoints:
        if endpoint in server.view_functions:
            server.view_functions[endpoint] = _checked_first(server.view_functions[endpoint])

    def handle(err: Exception):
        log_unavailable(err)
        return unavailable_response(page=request.endpoint in page_endpoints)

    for kind in UNAVAILABLE:
        server.register_error_handler(kind, handle)
