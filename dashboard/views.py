"""The pattern every filtered page follows: a heading, the filter bar, and a content
area rebuilt from the filters by one callback, which also writes them to the URL."""
from __future__ import annotations

import functools
from collections.abc import Callable

import dash
from dash import Input, Output, callback, html, no_update

from dashboard import components, filters, queries, state


def context() -> dict:
    """What every page needs: engine, live release and the published dimensions."""
    engine, release = state.engine(), state.release()
    rid = int(release["release_id"])
    return {
        "engine": engine,
        "release": release,
        "release_id": rid,
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
# Built page contents kept per (app settings, release, filter values): most of a
# callback's time is building plotly figures, and a release never changes.
CONTENT_CACHE_SIZE = 512


def filtered_page(page: str, *, title: str, intro: str, content: Callable[[dict, dict], list], keys: tuple[str, ...] = filters.KEYS):
    """Register the page's callback and return its layout function."""

    @functools.lru_cache(maxsize=CONTENT_CACHE_SIZE)
    def cached_content(_settings, _release_id: int, frozen: tuple) -> tuple[list, dict]:
        # The settings (mode and database URL) are part of the key, so two apps in one
        # process never share contents; the release id makes a new release draw afresh.
        values = dict(frozen)
        with components.recording_charts(page=page, query=filters.query_string({k: values[k] for k in keys})) as charts:
            built = content(context(), values)
        return built, charts

    def build(ctx: dict, values: dict) -> list:
        return cached_content(state.settings(), ctx["release_id"], tuple(sorted(values.items())))[0]

    def charts(params: dict) -> dict:
        """The chart records (title, table data) of the page drawn with these filters."""
        ctx = context()
        values = filters.clean(params, programmes=ctx["programmes"], periods=ctx["periods"], boroughs=ctx["boroughs"])
        return cached_content(state.settings(), ctx["release_id"], tuple(sorted(values.items())))[1]

    PAGES[page] = charts

    @callback(
        Output(f"{page}-content", "children"),
        Output("page-query", "data", allow_duplicate=True),
        *([Output(f"{page}-programme", "options"), Output(f"{page}-programme", "value")] if "programme" in keys else []),
        *[Input(f"{page}-{k}", "value") for k in keys],
        prevent_initial_call=True,
    )
    def update(*chosen):
        if dash.ctx.triggered_id is None:
            # Dash also calls this when the page is first drawn; the layout already has the content.
            return tuple(no_update for _ in range(2 + (2 if "programme" in keys else 0)))
        ctx = context()
        raw = dict(zip(keys, chosen))
        values = filters.clean(raw, programmes=ctx["programmes"], periods=ctx["periods"], boroughs=ctx["boroughs"])
        out = [build(ctx, values), filters.query_string({k: values[k] for k in keys})]
        if "programme" in keys:
            out.append([{"label": lbl, "value": val} for val, lbl in filters.programme_options(ctx["programmes"], area=values["area"])])
            out.append(values["programme"])  # a programme outside the chosen area is reset in the <select> too
        return tuple(out)

    def layout(**params):
        ctx = context()
        values = filters.clean(params, programmes=ctx["programmes"], periods=ctx["periods"], boroughs=ctx["boroughs"])
        return html.Div([
            html.H1(title),
            html.P(intro, className="lead"),
            components.filter_bar(_filter_controls(page, ctx, values, keys)),
            html.Div(build(ctx, values), id=f"{page}-content", **{"aria-live": "polite"}),
        ])

    return layout
