"""KPI charts: a KPI by quarter against its target (public), and its trajectory over the
On track / At risk / Off track bands (internal performance management).

Pure, like every figure module: DataFrame first, keyword-only options, `go.Figure` out. A rating is in a marker's
shape and words as well as its colour; suppressed quarters are a gap labelled [c], never zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.style import BLUE, GREY, RAG_COLOURS
from dashboard.charts.style import base_layout as _layout
from dashboard.data.vocabulary import RAG_WORDS, SUPPRESSED


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


# The trajectory (internal mode) gives plotly plain lists, not pandas Series: a Series goes through narwhals,
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
