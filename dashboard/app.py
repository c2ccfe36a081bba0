"""The Dash app factory. `create_app(mode)` builds the app; `server` is the Flask
server gunicorn runs (see Procfile), created on first access from the environment."""

from __future__ import annotations

import functools
from html import escape as html_escape
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask
from dash import Input, Output, dcc, html
from flask import abort, request
from flask_compress import Compress

from dashboard import api, pages
from dashboard.access import auth, caching, guards, security, urls
from dashboard.api import feeds
from dashboard.data import cache, db, queries, state
from dashboard.exports import datapackage, downloads, embeds, images, share
from dashboard.internal import release_actions
from dashboard.internal import routes as internal_routes
from dashboard.pages import lookups, not_found, registry
from dashboard.register import committee_report, giving360, openreferral
from dashboard.settings import Settings, from_environment
from dashboard.ui import components, dash_on_demand, errors, first_paint, gone, site

ROOT = Path(__file__).resolve().parents[1]
# plotly.js with only the trace types the dashboard draws (bar, box, scatter, choropleth):
# see docs/performance.md, "plotly.js". Built by scripts/build_plotly_bundle.sh (make does it
# when npm is available); without it the app serves plotly.py's full bundle.
PLOTLY_BUNDLE = Path(__file__).resolve().parent / "vendor" / "plotly-vru.min.js"
HEALTH_PATH = "/healthz"  # for load balancers: says whether the database answers, and no figures


def _shell() -> html.Div:
    """The layout around every page, built per request so the footer shows the live release."""
    settings = state.settings()
    try:
        release = state.release()
    except errors.UNAVAILABLE as err:
        caching.never()  # /_dash-layout drawn during an outage: no cache may keep it after the outage ends
        return html.Div(
            [
                components.header(nav=lookups.navigation(internal=settings.internal), internal=settings.internal),
                html.Main(
                    dbc.Container(
                        [
                            html.H1(errors.TITLE),
                            html.P(errors.MESSAGE),
                            html.P(errors.reason(err).capitalize() + ".", className="text-body-secondary small"),
                        ],
                        className="py-4",
                    ),
                    id="main",
                    className="figures-unavailable",
                ),
            ]
        )
    return html.Div(
        [
            dcc.Store(id="page-query"),
            dcc.Store(id="page-query-synced"),
            components.header(
                nav=lookups.navigation(internal=settings.internal),
                internal=settings.internal,
                csrf_token=auth.csrf_token() if settings.internal else None,
            ),
            html.Main(
                dbc.Container(
                    [components.synthetic_notice(release), dash.page_container], fluid=True, className="py-3"
                ),
                id="main",
                tabIndex="-1",
            ),
            components.footer(release, internal=settings.internal),
        ]
    )


def _index(app: dash.Dash):
    """Dash's index with the requested page as plain HTML beside its app entry (dashboard/ui/first_paint.py),
    the page's own title and its share preview (dashboard/exports/share.py), so the page reads right before
    and without JavaScript; on public pages, with Dash's scripts held back until the reader needs them
    (dashboard/ui/dash_on_demand.py). The first paint and the share preview draw from the request's one
    view of the page (`Page.shown_for`): one release context, one set of cleaned filters."""
    interpolate = app.interpolate_index

    def interpolate_index(**parts):
        if not flask.has_request_context():
            return interpolate(**parts)
        entry, variables = lookups.page_at(app, request.path)
        # Merged as Dash's page router merges them: a query parameter named like a path variable
        # (/programmes/divert?programme_id=x) must not make the call itself fail.
        params = {**variables, **lookups.query_values(request.query_string.decode("latin-1"))}
        title = entry.get("title")
        title = (title(**variables) if callable(title) else title) or app.title
        if not state.settings().internal:  # the same bytes for every reader of the view, as its strong ETag says
            parts["config"] = dash_on_demand.without_page_load_token(parts["config"])
        if entry:
            layout = entry.get("layout", "")
            layout = layout(**params) if callable(layout) else layout
            parts["app_entry"] = first_paint.page_html(_shell(), layout, path=request.path) + parts["app_entry"]
            if not state.settings().internal:  # Dash's scripts load when the reader first needs them
                parts["scripts"] = dash_on_demand.hold_scripts(
                    parts["scripts"], parts["renderer"], prefix=app.config.requests_pathname_prefix
                )
                parts["renderer"] = ""
            parts["title"] = html_escape(title)
        page = entry.get("vru_page")
        parts["metas"] = share.head_tags(app, page, params, path=request.path, page_title=title)
        return interpolate(**parts)

    app.interpolate_index = interpolate_index


