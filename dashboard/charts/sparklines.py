"""Small trends: a headline figure's values over time as a line with no axes or words, the latest value marked.
The home page shows one under each headline figure, as a picture, with the trend in words beside it for screen
readers (dashboard/pages/overview.py); the words, not the line, carry the numbers. Pure, like
dashboard/charts/bars.py: rows in, go.Figure out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import BLUE, FONT
from dashboard.data.vocabulary import SUPPRESSED

HEIGHT = 64  # drawn 360 px wide: about a fifth as tall as wide, as a headline card shows it
MARGIN = 6  # room for the latest value's marker


def sparkline_figure(frame: pd.DataFrame, *, title: str, x: str = "period", value: str = "value") -> go.Figure:
    """`frame`: one row per period, oldest first; a suppressed or missing value is a gap in the line."""
    shown = frame[value].notna()
    if "status" in frame:
        shown &= frame["status"] != SUPPRESSED
    xs = [str(p) for p in frame[x]]
    ys = [float(v) if ok else None for v, ok in zip(frame[value], shown)]
    latest = [i for i, y in enumerate(ys) if y is not None][-1:]
    fig = go.Figure(
        [
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": BLUE, "width": 2.5},
                connectgaps=False,
                hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
            ),
            go.Scatter(
                x=[xs[i] for i in latest],
                y=[ys[i] for i in latest],
                mode="markers",
                marker={"color": BLUE, "size": 8},
                hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        template="none",
        title={"text": title, "font": {"size": 16}},
        font={"family": FONT, "size": 13},
        height=HEIGHT,
        margin={"l": MARGIN, "r": MARGIN, "t": MARGIN, "b": MARGIN},
        showlegend=False,
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"visible": False, "type": "category", "categoryorder": "array", "categoryarray": xs},
        yaxis={"visible": False, "rangemode": "tozero"},
    )
    return fig
