"""Charts as named specs: what a chart is, apart from any page that shows it.

A `Chart` has an id, a function from (release context, filter values) to a `ChartView` (its
title, the table of its numbers, the rows its figure draws and the words that describe it),
and a pure figure function (dashboard/charts/bars.py, kpis.py, ...) of those rows. A page lists its charts
(dashboard/pages/__init__.py); the page's card (dashboard/ui/chart_card.py), the CSV, XLSX and data-package
downloads, the images, the embeds and the share previews all call the same view function,
so they show the same numbers without rebuilding the page.

A chart family (one chart per KPI) has `keys`: the chart `kpi` with key `K1` is `kpi-K1`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from dashboard.charts.slots import FULL, Slot
from dashboard.data.release_context import ReleaseContext


@dataclass(frozen=True)
class TableData:
    """The numbers behind a chart, as its table shows them: the source of the table
    alternative and of the chart's CSV and XLSX downloads, so all three agree."""

    frame: pd.DataFrame
    caption: str
    columns: list[tuple[str, str]]
    numeric: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ChartView:
    """One chart drawn for one set of filters."""

    title: str
    table: TableData
    rows: pd.DataFrame | None = None  # what the figure draws (None: a table without a chart)
    options: Mapping = field(default_factory=dict)  # the figure function's keyword options
    summary: str = ""  # the chart in words (dashboard/charts/describe.py): screen readers, images, packages, embeds
    description: str = ""  # a note shown under the title
    # Sources of figures in the view besides the VRU, each in words with its licence ("Knife crime with injury
    # offences: real, published by the Metropolitan Police Service (Open Government Licence v3.0)"): said wherever
    # the view's figures go (the card, its image, downloads, data packages).
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    id: str
    view: Callable[..., ChartView | None]  # view(ctx, values) or, for a family, view(ctx, values, key); None: not shown
    figure: Callable | None = None  # figure(rows, *, title, **options) -> go.Figure; None for a table alone
    keys: Callable[[ReleaseContext, dict], list[str]] | None = None  # a family: one chart per key
    # False: a chart of the page (its downloads, pictures and embed are at the page's addresses) that another page
    # shows (a service's ratings, on the service's own page, one for each of hundreds): the page's own list of the
    # charts it shows (every_id: its share preview, the pictures drawn ahead) leaves it out.
    on_page: bool = True
    # Where its card sits in its page's grid: its picture is drawn at the card's width (dashboard/charts/slots.py).
    slot: Slot = FULL

    def chart_id(self, key: str | None = None) -> str:
        return f"{self.id}-{key}" if key is not None else self.id

    def view_for(self, ctx: ReleaseContext, values: dict, key: str | None = None) -> ChartView | None:
        return self.view(ctx, values) if key is None else self.view(ctx, values, key)

    def draw(self, view: ChartView):
        """The chart's figure for `view` (None for a table alone)."""
        if self.figure is None or view.rows is None:
            return None
        return self.figure(view.rows, title=view.title, **view.options)


def as_on_page(figure):
    """The figure as a page or an embed draws it: the page shows the title as a heading, so the
    figure's own title (which image exports draw) is left out."""
    return figure.update_layout(title={"text": ""}, margin={"t": 30})


def find(
    charts: tuple[Chart, ...], chart_id: str, ctx: ReleaseContext, values: dict
) -> tuple[Chart, str | None] | None:
    """The spec and key of `chart_id` among a page's charts for these filters, or None."""
    for chart in charts:
        if chart.keys is None:
            if chart.id == chart_id:
                return chart, None
        elif chart_id.startswith(chart.id + "-"):
            key = chart_id[len(chart.id) + 1 :]
            if key in chart.keys(ctx, values):
                return chart, key
    return None


def every_id(charts: tuple[Chart, ...], ctx: ReleaseContext, values: dict) -> list[str]:
    """Every chart id the page shows for these filters (a family's one per key), but those another page shows."""
    out = []
    for chart in charts:
        if chart.on_page:
            out += [chart.id] if chart.keys is None else [chart.chart_id(k) for k in chart.keys(ctx, values)]
    return out


@dataclass(frozen=True)
class Place:
    """Where a chart card is shown: the page that owns the chart, the filters as its query
    string (cleaned), the release drawn, and the site's public origin for embed snippets."""

    page: str
    query: str
    release: Mapping
    origin: str = ""  # VRU_PUBLIC_BASE_URL without the trailing slash; "" leaves snippets relative
    internal: bool = False
    protection: str = ""  # the release's disclosure rules in words (ReleaseContext.protection)