def _conditional_pages(app: dash.Dash) -> None:
    """Dash's page routes name their view for the caches (dashboard/access/caching.py): the page's cleaned
    values (`Page.normalised`), so that a reader whose copy is current gets a 304 before anything is drawn."""
    server, prefix = app.server, app.config.routes_pathname_prefix
    for endpoint in (prefix, f"{prefix}<path:path>"):
        view = server.view_functions[endpoint]

        @functools.wraps(view)
        def keyed(*args, _view=view, **kwargs):
            entry, variables = lookups.page_at(app, request.path)
            page = entry.get("vru_page")
            if isinstance(page, pages.Page):
                values = page.normalised({**variables, **lookups.query_values(request.query_string.decode("latin-1"))})
                if unchanged := caching.vary_on(
                    {"page": page.id, **values},
                    pinned=bool(values.get("release")),
                    version=page.version() if page.version else "",
                    daily=page.daily,
                ):
                    return unchanged
            return _view(*args, **kwargs)

        server.view_functions[endpoint] = keyed


def _health():
    """For load balancers: 200 with the live release when the database answers, 503 otherwise."""
    headers = {"Cache-Control": "no-store"}
    try:
        release = queries.live_release(state.engine())
    except errors.UNAVAILABLE as err:
        return (
            {"status": "unavailable", "error": errors.reason(err)},
            503,
            headers | {"Retry-After": str(errors.RETRY_AFTER_SECONDS)},
        )
    except Exception as err:  # any other failure to read is "not healthy" too; the log has the detail
        flask.current_app.logger.exception("health check failed")
        return {"status": "unavailable", "error": type(err).__name__}, 503, headers
    return {"status": "ok", "release_id": int(release["release_id"])}, 200, headers


def _serve_plotly_bundle(app: dash.Dash) -> None:
    """dcc.Graph fetches plotly.js on first use from a fixed address (serve_locally=True);
    this rule without variables wins over Dash's /_dash-component-suites/<package>/<path>."""
    if not PLOTLY_BUNDLE.exists():
        return
    bundle = PLOTLY_BUNDLE.read_bytes()

    def plotly_bundle():
        response = flask.Response(bundle, mimetype="application/javascript")
        response.add_etag()
        response.cache_control.public = True
        response.cache_control.max_age = 86400
        return response.make_conditional(flask.request)

    app.server.add_url_rule(
        f"{app.config.routes_pathname_prefix}_dash-component-suites/plotly/package_data/plotly.min.js",
        "plotly_bundle",
        plotly_bundle,
    )


