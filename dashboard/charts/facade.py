"""How a chart is put on a page: first as a picture, then as the interactive plotly chart, so that a phone shows it
before plotly.js has loaded.

plotly.js is most of a chart page's weight: 0.5 MB compressed and one to two seconds of a
phone's main thread before anything can be tapped (Lighthouse's mobile preset). A public
chart page therefore first shows each chart as the server's SVG picture of it
(/image/<page>/<chart>.svg?size=card, or size=card-narrow on a phone: dashboard/exports/images.py,
cached per release and drawn ahead for the default views), in a button the size of the chart.
Pointing at it, tapping it or moving the keyboard focus to it puts the interactive dcc.Graph
in its place (the clientside callback below), and only then does Dash fetch plotly.js. The
chart keeps its space throughout (no layout shift); its summary for screen readers, its
table and its downloads are the card's and do not change. The "Save as image" buttons
draw the chart first (assets/chart-facade.js). Internal pages, used on office desktops,
draw the interactive chart at once.
"""

from __future__ import annotations

import json

import dash
from dash import MATCH, Input, Output, State, dcc, html
from flask import has_app_context

from dashboard.charts import figures
from dashboard.data import state

BOX, FACADE, FIGURE = "chart-box", "chart-facade", "chart-figure"
# A phone's card is about 300 to 380 px wide: its picture is drawn at that width, so its text is the page's size.
NARROW_MEDIA = "(max-width: 575.98px)"
# The widths the wide and the narrow picture are drawn at (dashboard/exports/images.py, size=card and card-narrow).
WIDE_WIDTH, NARROW_WIDTH = 900, 360
# The image route refuses search words (they never change a chart): the services map's picture goes without them.
NOT_FOR_IMAGES = ("q", "postcode")
# Where plotly's geo would fetch a world topojson from: this site, never cdn.plot.ly. The maps draw no base layer,
# so nothing is fetched (dashboard/charts/maps.py); this is a second guard.
TOPOJSON_URL = "/assets/topojson/"


def config(graph_id: str) -> dict:
    return {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"filename": graph_id},
        "topojsonURL": TOPOJSON_URL,
    }


def _internal() -> bool:
    # A chart is also built outside a request (tests, the image warmer): then it is a public one.
    return has_app_context() and state.settings().internal


def picture_urls(image_path: str) -> tuple[str, str]:
    """The wide and the narrow picture of a chart, from its image path and the view's query
    ("/image/reach/reach-trend?x=1")."""
    path, _, query = image_path.partition("?")
    kept = [part for part in query.split("&") if part and part.split("=", 1)[0] not in NOT_FOR_IMAGES]
    base = f"{path}.svg?" + "".join(f"{part}&" for part in kept)
    return base + "size=card", base + "size=card-narrow"


def picture(image_path: str, *, height: int, alt: str = "", width: int | None = None, narrow: bool = False):
    """A chart's server-drawn picture: the wide one, or the narrow one on a phone (or everywhere, with `narrow`, for a
    picture never shown wider than a phone's card). With `width` (the width it is drawn at) its height follows the
    width it is shown at; without, it is `height` px tall."""
    wide, narrow_url = picture_urls(image_path)
    if width:
        img = html.Img(
            src=narrow_url if narrow else wide, alt=alt, width=str(width), height=str(height), className="chart-picture"
        )
    else:
        img = html.Img(src=wide, alt=alt, width="100%", height=str(height), style={"height": f"{height}px"})
    if narrow:
        return html.Picture([img])
    return html.Picture([html.Source(media=NARROW_MEDIA, srcSet=narrow_url), img])


def graph(*, graph_id: str, figure, described: dict, image_path: str | None):
    """The chart's place on the page: the interactive chart, or its picture until a reader reaches for it."""
    height = figures.height(figure)
    box = {"minHeight": f"{height}px"}
    if image_path is None or _internal():
        return html.Div(
            dcc.Graph(id=graph_id, figure=figure, config=config(graph_id), className="chart"), style=box, **described
        )
    name = described.get("aria-label") or "the chart"
    facade = html.Button(
        [picture(image_path, height=height)],
        id={"type": FACADE, "graph": graph_id},
        type="button",
        n_clicks=0,
        className="chart-facade",
        **{"aria-label": f"Show the interactive chart: {name}", "data-graph": graph_id},
    )
    return html.Div(
        [facade, dcc.Store(id={"type": FIGURE, "graph": graph_id}, data=figure)],
        id={"type": BOX, "graph": graph_id},
        className="chart-box",
        style=box,
        tabIndex="-1",
        **described,
    )


# The interactive chart in the picture's place, once (n_clicks is set by a click or by assets/chart-facade.js).
dash.clientside_callback(
    """function (clicks, figure, id) {{
        // Once: a hover and then a click both set n_clicks, and the second must not draw the chart again.
        if (!clicks || !figure || document.getElementById(id.graph)) {{ return window.dash_clientside.no_update; }}
        var config = {};
        config.toImageButtonOptions = {{filename: id.graph}};
        return {{type: "Graph", namespace: "dash_core_components",
                props: {{id: id.graph, figure: figure, config: config, className: "chart"}}}};
    }}""".format(json.dumps({k: v for k, v in config("").items() if k != "toImageButtonOptions"})),
    Output({"type": BOX, "graph": MATCH}, "children"),
    Input({"type": FACADE, "graph": MATCH}, "n_clicks"),
    State({"type": FIGURE, "graph": MATCH}, "data"),
    State({"type": FIGURE, "graph": MATCH}, "id"),
    prevent_initial_call=True,
)
