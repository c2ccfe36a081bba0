"""The KPI page (dashboard/pages/kpis.py) on the small release: one chart per KPI of a chosen programme."""

from __future__ import annotations

from dashboard import charts
from dashboard.pages import kpis


def test_a_programme_chosen_on_the_kpi_page_gives_one_chart_per_kpi(ctx):
    values = kpis.PAGE.values(ctx, {"programme": "divert"})
    ids = kpis.kpi_ids(ctx, values)
    assert ids and charts.every_id(kpis.PAGE.charts, ctx, values) == [f"kpi-{k}" for k in ids]
    assert kpis.PAGE.chart("kpi-NO-SUCH-KPI", ctx, values) is None
    assert (
        charts.every_id(kpis.PAGE.charts, ctx, kpis.PAGE.values(ctx, {})) == []
    )  # all programmes: the summary table, no charts
