"""The borough maps: a choropleth of the bundled boundaries and the London Squared tile map.

The choropleth is plotly's SVG `choropleth` trace on a geo subplot with every base layer
off, not `choroplethmap`: that trace carries maplibre-gl, which was more than half of the
trimmed plotly.js bundle (3.07 MB minified, 914 KB gzipped with it; 1.52 MB, 501 KB with
the SVG trace). The boroughs come from the GeoJSON given (`featureidkey`) and no base
layer is drawn; plotly.js 4.1 still asks for a world topojson for any GeoJSON trace, and gets an
empty one from this site (assets/plotly-geo.js, assets/topojson/), never from plotly's CDN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import SEQUENTIAL
from dashboard.charts.style import base_layout as _layout
from dashboard.data.vocabulary import SUPPRESSED

SUPPRESSED_FILL = "#d9d9d9"
BOUNDARY = {"width": 0.8, "color": "#333"}


def choropleth_figure(frame: pd.DataFrame, geojson: dict, *, title: str, value: str, value_title: str) -> go.Figure:
    """Boroughs shaded by `value`; suppressed boroughs in grey, labelled [c] on hover and in the table.
    A click on a borough gives plotly's clickData a point whose `location` is the borough's GSS code."""
    f = frame.copy()
    shown = f["status"] != SUPPRESSED
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            geojson=geojson,
            locations=f.loc[shown, "borough"].tolist(),
            z=f.loc[shown, value].tolist(),
            featureidkey="id",
            colorscale=SEQUENTIAL,
            marker={"line": BOUNDARY},
            # Under the map, across its width: a bar at the side takes a third of a phone's screen.
            colorbar={
                "title": {"text": value_title, "side": "top"},
                "orientation": "h",
                "thickness": 12,
                "len": 1,
                "x": 0.5,
                "xanchor": "center",
                "y": -0.02,
                "yanchor": "top",
            },
            customdata=f.loc[shown, ["borough_name"]].to_numpy().tolist(),
            hovertemplate="%{customdata[0]}: %{z:,.1f}<extra></extra>",
        )
    )
    if (~shown).any():
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                locations=f.loc[~shown, "borough"].tolist(),
                z=[0] * int((~shown).sum()),
                featureidkey="id",
                colorscale=[[0, SUPPRESSED_FILL], [1, SUPPRESSED_FILL]],
                showscale=False,
                marker={"line": BOUNDARY},
                customdata=f.loc[~shown, ["borough_name"]].to_numpy().tolist(),
                hovertemplate="%{customdata[0]}: [c] suppressed<extra></extra>",
            )
        )
    # visible=False turns off every base layer (land, coastlines, frame): nothing to fetch, only the boroughs drawn.
    fig.update_geos(visible=False, fitbounds="locations", projection={"type": "mercator"}, bgcolor="white")
    _layout(fig, title=title, height=460)
    # No dragging or zooming: a finger on the map must scroll the page (the tile view shows small boroughs larger).
    fig.update_layout(margin={"l": 10, "r": 10, "t": 50, "b": 70}, dragmode=False)
    return fig


def _text_colours(values: pd.Series) -> list[str]:
    """White text on the darker half of the colour scale, near-black on the lighter half (contrast above 4.5:1)."""
    top = float(values.max()) if len(values) and values.max() == values.max() else 1.0
    return ["#ffffff" if top and v / top > 0.55 else "#111111" for v in values.fillna(0)]


def tile_map_figure(frame: pd.DataFrame, *, title: str, value: str, value_title: str) -> go.Figure:
    """London Squared: one equal square per borough, so small central boroughs stay visible."""
    f = frame.copy()
    shown = f["status"] != SUPPRESSED
    label = np.where(
        shown,
        f["ls_abbrev"].str.upper() + "<br>" + f[value].map(lambda v: f"{v:,.1f}" if pd.notna(v) else ""),
        f["ls_abbrev"].str.upper() + "<br>[c]",
    )
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=f.loc[shown, "ls_col"],
            y=f.loc[shown, "ls_row"],
            mode="markers+text",
            text=label[shown.to_numpy()],
            marker={
                "symbol": "square",
                "size": 54,
                "color": f.loc[shown, value],
                "colorscale": SEQUENTIAL,
                "showscale": True,
                "line": {"width": 1, "color": "#333"},
                "colorbar": {"title": {"text": value_title}, "thickness": 12},
            },
            textfont={"size": 10, "color": _text_colours(f.loc[shown, value])},
            customdata=f.loc[shown, ["borough_name", value]],
            hovertemplate="%{customdata[0]}: %{customdata[1]:,.1f}<extra></extra>",
        )
    )
    if (~shown).any():
        fig.add_trace(
            go.Scatter(
                x=f.loc[~shown, "ls_col"],
                y=f.loc[~shown, "ls_row"],
                mode="markers+text",
                text=label[(~shown).to_numpy()],
                marker={
                    "symbol": "square",
                    "size": 54,
                    "color": SUPPRESSED_FILL,
                    "line": {"width": 1, "color": "#333"},
                },
                textfont={"size": 10},
                customdata=f.loc[~shown, ["borough_name"]],
                hovertemplate="%{customdata[0]}: [c] suppressed<extra></extra>",
            )
        )
    _layout(fig, title=title, height=480)
    fig.update_xaxes(visible=False, range=[-0.6, 7.6])
    fig.update_yaxes(visible=False, range=[6.6, -0.6], scaleanchor="x")  # row 0 at the top
    return fig
