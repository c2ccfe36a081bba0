"""The charts' shared look: palette, font and the layout every figure starts from
(used by every figure module in dashboard/charts/ and by dashboard/charts/maps.py)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
BLUE, ORANGE, GREEN, VERMILION, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#6b6b6b",
)
SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
RAG_COLOURS = {"green": "#1a7f37", "amber": "#9a6700", "red": "#b42318"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


# A phone's chart is about 300 px wide: an x-axis title or a category name longer than this many
# characters (13 px text) is wrapped onto lines of at most this many, so it fits from 360 px up.
AXIS_TITLE_CHARS = 30
CATEGORY_CHARS = 18  # also the x-axis title of horizontal bars, centred on what the names leave of the width
CHAR_PX = 7.2  # the average width of a character of 12 to 13 px system-ui text, for margins that hold text
# The smallest text a chart draws (px): a chart's picture is never scaled down (dashboard/charts/slots.py), so a
# reader sees its text at least this size, the least for a chart wider than 400 px.
MIN_TEXT_PX = 11


def wrap(text: str, width: int) -> str:
    """`text` on lines of at most `width` characters (plotly's <br>), broken between words."""
    text = str(text)
    if "<br>" in text or len(text) <= width:  # already wrapped, or short enough
        return text
    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=False))


def text_px(labels: Iterable[object]) -> int:
    """About how wide (px) the longest of `labels` is drawn, for a margin that must hold it."""
    return int(max((len(str(label)) for label in labels), default=0) * CHAR_PX) + 8


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
        # automargin: a margin grows to hold its tick labels and axis title, however narrow the chart (a phone's).
        xaxis={
            "title": wrap(x_title, AXIS_TITLE_CHARS),
            "gridcolor": "#e5e5e5",
            "linecolor": "#666",
            "automargin": True,
        },
        yaxis={
            "title": y_title,
            "gridcolor": "#e5e5e5",
            "linecolor": "#666",
            "rangemode": "tozero",
            "automargin": True,
        },
        hoverlabel={"font": {"family": FONT}},
        showlegend=False,
        # A value label on a bar that would have to shrink below 11 px to fit is left off (its value is in the hover
        # and the table): plotly would otherwise scale it down to fit, to 4 px on a phone.
        uniformtext={"minsize": MIN_TEXT_PX, "mode": "hide"},
    )
    return fig


def height(figure: go.Figure | dict[str, Any] | None) -> int:
    """The height a figure is drawn at (a go.Figure or its dict): its own, or plotly's default of 450 px."""
    if figure is None:
        return 450
    layout = figure.get("layout", {}) if isinstance(figure, dict) else figure.layout.to_plotly_json()
    return int(layout.get("height") or 450)
