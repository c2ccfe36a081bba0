"""How a chart is put on a page: first as a picture, then as the interactive plotly chart, so that a phone shows it
before plotly.js has loaded.

plotly.js is most of a chart page's weight: 0.5 MB compressed and one to two seconds of a
phone's main thread before anything can be tapped (Lighthouse's mobile preset). A public
chart page therefore first shows each chart as the server's SVG picture of it
(/image/<page>/<chart>.svg?size=card&width=N: dashboard/exports/images.py, cached per release and
drawn ahead for the default views), in a button the size of the chart. The picture is drawn at the
width of the card it fills (dashboard/charts/slots.py): a <picture> with a source per width, each
chosen by the screen widths at which the card is that wide, so its text shows at its own size.
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

from dashboard.charts import slots, style
from dashboard.data import state

BOX, FACADE, FIGURE = "chart-box", "chart-facade", "chart-figure"
# The screen whose picture is the <img>'s own: one no source matches (none, as the sources cover every width).
FALLBACK_SCREEN_PX = 1280
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


def picture_url(image_path: str, *, width: int) -> str:
    """The chart's picture `width` px wide, from its image path and the view's query
    ("/image/reach/reach-trend?x=1")."""
    path, _, query = image_path.partition("?")
    kept = [part for part in query.split("&") if part and part.split("=", 1)[0] not in NOT_FOR_IMAGES]
    return f"{path}.svg?" + "".join(f"{part}&" for part in kept) + f"size=card&width={width}"


def picture(image_path: str, *, layout: dict, slot: slots.Slot, alt: str = "") -> html.Picture:
    """The chart's pictures for its slot: a source per width, each with its size (data-width and data-height: Dash's
    html.Source has no width and height, and the first paint writes these as the attributes they stand for, so the
    browser keeps each picture's space before it has loaded), and the picture of a laptop's screen as the <img>."""
    sources = [
        html.Source(
            media=media,
            srcSet=picture_url(image_path, width=width),
            **{"data-width": str(width), "data-height": str(slots.picture_height(layout, width))},
        )
        for width, media in slots.media(slot)
    ]
    width = slots.at(slot, FALLBACK_SCREEN_PX)
    height = slots.picture_height(layout, width)
    return html.Picture(
        [*sources, html.Img(src=picture_url(image_path, width=width), alt=alt, width=str(width), height=str(height))]
    )


# A small trend outside a chart card (the home page's headline figures): a line without words, so one width serves
# every screen (one of slots.WIDTHS, so the image route draws it), scaled to its card.
TREND_WIDTH = 360


def trend_picture(image_path: str, *, layout: dict) -> html.Picture:
    """A small trend's picture, TREND_WIDTH wide; its height follows the width it is shown at."""
    img = html.Img(
        src=picture_url(image_path, width=TREND_WIDTH),
        alt="",
        width=str(TREND_WIDTH),
        height=str(slots.picture_height(layout, TREND_WIDTH)),
        className="chart-picture",
    )
    return html.Picture([img])


def graph(*, graph_id: str, figure, described: dict, image_path: str | None, slot: slots.Slot = slots.FULL):
    """The chart's place on the page: the interactive chart, or its picture until a reader reaches for it."""
    height = style.height(figure)
    if image_path is None or _internal():
        return html.Div(
            dcc.Graph(id=graph_id, figure=figure, config=config(graph_id), className="chart"),
            style={"minHeight": f"{height}px"},
            **described,
        )
    layout = figure.layout.to_plotly_json() if hasattr(figure, "layout") else dict(figure.get("layout") or {})
    # Until its picture has loaded, the box holds the least height a picture takes (a picture is only ever scaled up).
    box = {"minHeight": f"{min(slots.picture_height(layout, width) for width in slots.widths(slot))}px"}
    name = described.get("aria-label") or "the chart"
    facade = html.Button(
        [picture(image_path, layout=layout, slot=slot)],
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


# The interactive chart in the picture's place, once (n_clicks is set by a click or by assets/chart-facade.js). A map
# is drawn no taller than it needs at the width of its picture's button, as its picture is (slots.picture_height).
dash.clientside_callback(
    """function (clicks, figure, id) {{
        // Once: a hover and then a click both set n_clicks, and the second must not draw the chart again.
        if (!clicks || !figure || document.getElementById(id.graph)) {{ return window.dash_clientside.no_update; }}
        var config = {config};
        config.toImageButtonOptions = {{filename: id.graph}};
        var layout = figure.layout || {{}}, aspect = (layout.meta || {{}})[{aspect}];
        var button = document.querySelector('#react-entry-point button.chart-facade[data-graph="' + id.graph + '"]');
        if (aspect && button && button.clientWidth) {{
            var m = layout.margin || {{}}, pick = function (v, d) {{ return v === undefined ? d : v; }};
            var fitted = Math.round((button.clientWidth - pick(m.l, 80) - pick(m.r, 80)) / aspect)
                + pick(m.t, 100) + pick(m.b, 80);
            if (fitted < (layout.height || 450)) {{
                figure = Object.assign({{}}, figure, {{layout: Object.assign({{}}, layout, {{height: fitted}})}});
            }}
        }}
        return {{type: "Graph", namespace: "dash_core_components",
                props: {{id: id.graph, figure: figure, config: config, className: "chart"}}}};
    }}""".format(
        config=json.dumps({k: v for k, v in config("").items() if k != "toImageButtonOptions"}),
        aspect=json.dumps(slots.PLOT_ASPECT),
    ),
    Output({"type": BOX, "graph": MATCH}, "children"),
    Input({"type": FACADE, "graph": MATCH}, "n_clicks"),
    State({"type": FIGURE, "graph": MATCH}, "data"),
    State({"type": FIGURE, "graph": MATCH}, "id"),
    prevent_initial_call=True,
)
