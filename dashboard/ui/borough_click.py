"""A click on a borough of a map chooses it in the page's Borough filter (which then redraws the
page): one helper for every map (geography, services)."""

from __future__ import annotations

from collections.abc import Callable

import dash
import pandas as pd
from dash import Input, Output, no_update

from dashboard.data import release_context


def borough_of(click, boroughs: pd.DataFrame) -> str | None:
    """The GSS code of the borough a plotly clickData names, or None. A map's point carries the code
    as its `location`; a London Squared tile carries the borough's name first in its customdata.
    Anything else (a crafted callback may send any JSON) names no borough."""
    points = click.get("points") if isinstance(click, dict) else None
    first = points[0] if isinstance(points, list) and points else None
    if not isinstance(first, dict):
        return None
    custom = first.get("customdata")
    candidates = [first.get("location"), custom[0] if isinstance(custom, list) and custom else custom]
    codes = set(boroughs["gss_code"])
    by_name = dict(zip(boroughs["name"], boroughs["gss_code"]))
    for candidate in candidates:
        if isinstance(candidate, str) and candidate in codes:
            return candidate
        if isinstance(candidate, str) and candidate in by_name:
            return by_name[candidate]
    return None


def choose_from_map(*, map_id: str, borough_id: str) -> Callable[[], None]:
    """A registration (for Page.callbacks): clicks on `map_id` choose in the select `borough_id`."""

    def register() -> None:
        @dash.callback(Output(borough_id, "value"), Input(map_id, "clickData"), prevent_initial_call=True)
        def chosen(click):
            code = borough_of(click, release_context.for_request().boroughs)
            return code if code else no_update

    return register
