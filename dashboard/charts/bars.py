"""Bars over periods and categories (reach, a borough's trend, breakdowns) and the Inner/Outer London spread.

Pure functions, DataFrame first, keyword-only options, `go.Figure` out: no database, no Dash. Suppressed cells
(status 'c') are never drawn as zero: they are left out of bars and marked "[c]" where they would be. Colours are
from the Okabe-Ito colour-blind-safe palette (dashboard/charts/style.py), and nothing is shown by colour alone.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import BLUE, CATEGORY_CHARS, GREY, ORANGE, text_px, wrap
from dashboard.charts.style import base_layout as _layout
from dashboard.data.vocabulary import SUPPRESSED


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
