"""A commissioned service's six-monthly ratings as a small chart: its performance value in each half-year
against its target, with each review's rating in the marker's shape, named in the legend, so that nothing
depends on colour. Pure, like the other figure modules (dashboard/charts/bars.py...): rows in, go.Figure out."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import BLUE, GREY, RAG_COLOURS, base_layout, text_px
from dashboard.data.vocabulary import RAG_WORDS

SYMBOLS = {"green": "circle", "amber": "triangle-up", "red": "x"}
HEIGHT = 300
PHONE_PLOT_PX = 260  # as dashboard/charts/bars.py: the width where the period labels must fit side by side


def _ticks(periods: list[str]) -> dict:
    """A label for each financial year at its first half shown ('2024-25'), every second (third...) one where they
    would not fit side by side on a phone; the latest is always labelled."""
    years: dict[str, str] = {}
    for period in periods:
        years.setdefault(period.split(" ")[0], period)
    marks = [(first, year) for year, first in years.items()]
    step = max(1, math.ceil(len(marks) * text_px([year for _, year in marks]) / PHONE_PLOT_PX))
    shown = marks[::-1][::step][::-1]
    return {"tickmode": "array", "tickvals": [p for p, _ in shown], "ticktext": [y for _, y in shown]}


def rating_history_figure(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """`frame`: one row per half-year, oldest first (period, reviewed, performance_value, performance_target,
    rag_rating); a half with no review is a gap in the line. The measure itself is named by the card, not on the
    axis: its names are too long for a phone's chart."""
    f = frame.reset_index(drop=True)
    reviewed = f["reviewed"].astype(bool) & f["performance_value"].notna()
    values = [float(v) if ok else None for v, ok in zip(f["performance_value"], reviewed)]
    periods = [str(p) for p in f["period"]]
    fig = go.Figure(
        go.Scatter(
            x=periods,
            y=values,
            mode="lines",
            line={"color": BLUE},
            connectgaps=False,
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for rating, symbol in SYMBOLS.items():
        rows = f[reviewed & (f["rag_rating"] == rating)]
        fig.add_trace(
            go.Scatter(
                x=[str(p) for p in rows["period"]],
                y=[float(v) for v in rows["performance_value"]],
                mode="markers",
                name=RAG_WORDS[rating],
                marker={
                    "symbol": symbol,
                    "size": 11,
                    "color": RAG_COLOURS[rating],
                    "line": {"width": 1, "color": "white"},
                },
                hovertemplate=f"%{{x}}: %{{y:,.1f}} ({RAG_WORDS[rating]})<extra></extra>",
            )
        )
    targets = [None if pd.isna(t) else float(t) for t in f["performance_target"]]
    fig.add_trace(
        go.Scatter(
            x=periods,
            y=targets,
            mode="lines",
            name="Target",
            line={"color": GREY, "dash": "dash"},
            hovertemplate="%{x}: target %{y:,.1f}<extra></extra>",
        )
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=periods, tickangle=0, **_ticks(periods))
    base_layout(fig, title=title, y_title="", height=HEIGHT)
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom"},
    )
    fig.update_yaxes(rangemode="normal")
    return fig
