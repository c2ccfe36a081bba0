"""Figures: pure functions, DataFrame first, keyword-only options, `go.Figure` out.

No database, no Dash. Suppressed cells (status 'c') are never drawn as zero: they
are left out of bars and lines and marked "[c]" where they would be. Colours are
from the Okabe-Ito colour-blind-safe palette, and nothing is shown by colour alone.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.slots import LABELS_FROM
from dashboard.charts.style import (
    BLUE,
    CATEGORY_CHARS,
    GREEN,
    GREY,
    MIN_TEXT_PX,
    ORANGE,
    RAG_COLOURS,
    SKY,
    text_px,
    wrap,
)
from dashboard.charts.style import base_layout as _layout
from dashboard.data.vocabulary import RAG_WORDS, SUPPRESSED


def height(figure: go.Figure | dict[str, Any] | None) -> int:
    """The height a figure is drawn at (a go.Figure or its dict): its own, or plotly's default of 450 px."""
    if figure is None:
        return 450
    layout = figure.get("layout", {}) if isinstance(figure, dict) else figure.layout.to_plotly_json()
    return int(layout.get("height") or 450)


def _suppressed_note(frame: pd.DataFrame) -> str:
    n = int((frame["status"] == SUPPRESSED).sum())
    return f"{n} value{'s' if n != 1 else ''} shown as [c] are suppressed to protect individuals" if n else ""


QUARTER = re.compile(r"^(?P<year>\d{4}-\d{2}) Q(?P<q>[1-4])$")
PHONE_PLOT_PX = 260  # a phone's chart less its margins: where the period labels must fit side by side


def period_ticks(periods: list[str]) -> dict[str, Any]:
    """Tick labels for bars over periods that fit side by side on a phone: quarters are labelled by
    financial year at their first quarter; where even those do not fit, every second (third...) one."""
    quarters = [QUARTER.match(str(p)) for p in periods]
    if periods and all(quarters):
        marks = [(p, m["year"]) for p, m in zip(periods, quarters) if m and (m["q"] == "1" or p == periods[0])]
        marks = list({year: (p, year) for p, year in reversed(marks)}.values())[
            ::-1
        ]  # one label a year, at its first quarter shown
    else:
        marks = [(p, str(p)) for p in periods]
    step = max(1, math.ceil(len(marks) * text_px([t for _, t in marks]) / PHONE_PLOT_PX))
    shown = marks[::-1][::step][::-1]  # the latest period is always labelled
    return {"tickmode": "array", "tickvals": [p for p, _ in shown], "ticktext": [t for _, t in shown]}


def trend_figure(frame: pd.DataFrame, *, title: str, y_title: str, x: str = "period", colour: str = BLUE) -> go.Figure:
    """Bars over periods; a suppressed period has no bar and a "[c]" label on the axis line."""
    shown = frame[frame["status"] != SUPPRESSED]
    hidden = frame[frame["status"] == SUPPRESSED]
    fig = go.Figure(
        go.Bar(
            x=shown[x],
            y=shown["value"],
            marker_color=colour,
            name=y_title,
            hovertemplate="%{x}: %{y:,}<extra></extra>",
            text=shown["value"].map("{:,.0f}".format),
            textposition="outside",
            cliponaxis=False,
        )
    )
    if len(hidden):
        fig.add_trace(
            go.Scatter(
                x=hidden[x],
                y=[0] * len(hidden),
                mode="text",
                text=["[c]"] * len(hidden),
                textposition="top center",
                hovertemplate="%{x}: [c] suppressed<extra></extra>",
                name="suppressed",
            )
        )
    fig.update_xaxes(
        categoryorder="array",
        categoryarray=list(frame[x]),
        type="category",
        tickangle=0,
        **period_ticks(list(frame[x])),
    )
    note = _suppressed_note(frame)
    _layout(fig, title=title, y_title=y_title)
    if note:
        fig.add_annotation(
            text=note,
            xref="paper",
            yref="paper",
            x=0,
            y=-0.22,
            showarrow=False,
            xanchor="left",
            font={"size": 11, "color": GREY},
        )
        fig.update_layout(margin={"b": 80})
    return fig


