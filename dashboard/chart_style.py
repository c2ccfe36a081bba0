"""The charts' shared look: palette, font and the layout every figure starts from
(used by dashboard/figures.py and dashboard/maps.py)."""
from __future__ import annotations

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, YELLOW, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#6b6b6b"
SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
RAG_COLOURS = {"green": "#1a7f37", "amber": "#9a6700", "red": "#b42318"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def base_layout(fig: go.Figure, *, title: str, x_title: str = "", y_title: str = "", height: int = 360) -> go.Figure:
    fig.update_layout(
        # No plotly template: every style is set here, and the default template roughly
        # doubles the time to build and send a figure (measured with scripts/bench_dashboard.py).
        template="none",
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        font={"family": FONT, "size": 13, "color": "#1f1f1f"},
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        height=height,
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={"title": x_title, "gridcolor": "#e5e5e5", "linecolor": "#666"},
        yaxis={"title": y_title, "gridcolor": "#e5e5e5", "linecolor": "#666", "rangemode": "tozero"},
        hoverlabel={"font": {"family": FONT}},
        showlegend=False,
    )
    return fig
