"""One programme's providers compared (internal mode): a bar each, with the programme average as a labelled line.

Pure, like every figure module: DataFrame first, keyword-only options, `go.Figure` out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import BLUE, CATEGORY_CHARS, text_px, wrap
from dashboard.charts.style import base_layout as _layout


# This figure gives plotly plain lists, not pandas Series: a Series goes through narwhals,
# whose first use in a worker imports it (most of a second, measured with scripts/bench_internal.py).
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
    # As spend.cost_figure: names wrapped and given room by automargin, values in the right margin (a fixed 230 px
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
