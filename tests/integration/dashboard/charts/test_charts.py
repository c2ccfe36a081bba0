"""Each page's charts as named specs (dashboard/charts/__init__.py, dashboard/pages/): every chart's view
for a page's default filters and for a chosen programme, without HTTP or a browser; and the page
registry that navigation, links, downloads and the tests read."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import charts, pages
from dashboard.app import create_app
from dashboard.data import release_context
from dashboard.pages import funding_need, geography, kpi_trajectories, kpis, overview, reach, services, spend
from dashboard.settings import Settings

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


@pytest.fixture(scope="module")
def app(small_release):
    return create_app(settings=Settings(mode="public", database_url=f"sqlite:///{small_release / 'public.db'}"))


@pytest.fixture
def ctx(app):
    with app.server.test_request_context("/"):
        yield release_context.for_request()


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


def test_a_programme_chosen_on_the_kpi_page_gives_one_chart_per_kpi(ctx):
    values = kpis.PAGE.values(ctx, {"programme": "divert"})
    ids = kpis.kpi_ids(ctx, values)
    assert ids and charts.every_id(kpis.PAGE.charts, ctx, values) == [f"kpi-{k}" for k in ids]
    assert kpis.PAGE.chart("kpi-NO-SUCH-KPI", ctx, values) is None
    assert (
        charts.every_id(kpis.PAGE.charts, ctx, kpis.PAGE.values(ctx, {})) == []
    )  # all programmes: the summary table, no charts


def test_the_borough_trend_is_shown_only_for_a_chosen_borough(ctx):
    assert geography.BOROUGH_TREND.view_for(ctx, geography.PAGE.values(ctx, {})) is None
    view = geography.BOROUGH_TREND.view_for(ctx, geography.PAGE.values(ctx, {"borough": "E09000007"}))
    assert view.title == "Young people reached in Camden over time"


def test_the_reach_trend_is_by_year_for_one_programme_in_one_borough(ctx):
    quarterly = reach.trend_view(ctx, reach.PAGE.values(ctx, {}))
    yearly = reach.trend_view(ctx, reach.PAGE.values(ctx, {"programme": "divert", "borough": "E09000007"}))
    assert quarterly.title.startswith("Young people reached by quarter: all programmes, London")
    assert yearly.title.startswith("Young people reached by financial year") and "not published" in yearly.description
    assert all(" Q" not in p for p in yearly.table.frame["period"])


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


def test_the_disclosure_words_are_the_release_rules(ctx):
    """The pages say how figures are protected in the words of the release's own rules, not fixed text."""
    assert ctx.protection() == release_context.protection_sentence(ctx.release)
    assert "[c]" in ctx.protection() and "5" in ctx.protection()
    changed = {
        **ctx.release,
        "rules": '{"primary_suppression": "counts 1 to 4 shown as [c]", '
        '"rounding": "other counts rounded to the nearest 3"}',
    }
    assert (
        release_context.protection_sentence(changed)
        == "Counts 1 to 4 shown as [c]; other counts rounded to the nearest 3."
    )


def test_the_registry_names_every_filtered_page_by_its_address(app):
    """A page's id is its address (the overview's is "/"), so links built from an id go to the page."""
    with app.server.test_request_context("/"):
        registered = pages.filtered_pages()
        assert set(registered) == {p.id for p in PAGES}
        for page in registered.values():
            assert pages.by_path(page.path) is page
        assert registered["funding-need"].path == "/funding-need"
        assert registered["overview"].path == "/"
        nav = dict(pages.navigation(internal=False))
        assert (
            "/funding-need" in nav
            and "/kpis/trajectories" not in nav
            and not any(p.startswith("/internal") for p in nav)
        )
        assert list(nav)[:2] == ["/", "/reach"] and list(nav)[-1] == "/about"


def test_a_frame_of_boroughs_names_the_clicked_borough():
    from dashboard.ui import borough_click

    boroughs = pd.DataFrame({"gss_code": ["E09000007", "E09000001"], "name": ["Camden", "City of London"]})
    assert borough_click.borough_of({"points": [{"location": "E09000007"}]}, boroughs) == "E09000007"
    assert borough_click.borough_of({"points": [{"customdata": ["City of London", 3.2]}]}, boroughs) == "E09000001"
    for crafted in (
        None,
        {},
        {"points": []},
        {"points": [{"location": "E09999999"}]},
        {"points": "x"},
        {"points": [5]},
        [1, 2],
    ):
        assert borough_click.borough_of(crafted, boroughs) is None