def create_app(mode: str | None = None, *, settings: Settings | None = None) -> dash.Dash:
    settings = settings or from_environment(mode=mode)
    engine = db.read_only_engine(settings.database_url)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",  # every page is registered from dashboard/pages/registry.py
        assets_folder=str(ROOT / "assets"),
        assets_ignore=r"embed-resize\.js",  # for the pages that embed our charts, not for our own pages
        title=site.SITE,
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        # Dash's own page meta tags (twitter:url, og:image) are built from the request's Host
        # header; share previews must come from VRU_PUBLIC_BASE_URL (dashboard/access/urls.py) instead.
        include_pages_meta=False,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {
                "name": "description",
                "content": "Who London's Violence Reduction Unit programmes help, where, against which targets, and "
                "for how much public money.",
            },
        ],
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en-GB">')
    app.layout = _shell
    _index(app)
    server = app.server
    state.configure(server, settings, engine)
    registry.register(internal=settings.internal)
    cache.configure(server, settings)  # before anything is served: no request sets it up half-way
    urls.refuse_other_hosts(server, settings, exempt=(HEALTH_PATH,))  # a load balancer's probe sends the pod's address
    urls.redirects_stay_on_this_site(server, settings)  # no Location is built from the request's Host
    if settings.internal:
        auth.configure(server, settings)  # refuses to start without VRU_SECRET_KEY (Settings.secret_key)
        internal_routes.register(server)  # the internal API and the image-export audit beacon
        release_actions.register(server)  # submit, approve, reschedule, withdraw, announce; previews recorded
    else:

        @server.before_request
        def _no_internal_routes():
            # Internal routes do not exist in public mode.
            if request.path.startswith(("/internal", "/signin", "/signout")):
                abort(404)

    # After sign-in: in internal mode a visitor who is not signed in is refused (401) before
    # anything about the request's callback is checked or said.
    guards.register(app)
    server.add_url_rule(HEALTH_PATH, "healthz", auth.health_for_visitors(_health) if settings.internal else _health)
    downloads.register(server)
    api.register(server)
    openreferral.register(server)  # the services register as an Open Referral UK feed
    embeds.register(server)
    committee_report.register(server)  # /services/report.csv, .xlsx, .pdf
    giving360.register(server)  # /api/360giving/grants.json
    images.register(server)  # /image/<page>/<chart>.png|svg
    datapackage.register(server)  # /download/<page>/<chart>.zip
    _conditional_pages(app)
    feeds.register(server)  # /releases.atom, /releases.ics
    # Dash's page routes ("" and the catch-all) and embeds answer a database outage with a page.
    prefix = app.config.routes_pathname_prefix
    errors.register(server, page_endpoints=(prefix, f"{prefix}<path:path>", "embed"))
    not_found.register(app, internal=settings.internal)
    gone.register(server)  # a withdrawn release asked for by ?release=: 410 with its notice, on every route
    Compress(server)
    caching.register(server, internal=settings.internal)  # after Compress: its hook must see the ETag set here
    _serve_plotly_bundle(app)
    # Filter state is written to the address bar without a page load (history.replaceState),
    # so reloading or sharing the link restores the view.
    app.clientside_callback(
        """function(search) {
            if (typeof search === 'string' && window.location.search !== search) {
                window.history.replaceState(null, '', window.location.pathname + search);
            }
            return search;
        }""",
        Output("page-query-synced", "data"),
        Input("page-query", "data"),
    )
    security.trust_proxies(server, count=settings.trusted_proxies)
    security.add_headers(server, script_hashes=app.csp_hashes, internal=settings.internal)
    _finish_dash_setup(app)
    return app


def _finish_dash_setup(app: dash.Dash) -> None:
    """Do now what Dash does on the first request (register its script bundles, adopt the pages'
    callbacks, add the page router). Done lazily, two threads' first requests race: the second
    is served before the first has registered "dash", and gets a 500. Done here, a
    threaded worker is safe from its first request, and each app takes its own pages' callbacks."""
    router = [
        f
        for f in app.server.before_request_funcs.get(None, ())
        if getattr(f, "__name__", "") in ("router_sync", "router_async")
    ]
    # The shell reads the release and, in internal mode, the CSRF token: a request context, no real request.
    with app.server.test_request_context("/"):
        app._setup_server()
        for set_up_router in router:
            set_up_router()
        state.engine().dispose()  # no connection kept from setting up: requests open their own


def __getattr__(name: str):
    # gunicorn imports `dashboard.app:server`; build the app only then, not at import time.
    if name == "server":
        return create_app().server
    raise AttributeError(name)
