"""404 for every address that is not a page, file or route of the dashboard.

Dash answers any path with its app (a catch-all route), which then draws "404" in the
browser under a 200: crawlers index it, monitors miss broken links, and `/funding` or
`/download/../../etc/passwd.csv` look like something is there. Here an address no page
matches gets a real 404: under /api/ as JSON, elsewhere a short page with the site's
navigation, the programmes and a services search, in both modes.
"""

from __future__ import annotations

import functools

import dash
from dash import html
from flask import Response, abort, jsonify, request

from dashboard import pages
from dashboard.pages import lookups
from dashboard.ui import documents, site

API_PREFIX = "/api/"
TITLE = "Page not found"
MESSAGE = "There is no page at this address. It may have moved, or the link may be mistyped."


def document(*, internal: bool) -> str:
    return documents.render(
        "not_found.html",
        page_title=site.title(TITLE),
        navigation=lookups.navigation(internal=internal),
        title=TITLE,
        message=MESSAGE,
    )


def _is_page(app: dash.Dash, path: str) -> bool:
    """Whether a page answers `path`; for a page with path variables (/programmes/<programme_id>),
    whether they name something in the release asked for, as its module's `exists(**variables, release=...)` says."""
    found, variables = lookups.page_at(app, path)
    if not found or found["module"] == PAGE.module:
        return False
    if variables and set(variables) & set(request.args):
        # /programmes/divert?programme_id=x: Dash would give the page the query's value in place of the path's.
        abort(
            400,
            description=f"{sorted(set(variables) & set(request.args))[0]} is part of the address; leave it out of the "
            "query string",
        )
    page = lookups.registered(found["module"])
    exists = page.exists if page else None
    pinned = request.args.getlist("release")  # as the page reads it: one ?release= pins, several pin nothing
    return exists(**variables, release=pinned[0] if len(pinned) == 1 else None) if exists and variables else True


def register(app: dash.Dash, *, internal: bool) -> None:
    """Dash's catch-all answers 404 for a path no page matches, and every 404 of the app gets
    the page above (JSON under /api/). Call after errors.register, which wraps the same view."""
    server = app.server
    catchall = f"{app.config.routes_pathname_prefix}<path:path>"
    view = server.view_functions[catchall]

    @functools.wraps(view)
    def pages_only(*args, **kwargs):
        if not _is_page(app, request.path):
            abort(404)
        return view(*args, **kwargs)

    server.view_functions[catchall] = pages_only
    body = document(internal=internal)

    @server.errorhandler(404)
    def _not_found(_err):
        if request.path.startswith(API_PREFIX):
            response = jsonify({"error": f"no such API address: {request.path}", "documentation": "/api/v1/docs"})
            response.status_code = 404
            return response
        return Response(body, status=404, mimetype="text/html")


def layout(**_params):
    """What Dash Pages draws for an address no page matches when the reader gets there inside the app
    (a link followed without a page load); a page load of the same address is the 404 above, in the same words."""
    return html.Div(
        [
            html.H1(TITLE),
            html.P(MESSAGE),
            html.Ul(
                [
                    html.Li(html.A("The overview of the VRU's programmes", href="/")),
                    html.Li([html.A("Every programme", href="/programmes"), ", each with its reach, KPIs and spend"]),
                    html.Li(html.A("How the figures are made", href="/about")),
                    html.Li(html.A("Search the commissioned services", href="/services")),
                ]
            ),
        ]
    )


# Dash Pages draws the page keyed not_found_404 for an unknown address; its own address is itself a 404 (_is_page).
PAGE = pages.Page(id="not-found-404", address="/page-not-found", name=TITLE, draw=layout, in_navigation=False)
