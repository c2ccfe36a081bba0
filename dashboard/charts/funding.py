"""Funding against need by borough: allocations ranked as bars, and need against allocation as a
scatter whose borough labels are placed so that none covers another (place_labels).

Pure, like every figure module: DataFrame first, keyword-only options, `go.Figure` out. Inner and Outer London
differ in pattern or marker shape as well as colour.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.slots import LABELS_FROM
from dashboard.charts.style import BLUE, MIN_TEXT_PX, ORANGE
from dashboard.charts.style import base_layout as _layout


def ranked_funding_figure(
    frame: pd.DataFrame,
    *,
    title: str,
    value: str = "allocation_per_head_gbp",
    x_title: str = "£ per resident",
    per: str = "a head",
) -> go.Figure:
    """An amount per borough (allocation per head, or per unit of need: `value`, "£ ... `per`"), highest first, as
    horizontal bars (33 borough names do not fit under a phone's chart, slanted or not); inner and outer London told
    apart by pattern and legend, not colour alone. Boroughs without the amount are left out."""
    f = frame[frame[value].notna()].sort_values(value, ascending=False)
    fig = go.Figure()
    for group, colour, pattern in (("Inner", BLUE, ""), ("Outer", ORANGE, "/")):
        g = f[f["inner_outer"] == group]
        fig.add_trace(
            go.Bar(
                y=g["borough_name"],
                x=g[value],
                orientation="h",
                name=f"{group} London",
                marker_color=colour,
                marker_pattern_shape=pattern,
                hovertemplate="%{y}: £%{x:,.2f} " + per + "<extra>" + group + " London</extra>",
            )
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(f["borough_name"]),
        autorange="reversed",
        type="category",
        tickfont={"size": 12},
    )
    _layout(fig, title=title, x_title=x_title, height=max(300, 20 * len(f) + 130))
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": 1.0, "x": 0, "xanchor": "left", "yanchor": "bottom"},
        margin={"l": 10, "t": 60},
        bargap=0.25,
    )
    return fig


# The scatter's borough labels are placed for a plot of about this size (px, inside the margins):
# the chart's card on a laptop screen. Narrower screens may see some labels touch, so the page hides them below a
# laptop's width (assets/10-dashboard.css) and a narrower picture leaves them off (slots.LABELS_FROM).
LABEL_AREA_PX = (820, 440)
LABEL_CHAR_PX, LABEL_HEIGHT_PX, MARKER_RADIUS_PX = 6.2, 13, 6  # 11 px text (style.MIN_TEXT_PX)
# Above or below a marker first, then beside it, then starting at it, above or below: so that an outlier at the
# plot's left edge still finds a place. Not ending at it: text to a marker's lower left reads as another's label.
LABEL_POSITIONS = ("top center", "bottom center", "middle right", "middle left", "top right", "bottom right")
Box = tuple[float, float, float, float]  # (left, top, right, bottom) in pixels, y down


def _label_box(px: float, py: float, width: float, position: str) -> Box:
    """(left, top, right, bottom) in pixels, y down, of a label at `position` around a marker at (px, py)."""
    gap, h = MARKER_RADIUS_PX + 1, LABEL_HEIGHT_PX
    if position == "top center":
        return px - width / 2, py - gap - h, px + width / 2, py - gap
    if position == "bottom center":
        return px - width / 2, py + gap, px + width / 2, py + gap + h
    if position == "middle right":
        return px + gap, py - h / 2, px + gap + width, py + h / 2
    if position == "middle left":
        return px - gap - width, py - h / 2, px - gap, py + h / 2
    top = py - gap - h if position == "top right" else py + gap
    return px, top, px + width, top + h


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    x: pd.Series, y: pd.Series, names: pd.Series, *, x_range: tuple[float, float], y_range: tuple[float, float]
) -> tuple[list[str], list[str]]:
    """Labels that do not overlap each other, any marker or the plot's edge: the text and position of
    each point, "" where no place is free (its name is still in the hover and the table). The most
    outlying points are placed first, as they are the ones a reader looks for."""
    w, h = LABEL_AREA_PX
    px = (x - x_range[0]) / (x_range[1] - x_range[0]) * w
    py = (1 - (y - y_range[0]) / (y_range[1] - y_range[0])) * h
    r = MARKER_RADIUS_PX
    taken = [(a - r, b - r, a + r, b + r) for a, b in zip(px, py)]
    distance = (px - px.mean()) ** 2 + (py - py.mean()) ** 2
    order = sorted(range(len(x)), key=lambda i: -distance.iloc[i])
    texts, positions = [""] * len(x), ["top center"] * len(x)
    for i in order:
        width = LABEL_CHAR_PX * len(str(names.iloc[i]))
        for position in LABEL_POSITIONS:
            box = _label_box(px.iloc[i], py.iloc[i], width, position)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= w and box[3] <= h
            if inside and not any(_overlaps(box, other) for other in taken):
                texts[i], positions[i] = str(names.iloc[i]), position
                taken.append(box)
                break
    return texts, positions


def funding_need_scatter(
    frame: pd.DataFrame,
    *,
    title: str,
    x: str = "need_per_10k",
    x_title: str = "need per 10,000 residents",
    x_hover: str = "per 10,000",
) -> go.Figure:
    """Need per resident (`x`) against allocation per head; boroughs are labelled where a label fits without covering
    another (place_labels), and every one has a hover. Boroughs without both figures are left out."""
    f = frame[frame["allocation_per_head_gbp"].notna() & frame[x].notna()].reset_index(drop=True)
    # A scatter needs no zero line: its axes span the data, with room for the labels at the edges.
    x_range, y_range = (
        (_padded(f[x], 0.08), _padded(f["allocation_per_head_gbp"], 0.12)) if len(f) else ((0, 1), (0, 1))
    )
    texts, positions = place_labels(
        f[x], f["allocation_per_head_gbp"], f["borough_name"], x_range=x_range, y_range=y_range
    )
    f = f.assign(label=texts, label_position=positions)
    fig = go.Figure()
    for group, colour, symbol in (("Inner", BLUE, "circle"), ("Outer", ORANGE, "diamond")):
        g = f[f["inner_outer"] == group]
        fig.add_trace(
            go.Scatter(
                x=g[x],
                y=g["allocation_per_head_gbp"],
                mode="markers+text",
                name=f"{group} London",
                text=g["label"],
                textposition=list(g["label_position"]),
                textfont={"size": MIN_TEXT_PX},
                customdata=g["borough_name"],
                marker={"color": colour, "symbol": symbol, "size": 9},
                hovertemplate="%{customdata}: %{x:.1f} " + x_hover + ", £%{y:,.2f} a head<extra></extra>",
            )
        )
    _layout(fig, title=title, x_title=x_title, y_title="£ per resident", height=520)
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
        meta={LABELS_FROM: LABEL_AREA_PX[0] + 80},  # the plot's width and its margins, with the y axis's labels
    )
    fig.update_xaxes(range=list(x_range))
    fig.update_yaxes(range=list(y_range), rangemode="normal")
    return fig


def _padded(values: pd.Series, share: float) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    pad = (high - low) * share or abs(high) * share or 1.0
    return low - pad, high + pad