def breakdown_figure(
    frame: pd.DataFrame, *, title: str, x_title: str, order: list[str] | None = None, labels: dict | None = None
) -> go.Figure:
    """Horizontal bars by category; suppressed categories are labelled "[c]" with no bar."""
    f = frame.copy()
    f["label"] = [wrap((labels or {}).get(c, c), CATEGORY_CHARS) for c in f["category"]]
    if order:
        rank = {c: i for i, c in enumerate(order)}
        f = f.sort_values("category", key=lambda s: s.map(rank).fillna(len(rank)))
    shown = f["status"] != SUPPRESSED
    values = f["value"].where(shown, 0).fillna(0)
    text = np.where(shown, f["value"].map(lambda v: f"{v:,.0f}" if pd.notna(v) else ""), "[c]")
    fig = go.Figure(
        go.Bar(
            y=f["label"],
            x=values,
            orientation="h",
            marker_color=ORANGE,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(range=[0, max(float(values.max()), 1.0) * 1.02])
    height = max(260, 28 * len(f) + 14 * sum(label.count("<br>") for label in f["label"]) + 110)
    _layout(fig, title=title, x_title=wrap(x_title, CATEGORY_CHARS), height=height)
    # The names' margin is as wide as the names (automargin); the value labels spill into a right margin made for them.
    fig.update_layout(margin={"l": 10, "r": text_px(text)})
    return fig


def inner_outer_figure(frame: pd.DataFrame, *, title: str, value: str, value_title: str) -> go.Figure:
    """Each borough's published rate as a point, Inner and Outer London side by side (no averaging)."""
    f = frame[frame["status"] != SUPPRESSED]
    fig = go.Figure()
    for group, colour, symbol in (("Inner", BLUE, "circle"), ("Outer", ORANGE, "diamond")):
        g = f[f["inner_outer"] == group]
        fig.add_trace(
            go.Box(
                y=g[value],
                x=[f"{group} London"] * len(g),
                name=f"{group} London",
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                marker={"color": colour, "symbol": symbol, "size": 8},
                line={"color": colour},
                customdata=g[["borough_name"]],
                hovertemplate="%{customdata[0]}: %{y:,.1f}<extra></extra>",
            )
        )
    return _layout(fig, title=title, y_title=value_title)


def kpi_figure(frame: pd.DataFrame, *, title: str, unit: str, target: float) -> go.Figure:
    """A KPI by quarter against its target; each point's rating is in its marker shape and hover text."""
    f = frame.copy()
    shown = f["status"] != SUPPRESSED
    symbols = {"green": "circle", "amber": "triangle-up", "red": "x"}
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=f["quarter"],
            y=f["value"].where(shown),
            mode="lines+markers",
            line={"color": BLUE},
            connectgaps=False,
            marker={
                "size": 10,
                "symbol": [symbols.get(r, "circle") for r in f["rag_rating"]],
                "color": [RAG_COLOURS.get(r, GREY) for r in f["rag_rating"]],
            },
            text=[RAG_WORDS.get(r, "[c] suppressed") for r in f["rag_rating"]],
            hovertemplate="%{x}: %{y:,.1f} (%{text})<extra></extra>",
            name="value",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=f["quarter"],
            y=[target] * len(f),
            mode="lines",
            line={"color": GREY, "dash": "dash"},
            name="target",
            hovertemplate="target %{y:,.1f}<extra></extra>",
        )
    )
    fig.add_annotation(
        text="target",
        x=f["quarter"].iloc[-1] if len(f) else 0,
        y=target,
        showarrow=False,
        yshift=10,
        font={"color": GREY},
    )
    fig.update_xaxes(type="category")
    return _layout(fig, title=title, y_title="%" if unit == "percent" else unit, height=300)


