"""Money charts: budget against spend by year, cost per participant by programme (public), and the
cumulative spend profile with its run-rate forecast (internal).

Pure, like every figure module: DataFrame first, keyword-only options, `go.Figure` out. Lines and bars differ in
pattern, dash or marker as well as colour.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import BLUE, CATEGORY_CHARS, GREEN, GREY, ORANGE, SKY, text_px, wrap
from dashboard.charts.style import base_layout as _layout


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
    )  # as bars.breakdown_figure: names by automargin, values in the right margin
    return fig


# The spend profile (internal mode) gives plotly plain lists, not pandas Series: a Series goes through narwhals,
# whose first use in a worker imports it (most of a second, measured with scripts/bench_internal.py).
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
