"""The pattern every filtered page follows: a heading, the filter bar, and a content
area rebuilt from the filters by one callback, which also writes them to the URL."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import cache, components, filters, queries, state


# Release ids are SQLite and PostgreSQL integers; a longer ?release= names no release (and
# would overflow the bound parameter).
MAX_RELEASE_DIGITS = 18


def _release_number(pinned) -> int | None:
    """The release a ?release= names: ASCII digits only (str.isdigit() also takes "²")."""
    text = str(pinned) if isinstance(pinned, (str, int)) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_RELEASE_DIGITS):
        return None
    return int(text)


def context(pinned: str | None = None) -> dict:
    """What every page needs: engine, release and the published dimensions. The live
    release, unless `pinned` (the ?release= of a permalink) names another that exists."""
    engine = state.engine()
    live = state.release()
    release = live
    number = _release_number(pinned)
    if number not in (None, int(live["release_id"])):
        release = queries.release_by_id(engine, number) or live
    rid = int(release["release_id"])
    return {
        "engine": engine,
        "release": release,
        "release_id": rid,
        "live_release_id": int(live["release_id"]),
        "pinned": rid != int(live["release_id"]),
        "programmes": queries.programmes(engine, rid),
        "periods": queries.periods(engine, rid),
        "boroughs": queries.boroughs(engine, rid),
    }


def _filter_controls(page: str, ctx: dict, values: dict, keys: tuple[str, ...]) -> list:
    makers = {
        "area": lambda: components.select(f"{page}-area", label="Priority area", options=filters.area_options(ctx["programmes"]), value=values["area"]),
        "programme": lambda: components.select(f"{page}-programme", label="Programme",
                                               options=filters.programme_options(ctx["programmes"], area=values["area"]), value=values["programme"]),
        "period": lambda: components.select(f"{page}-period", label="Period", options=filters.period_options(ctx["periods"]), value=values["period"]),
        "borough": lambda: components.select(f"{page}-borough", label="Borough", options=filters.borough_options(ctx["boroughs"]), value=values["borough"]),
        "view": lambda: components.radio(f"{page}-view", label="Show boroughs as", value=values["view"],
                                         options=[("map", "Map"), ("tiles", "Equal-size tiles (London Squared)")]),
    }
    return [makers[k]() for k in keys]


# Page name -> function(filter params) -> the page's chart records, for the download route.
PAGES: dict[str, Callable[[dict], dict]] = {}
# Page name -> function(filter params) -> the filters they apply, cleaned, as a query string
# ("" for none): what downloads, images and embeds print and link to, never the raw request.
QUERIES: dict[str, Callable[[dict], str]] = {}
# Page name -> (the query keys it reads, function(filter params) -> (context, cleaned values)), for the
# routes that refuse filters the page would silently drop (images, data packages: dashboard/view_request.py).
FILTERS: dict[str, tuple[tuple[str, ...], Callable[[dict], tuple[dict, dict]]]] = {}
# Built page contents are cached (dashboard.cache) per release and filter values: most
# of a callback's time is building plotly figures, and a release never changes.


def _clean_filters(ctx: dict, params: dict) -> dict:
    return filters.clean(params, programmes=ctx["programmes"], periods=ctx["periods"], boroughs=ctx["boroughs"])


def filtered_page(page: str, *, title: str, intro: str, content: Callable[[dict, dict], list], keys: tuple[str, ...] = filters.KEYS,
                  clean: Callable[[dict, dict], dict] = _clean_filters, controls: Callable[[dict, dict], list] | None = None,
                  free_text: tuple[str, ...] = (), path: str | None = None):
    """Register the page's callback and return its layout function.

    A page with filters of its own (not priority area, programme, period, borough) gives
    `clean(ctx, params)`, which returns every key's value (known values only), and
    `controls(ctx, values)`, which returns its filter inputs with ids `<page>-<key>`.
    Contents for a value typed into a `free_text` filter are built each time, never cached:
    anyone can send endless distinct words, each of which would take a cache entry (issue 12)."""

    query_keys = (*keys, "release")

    def built(ctx: dict, values: dict) -> tuple[list, dict]:
        """The page's content and chart records for these filters, from dashboard.cache or built now.
        Keyed by release and filters, and by the day: some contents depend on the date (records
        not reviewed for six months, funding rounds open today)."""
        frozen = tuple(sorted(values.items()))

        def draw() -> tuple[list, dict]:
            with components.recording_charts(page=page, query=filters.query_string({k: values.get(k, "") for k in query_keys}),
                                             release=ctx["release"]) as charts:
                content_now = content(ctx, values)
            return content_now, charts

        if any(values.get(k) for k in free_text):
            return draw()
        return cache.memoize(f"content.{page}", (ctx["release_id"], frozen, dt.date.today().isoformat()), draw)

    def build(ctx: dict, values: dict) -> list:
        return built(ctx, values)[0]

    def values_for(ctx: dict, params: dict) -> dict:
        values = clean(ctx, params)
        values["release"] = str(ctx["release_id"]) if ctx["pinned"] else ""
        return values

    def charts(params: dict) -> dict:
        """The chart records (title, table data) of the page drawn with these filters."""
        ctx = context(params.get("release"))
        return built(ctx, values_for(ctx, params))[1]

    def applied(params: dict) -> str:
        ctx = context(params.get("release"))
        values = values_for(ctx, params)
        return filters.query_string({k: values.get(k, "") for k in query_keys})

    PAGES[page] = charts
    QUERIES[page] = applied

    def cleaned(params: dict) -> tuple[dict, dict]:
        ctx = context(params.get("release"))
        return ctx, values_for(ctx, params)

    FILTERS[page] = (query_keys, cleaned)

    @callback(
        Output(f"{page}-content", "children"),
        Output("page-query", "data", allow_duplicate=True),
        Output(f"{page}-shown", "data"),
        *([Output(f"{page}-programme", "options"), Output(f"{page}-programme", "value")] if "programme" in keys else []),
        *[Input(f"{page}-{k}", "value") for k in keys],
        State(f"{page}-release", "data"),
        State(f"{page}-shown", "data"),
        prevent_initial_call=True,
    )
    def update(*chosen):
        *chosen, pinned, shown = chosen
        ctx = context(pinned)
        values = values_for(ctx, dict(zip(keys, chosen)))
        query = filters.query_string({k: values.get(k, "") for k in query_keys})
        if query == shown:
            # Dash also calls this when the page is inserted (its inputs mount with their values,
            # all of them "changed"): the layout already shows these filters, so send nothing.
            return tuple(no_update for _ in range(3 + (2 if "programme" in keys else 0)))
        out = [build(ctx, values), query, query]
        if "programme" in keys:
            out.append([{"label": lbl, "value": val} for val, lbl in filters.programme_options(ctx["programmes"], area=values["area"])])
            out.append(values["programme"])  # a programme outside the chosen area is reset in the <select> too
        return tuple(out)

    dash.clientside_callback(
        """function(n) {
            if (!n) { return window.dash_clientside.no_update; }
            var url = window.location.href;
            if (navigator.clipboard && window.isSecureContext) {
                return navigator.clipboard.writeText(url).then(function () { return "Link copied: " + url; },
                                                             function () { return "Copy this link: " + url; });
            }
            return "Copy this link: " + url;
        }""",
        Output(f"{page}-copy-status", "children"),
        Input(f"{page}-copy-link", "n_clicks"),
        prevent_initial_call=True,
    )

    def layout(**params):
        ctx = context(params.get("release"))
        values = values_for(ctx, params)
        return html.Div([
            html.H1(title),
            components.pinned_notice(ctx["release"], live_release_id=ctx["live_release_id"], path=path or (f"/{page}" if page != "overview" else "/"))
            if ctx["pinned"] else None,
            html.P(intro, className="lead"),
            components.filter_bar(controls(ctx, values) if controls else _filter_controls(page, ctx, values, keys)),
            components.copy_link(page),
            dcc.Store(id=f"{page}-release", data=values["release"]),
            # The filters the content shows now, so the callback can tell a real change from the page being inserted.
            dcc.Store(id=f"{page}-shown", data=filters.query_string({k: values.get(k, "") for k in query_keys})),
            html.Div(build(ctx, values), id=f"{page}-content", **{"aria-live": "polite"}),
        ])

    return layout
