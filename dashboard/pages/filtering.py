"""A filtered page's filters: their values cleaned against the release, their controls, the callback that rebuilds
the page's content and its address when one changes, and the button that copies a link to the view. The page kind
(dashboard/pages/__init__.py) calls these; they read the page only through its own methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

import dash
from dash import Input, Output, State, no_update

from dashboard.data.release_context import ReleaseContext
from dashboard.ui import components, filters

if TYPE_CHECKING:
    from dashboard.pages import Page


def clean_filters(ctx: ReleaseContext, params: dict) -> dict:
    return filters.clean(params, programmes=ctx.programmes, periods=list(ctx.periods), boroughs=ctx.boroughs)


def filter_controls(page: str, ctx: ReleaseContext, values: dict, keys: tuple[str, ...]) -> list:
    makers = {
        "area": lambda: components.select(
            f"{page}-area", label="Priority area", options=filters.area_options(ctx.programmes), value=values["area"]
        ),
        "programme": lambda: components.select(
            f"{page}-programme",
            label="Programme",
            options=filters.programme_options(ctx.programmes, area=values["area"]),
            value=values["programme"],
        ),
        "period": lambda: components.select(
            f"{page}-period", label="Period", options=filters.period_options(list(ctx.periods)), value=values["period"]
        ),
        "borough": lambda: components.select(
            f"{page}-borough", label="Borough", options=filters.borough_options(ctx.boroughs), value=values["borough"]
        ),
        "view": lambda: components.radio(
            f"{page}-view",
            label="Show boroughs as",
            value=values["view"],
            options=[("map", "Map"), ("tiles", "Equal-size tiles (London Squared)")],
        ),
    }
    return [makers[k]() for k in keys]


def register_filter_callback(page: Page) -> None:
    keys, has_programme = tuple(k for k in page.keys if k != page.paging), "programme" in page.keys

    @dash.callback(
        Output(f"{page.id}-content", "children"),
        Output("page-query", "data", allow_duplicate=True),
        Output(f"{page.id}-shown", "data"),
        *(
            [Output(f"{page.id}-programme", "options"), Output(f"{page.id}-programme", "value")]
            if has_programme
            else []
        ),
        *[Input(f"{page.id}-{k}", "value") for k in keys],
        State(f"{page.id}-release", "data"),
        State(f"{page.id}-shown", "data"),
        prevent_initial_call=True,
    )
    def update(*chosen):
        *chosen, pinned, shown = chosen
        given = {**dict(zip(keys, chosen)), "release": pinned}
        if page.paging:  # the list's page stays as shown while nothing else changes, and is the first after a change
            on_page = dict(parse_qsl(str(shown or "").lstrip("?"))).get(page.paging, "")
            if page.query(page.shown_for({**given, page.paging: on_page}).values) == shown:
                return tuple(no_update for _ in range(3 + (2 if has_programme else 0)))
        view = page.shown_for(given)
        ctx, values = view.ctx, view.values
        query = page.query(values)
        if query == shown:
            # Dash also calls this when the page is inserted (its inputs mount with their values,
            # all of them "changed"): the layout already shows these filters, so send nothing.
            return tuple(no_update for _ in range(3 + (2 if has_programme else 0)))
        out = [page.content_for(ctx, values), query, query]
        if has_programme:
            out.append(
                [
                    {"label": lbl, "value": val}
                    for val, lbl in filters.programme_options(ctx.programmes, area=values["area"])
                ]
            )
            out.append(values["programme"])  # a programme outside the chosen area is reset in the <select> too
        return tuple(out)


def register_copy_link(page_id: str) -> None:
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
        Output(f"{page_id}-copy-status", "children"),
        Input(f"{page_id}-copy-link", "n_clicks"),
        prevent_initial_call=True,
    )


def one_value_each(params: dict) -> dict:
    """`params` without the keys whose value is not one piece of text. Dash Pages gives a layout a parameter
    repeated in the query string (?programme=a&programme=b) as a list: that is no value the site offers, so it is
    treated as any unknown value is, and the page shows what it shows when the parameter is left out."""
    return {k: v for k, v in params.items() if isinstance(v, str)}
