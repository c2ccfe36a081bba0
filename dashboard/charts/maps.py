"""The borough maps: a choropleth of the bundled boundaries and the London Squared tile map.

The choropleth is plotly's SVG `choropleth` trace on a geo subplot with every base layer
off, not `choroplethmap`: that trace carries maplibre-gl, which was more than half of the
trimmed plotly.js bundle (3.07 MB minified, 914 KB gzipped with it; 1.52 MB, 501 KB with
the SVG trace). The boroughs come from the GeoJSON given (`featureidkey`) and no base
layer is drawn; plotly.js 4.1 still asks for a world topojson for any GeoJSON trace, and gets an
empty one from this site (assets/plotly-geo.js, assets/topojson/), never from plotly's CDN.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from dashboard.charts.slots import PLOT_ASPECT
from dashboard.charts.style import MIN_TEXT_PX, SEQUENTIAL
from dashboard.charts.style import base_layout as _layout
from dashboard.data.vocabulary import SUPPRESSED

SUPPRESSED_FILL = "#d9d9d9"
BOUNDARY = {"width": 0.8, "color": "#333"}
# A map's height: on a desk its plot is about 500 px high, so London is drawn about 640 px wide, each borough large
# enough to tell apart; a narrower picture is drawn no taller than the map needs (slots.picture_height).
MAP_HEIGHT = 600
MAP_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 70}  # the colour bar lies in the bottom margin
BOUNDS_PAD = 0.02  # of the boroughs' span, on each side


def _colorbar(value_title: str) -> dict:
    """Under the map, across its width: a bar at the side takes a third of a phone's screen."""
    return {
        "title": {"text": value_title, "side": "top"},
        "orientation": "h",
        "thickness": 12,
        "len": 1,
        "x": 0.5,
        "xanchor": "center",
        "y": -0.02,
        "yanchor": "top",
    }


def _points(coordinates: Any) -> Iterator[tuple[float, float]]:
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates[0], coordinates[1]
        return
    for part in coordinates or ():
        yield from _points(part)


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def bounds(geojson: dict) -> tuple[tuple[float, float], tuple[float, float], float] | None:
    """The (longitude, latitude) ranges that hold every feature with a little room, and their width over their height
    as the Mercator projection draws them; None for a GeoJSON with no coordinates."""
    points = [p for f in geojson.get("features", []) for p in _points((f.get("geometry") or {}).get("coordinates"))]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    pad_lon, pad_lat = (max(lons) - min(lons)) * BOUNDS_PAD, (max(lats) - min(lats)) * BOUNDS_PAD
    lon = (min(lons) - pad_lon, max(lons) + pad_lon)
    lat = (min(lats) - pad_lat, max(lats) + pad_lat)
    aspect = math.radians(lon[1] - lon[0]) / (_mercator_y(lat[1]) - _mercator_y(lat[0]))
    return lon, lat, aspect


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
            colorbar=_colorbar(value_title),
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
    fig.update_geos(visible=False, projection={"type": "mercator"}, bgcolor="white")
    span = bounds(geojson)
    if span:
        # The geo plot takes the shape of these ranges (fitbounds would leave it square, London drawn in its middle
        # with empty bands above and below).
        lon, lat, aspect = span
        fig.update_geos(fitbounds=False, lonaxis_range=list(lon), lataxis_range=list(lat))
        fig.update_layout(meta={PLOT_ASPECT: aspect})
    else:
        fig.update_geos(fitbounds="locations")
    _layout(fig, title=title, height=MAP_HEIGHT)
    # No dragging or zooming: a finger on the map must scroll the page (the tile view shows small boroughs larger).
    fig.update_layout(margin=MAP_MARGIN, dragmode=False)
    return fig


def _text_colours(values: pd.Series) -> list[str]:
    """White text on the darker half of the colour scale, near-black on the lighter half (contrast above 4.5:1)."""
    top = float(values.max()) if len(values) and values.max() == values.max() else 1.0
    return ["#ffffff" if top and v / top > 0.55 else "#111111" for v in values.fillna(0)]


# London Squared's grid: 8 columns and 7 rows of tiles, each TILE of a grid step wide.
TILE_COLUMNS, TILE_ROWS, TILE = 8, 7, 0.92
TILE_RANGE_X, TILE_RANGE_Y = (-0.6, TILE_COLUMNS - 0.4), (TILE_ROWS - 0.4, -0.6)  # row 0 at the top


def tile_map_figure(frame: pd.DataFrame, *, title: str, value: str, value_title: str) -> go.Figure:
    """London Squared: one equal square per borough, so small central boroughs stay visible. The squares are shapes
    on the axes, so they grow and shrink with the chart (a phone's as a desk's), and the colour bar lies under them."""
    f = frame.copy()
    shown = f["status"] != SUPPRESSED
    top = float(f.loc[shown, value].max()) if shown.any() else 1.0
    top = top if top == top and top > 0 else 1.0
    scale = plotly.colors.make_colorscale(SEQUENTIAL)
    fills = np.where(
        shown,
        plotly.colors.sample_colorscale(scale, [min(max(v / top, 0.0), 1.0) for v in f[value].fillna(0)]),
        SUPPRESSED_FILL,
    )
    label = np.where(
        shown,
        f["ls_abbrev"].str.upper() + "<br>" + f[value].map(lambda v: f"{v:,.1f}" if pd.notna(v) else ""),
        f["ls_abbrev"].str.upper() + "<br>[c]",
    )
    half = TILE / 2
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": col - half,
            "x1": col + half,
            "y0": row - half,
            "y1": row + half,
            "fillcolor": fill,
            "line": {"width": 1, "color": "#333"},
            "layer": "below",
        }
        for col, row, fill in zip(f["ls_col"], f["ls_row"], fills)
    ]
    colours = np.where(shown, _text_colours(f[value].where(shown)), "#111111")
    fig = go.Figure(
        [
            go.Scatter(
                x=f["ls_col"],
                y=f["ls_row"],
                mode="text",
                text=label,
                textfont={"size": MIN_TEXT_PX, "color": list(colours)},
                customdata=np.stack([f["borough_name"], np.where(shown, f[value].map("{:,.1f}".format), "[c]")], -1),
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
                showlegend=False,
            ),
            # The colour bar, under the tiles across the chart's width, as the choropleth's.
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                hoverinfo="skip",
                showlegend=False,
                marker={
                    "color": [0],
                    "cmin": 0,
                    "cmax": top,
                    "colorscale": SEQUENTIAL,
                    "showscale": True,
                    "colorbar": _colorbar(value_title),
                },
            ),
        ]
    )
    _layout(fig, title=title, height=MAP_HEIGHT)
    fig.update_xaxes(visible=False, range=list(TILE_RANGE_X), fixedrange=True)
    fig.update_yaxes(visible=False, range=list(TILE_RANGE_Y), scaleanchor="x", fixedrange=True)
    aspect = (TILE_RANGE_X[1] - TILE_RANGE_X[0]) / (TILE_RANGE_Y[0] - TILE_RANGE_Y[1])
    fig.update_layout(shapes=shapes, margin=MAP_MARGIN, dragmode=False, meta={PLOT_ASPECT: aspect})
    return fig
