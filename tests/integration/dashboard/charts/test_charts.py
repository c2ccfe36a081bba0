"""Each page's charts as named specs (dashboard/charts/__init__.py) on the small release: every chart's view for a
page's default filters and for a chosen programme, without HTTP or a browser, and [c] as the only text of a suppressed
cell in every table."""

from __future__ import annotations

import pytest

from dashboard import charts, pages
from dashboard.pages import funding_need, geography, kpi_trajectories, kpis, overview, reach, services, spend

PAGES = (
    overview.PAGE,
    reach.PAGE,
    geography.PAGE,
    kpis.PAGE,
    kpi_trajectories.PAGE,
    spend.PAGE,
    services.PAGE,
    funding_need.PAGE,
)


def _views(page: pages.Page, ctx, params: dict) -> dict[str, charts.ChartView]:
    values = page.values(ctx, params)
    out = {}
    for chart_id in charts.every_id(page.charts, ctx, values):
        chart, key = page.chart(chart_id, ctx, values)
        view = chart.view_for(ctx, values, key)
        if view is not None:
            out[chart_id] = view
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
@pytest.mark.parametrize("params", [{}, {"programme": "divert"}], ids=["defaults", "one programme"])
def test_every_chart_of_every_page_has_a_table_a_title_and_a_figure_of_its_rows(ctx, page, params):
    """Given a page and filters, when each of its charts' views is built, then each has a title, a table whose
    columns exist in its frame, and (for a chart) a figure drawn from its rows with no data missing."""
    for chart_id, view in _views(page, ctx, params).items():
        assert view.title and view.table.caption
        assert {key for key, _label in view.table.columns} <= set(view.table.frame.columns), chart_id
        chart = page.chart(chart_id, ctx, page.values(ctx, params))[0]
        figure = chart.draw(view)
        if chart.figure is not None:
            assert figure is not None and len(figure.data) >= 1, chart_id
            assert view.summary and any(ch.isdigit() for ch in view.summary), (chart_id, view.summary)
        else:
            assert figure is None


def test_a_suppressed_cell_is_shown_as_c_in_every_table(ctx):
    """[c] is the only text a suppressed cell has, in every chart's table on every page."""
    for page in PAGES:
        for chart_id, view in _views(page, ctx, {}).items():
            frame = view.table.frame
            if "status" in frame.columns:
                shown = [key for key, _ in view.table.columns if key not in ("status",)]
                suppressed = frame[frame["status"] == "c"]
                for _, row in suppressed.iterrows():
                    assert "[c]" in {str(row[k]) for k in shown}, (page.id, chart_id)