def budget_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Budget against actual spend by financial year, in £ millions."""
    f = frame.copy()
    fig = go.Figure(
        [
            go.Bar(
                x=f["financial_year"],
                y=f["budget_gbp"] / 1e6,
                name="Budget",
                marker_color=SKY,
                marker_pattern_shape="/",
                hovertemplate="%{x} budget: £%{y:,.2f}m<extra></extra>",
            ),
            go.Bar(
                x=f["financial_year"],
                y=f["spend_gbp"] / 1e6,
                name="Spend",
                marker_color=BLUE,
                hovertemplate="%{x} spend: £%{y:,.2f}m<extra></extra>",
            ),
        ]
    )
    _layout(fig, title=title, y_title="£ millions")
    fig.update_layout(
        barmode="group",
        showlegend=True,
        legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
    )
    return fig


def cost_figure(frame: pd.DataFrame, *, title: str, label: str = "name") -> go.Figure:
    """Cost per participant by programme, in £; programmes without a published figure are labelled."""
    f = frame.sort_values("cost_per_participant_gbp", na_position="last")
    shown = f["cost_per_participant_gbp"].notna()
    text = np.where(
        shown, f["cost_per_participant_gbp"].map(lambda v: f"£{v:,.0f}" if pd.notna(v) else ""), "not published"
    )
    names = [wrap(name, CATEGORY_CHARS) for name in f[label]]
    fig = go.Figure(
        go.Bar(
            y=names,
            x=f["cost_per_participant_gbp"].fillna(0),
            orientation="h",
            marker_color=GREEN,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(type="category")
    fig.update_xaxes(range=[0, max(float(f["cost_per_participant_gbp"].max() or 0), 1.0) * 1.02])
    lines = sum(name.count("<br>") + 1 for name in names)
    _layout(
        fig,
        title=title,
        x_title=wrap("£ per young person reached", CATEGORY_CHARS),
        height=max(280, 30 * len(f) + 14 * (lines - len(f)) + 110),
    )
    fig.update_layout(
        margin={"l": 10, "r": text_px(text)}
    )  # as breakdown_figure: names by automargin, values in the right margin
    return fig


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


# ------------------------------------------------------------------ performance management (internal mode)
# The figures below give plotly plain lists, not pandas Series: a Series goes through narwhals,
# whose first use in a worker imports it (most of a second, measured with scripts/bench_internal.py).
RAG_BAND_FILLS = {
    "green": "rgba(26, 127, 55, 0.10)",
    "amber": "rgba(154, 103, 0, 0.12)",
    "red": "rgba(180, 35, 24, 0.10)",
}


def rag_bands(
    *, target: float, amber_tolerance: float, direction: str, low: float, high: float
) -> list[tuple[str, float, float]]:
    """The value ranges rated green, amber and red (the ETL's rule: etl/publish/kpis.py rag_rating),
    clipped to [low, high]: (rating, from, to), from the bottom of the chart up."""
    if direction == "higher_is_better":
        amber_line = target * (1 - amber_tolerance)
        bands = [("red", low, amber_line), ("amber", amber_line, target), ("green", target, high)]
    else:
        amber_line = target * (1 + amber_tolerance)
        bands = [("green", low, target), ("amber", target, amber_line), ("red", amber_line, high)]
    return [(rag, max(a, low), min(b, high)) for rag, a, b in bands if min(b, high) > max(a, low)]


def kpi_trajectory_figure(
    frame: pd.DataFrame, *, title: str, unit: str, target: float, amber_tolerance: float, direction: str
) -> go.Figure:
    """A KPI by quarter against its target over shaded On track / At risk / Off track bands.
    Each quarter's rating is written under it on the axis and shown by marker shape, so
    nothing depends on colour; suppressed quarters are a gap labelled [c]."""
    f = frame.reset_index(drop=True)
    shown = (f["status"] != SUPPRESSED) & f["value"].notna()
    values = f["value"].where(shown).astype(float)
    amber_line = target * (1 - amber_tolerance if direction == "higher_is_better" else 1 + amber_tolerance)
    span = [*list(values.dropna()), target, amber_line]
    top = max(span) * 1.15
    # A line chart need not start at zero: from a little below the lowest value or band edge, so the trajectory reads.
    low = max(0.0, min(span) - (max(span) - min(span)) * 0.6 - abs(target) * 0.05)
    if unit == "percent":
        top = min(max(top, 10.0), 100.0)
    symbols = {"green": "circle", "amber": "triangle-up", "red": "x"}
    words = [RAG_WORDS.get(r, "[c]") if s else "[c]" for r, s in zip(f["rag_rating"], shown)]
    # Shapes and annotations as plain dicts in one layout: plotly's add_hrect/add_annotation validate
    # the whole figure on every call, several times slower for a page of these charts.
    bands = rag_bands(target=target, amber_tolerance=amber_tolerance, direction=direction, low=low, high=top)
    shapes = [
        {
            "type": "rect",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": a,
            "y1": b,
            "fillcolor": RAG_BAND_FILLS[rag],
            "line": {"width": 0},
            "layer": "below",
        }
        for rag, a, b in bands
    ]
    shapes.append(
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": target,
            "y1": target,
            "line": {"color": "#1f1f1f", "dash": "dash", "width": 1},
        }
    )
    annotations = [
        {
            "text": RAG_WORDS[rag],
            "xref": "paper",
            "x": 1,
            "xanchor": "right",
            "y": (a + b) / 2,
            "yref": "y",
            "showarrow": False,
            "font": {"size": 11, "color": RAG_COLOURS[rag]},
        }
        for rag, a, b in bands
    ]
    annotations.append(
        {
            "text": f"target {target:g}",
            "xref": "paper",
            "x": 0,
            "xanchor": "left",
            "y": target,
            "yref": "y",
            "showarrow": False,
            "yshift": 9,
            "font": {"size": 11},
        }
    )
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=f["quarter"].tolist(),
            y=[None if pd.isna(v) else float(v) for v in values],
            mode="lines+markers",
            line={"color": BLUE},
            connectgaps=False,
            name="value",
            marker={
                "size": 10,
                "symbol": [symbols.get(r, "circle") for r in f["rag_rating"]],
                "color": [RAG_COLOURS.get(r, GREY) for r in f["rag_rating"]],
                "line": {"width": 1, "color": "white"},
            },
            text=words,
            hovertemplate="%{x}: %{y:,.1f} (%{text})<extra></extra>",
        )
    )
    if (~shown).any():
        fig.add_trace(
            go.Scatter(
                x=f["quarter"][~shown].tolist(),
                y=[low] * int((~shown).sum()),
                mode="text",
                text=["[c]"] * int((~shown).sum()),
                textposition="top center",
                name="suppressed",
                hovertemplate="%{x}: [c] suppressed<extra></extra>",
            )
        )
    fig.update_xaxes(
        type="category",
        tickmode="array",
        tickvals=list(f["quarter"]),
        ticktext=[f"{q.replace(' ', '<br>', 1)}<br>{w}" for q, w in zip(f["quarter"], words)],
        tickangle=0,
        tickfont={"size": 11},
    )
    _layout(fig, title=title, y_title="%" if unit == "percent" else unit, height=380)
    fig.update_layout(margin={"b": 90}, shapes=shapes, annotations=annotations, yaxis_range=[low, top])
    return fig


def spend_profile_figure(
    frame: pd.DataFrame, *, title: str, months_elapsed: int, forecast_outturn: float | None
) -> go.Figure:
    """Cumulative spend by month against the cumulative budget profile, in £ thousands, with
    the run-rate forecast from the last month with spend to the year's end. Lines differ in
    dash and marker as well as colour."""
    f = frame.sort_values("month_index").reset_index(drop=True)
    months = (
        pd.to_datetime(f["month"]).dt.strftime("%b").tolist()
    )  # twelve months of one financial year: the title names it
    actual = f[f["month_index"] <= months_elapsed]
    fig = go.Figure(
        [
            go.Scatter(
                x=months,
                y=(f["profile_cumulative_gbp"] / 1e3).tolist(),
                mode="lines",
                name="Budget profile",
                line={"color": GREY, "dash": "dash"},
                hovertemplate="%{x} profile to date: £%{y:,.0f}k<extra></extra>",
            ),
            go.Scatter(
                x=months[: len(actual)],
                y=(actual["spend_cumulative_gbp"] / 1e3).tolist(),
                mode="lines+markers",
                name="Spend to date",
                line={"color": BLUE},
                marker={"size": 7},
                hovertemplate="%{x} spend to date: £%{y:,.0f}k<extra></extra>",
            ),
        ]
    )
    if forecast_outturn is not None and 0 < months_elapsed < len(f):
        start = float(actual["spend_cumulative_gbp"].iloc[-1])
        fig.add_trace(
            go.Scatter(
                x=[months[months_elapsed - 1], months[-1]],
                y=[start / 1e3, forecast_outturn / 1e3],
                mode="lines+markers",
                name="Forecast at the run rate",
                line={"color": ORANGE, "dash": "dot"},
                marker={"symbol": "diamond", "size": 8},
                hovertemplate="%{x} forecast: £%{y:,.0f}k<extra></extra>",
            )
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=months)
    _layout(fig, title=title, y_title="£ thousands, cumulative")
    fig.update_layout(
        showlegend=True, legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"}
    )
    return fig


def provider_comparison_figure(
    frame: pd.DataFrame,
    *,
    title: str,
    value: str,
    value_title: str,
    average: float | None,
    text_format: str = "{:,.0f}",
) -> go.Figure:
    """One bar per provider of a programme, with the programme average as a labelled line."""
    f = frame.sort_values(value, na_position="first")
    shown = f[value].notna()
    text = [text_format.format(v) if ok else "no figure" for v, ok in zip(f[value], shown)]
    # As cost_figure: names wrapped and given room by automargin, values in the right margin (a fixed 230 px
    # left margin cut the names and squeezed the bars to nothing at 360 px).
    names = [wrap(name, CATEGORY_CHARS) for name in f["provider"]]
    fig = go.Figure(
        go.Bar(
            y=names,
            x=f[value].fillna(0).astype(float).tolist(),
            orientation="h",
            marker_color=BLUE,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
            name=value_title,
        )
    )
    high = max(float(f[value].max()) if shown.any() else 0.0, average or 0.0, 1.0)
    fig.update_yaxes(type="category")
    fig.update_xaxes(range=[0, high * 1.05])
    lines = sum(name.count("<br>") + 1 for name in names)
    _layout(
        fig,
        title=title,
        x_title=wrap(value_title, CATEGORY_CHARS),
        height=max(240, 44 * len(f) + 14 * (lines - len(f)) + 120),
    )
    fig.update_layout(margin={"l": 10, "r": text_px(text), "t": 60})
    if average is not None:
        fig.update_layout(
            shapes=[
                {
                    "type": "line",
                    "xref": "x",
                    "x0": average,
                    "x1": average,
                    "yref": "paper",
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": "#1f1f1f", "dash": "dash", "width": 1},
                }
            ],
            annotations=[
                {
                    "text": f"programme average {text_format.format(average)}",
                    "x": average,
                    "xref": "x",
                    "y": 1,
                    "yref": "paper",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": 11},
                }
            ],
        )
    return fig


def warm_up() -> None:
    """Build each performance figure once on a two-row frame: a worker's first plotly figure pays for
    setting up plotly's validators (about a second on a loaded machine), which should not fall on the first
    director to open a page after a restart. Called once when the internal app is made."""
    quarters = pd.DataFrame(
        {
            "quarter": ["2025-26 Q1", "2025-26 Q2"],
            "value": [1.0, 2.0],
            "rag_rating": ["green", "red"],
            "status": ["", ""],
        }
    )
    kpi_trajectory_figure(
        quarters, title="", unit="percent", target=1.5, amber_tolerance=0.1, direction="higher_is_better"
    )
    months = pd.DataFrame(
        {
            "month_index": [1, 2],
            "month": ["2025-04-01", "2025-05-01"],
            "profile_cumulative_gbp": [1.0, 2.0],
            "spend_cumulative_gbp": [1.0, 2.0],
        }
    )
    spend_profile_figure(months, title="", months_elapsed=1, forecast_outturn=2.0)
    provider_comparison_figure(
        pd.DataFrame({"provider": ["a", "b"], "v": [1.0, 2.0]}), title="", value="v", value_title="", average=1.5
    )
