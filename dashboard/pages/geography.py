"""Geography: reach per 10,000 residents by borough, as a map or London Squared tiles,
inner against outer London, and a borough's own view."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import charts
from dashboard.charts import bars, describe, geo, maps, slots
from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.data.vocabulary import SUPPRESSED
from dashboard.pages import Page, Shown
from dashboard.pages.reach import Y_TITLE
from dashboard.ui import borough_click, filters, formats

RATE = "participants_per_10k"
RATE_TITLE = "per 10,000 residents"


def borough_rates(ctx: ReleaseContext, values: dict):
    """Each borough's published reach and rate for the filters, and the period they are for: quarterly
    borough figures are published for all programmes together, so one programme shows its year."""
    programme, period = values["programme"], values["period"]
    if filters.is_quarter(period) and programme != filters.ALL:
        period = filters.financial_year_of(period)
    frame = queries.borough_summary(ctx.engine, ctx.release_id, programme=programme, period=period)
    return frame.merge(
        ctx.boroughs[["gss_code", "ls_abbrev", "ls_col", "ls_row"]], left_on="borough", right_on="gss_code"
    ), period


def _table_data(frame, caption) -> charts.TableData:
    f = frame.assign(
        reached=[formats.cell(v, s) for v, s in zip(frame["participants"], frame["status"])],
        rate=[formats.cell(v, s, fmt=formats.DECIMAL) for v, s in zip(frame[RATE], frame["status"])],
    )
    return charts.TableData(
        f,
        caption=caption,
        columns=[
            ("borough_name", "Borough"),
            ("inner_outer", "Inner or outer"),
            ("reached", "Young people reached"),
            ("rate", "Per 10,000 residents"),
        ],
        numeric=frozenset({"reached", "rate"}),
    )


def _draw_map(rows, *, title: str, tiles: bool):
    if tiles:
        return maps.tile_map_figure(rows, title=title, value=RATE, value_title=RATE_TITLE)
    return maps.choropleth_figure(rows, geo.boroughs_geojson(), title=title, value=RATE, value_title=RATE_TITLE)


def map_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    frame, period = borough_rates(ctx, values)
    title = (
        f"Young people reached per 10,000 residents, {ctx.programme_name(values['programme'])}, "
        f"{filters.period_label(period)}"
    )
    note = (
        "Quarterly borough figures are published for all programmes together; this shows the financial year."
        if period != values["period"]
        else ""
    )
    tiles = values["view"] == "tiles"
    return charts.ChartView(
        title=title,
        rows=frame,
        options={"tiles": tiles},
        table=_table_data(frame, title),
        description=note or "Select a borough on the map or in the Borough filter to see its own figures.",
        summary=describe.area_map(
            frame,
            what=f"young people reached {RATE_TITLE}",
            value=RATE,
            chart="Tile map (London Squared) of London boroughs" if tiles else "Map of London boroughs",
        ),
    )


def inner_outer_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    frame, period = borough_rates(ctx, values)
    title = (
        f"Inner and outer London boroughs compared, {ctx.programme_name(values['programme'])}, "
        f"{filters.period_label(period)}"
    )
    return charts.ChartView(
        title=title,
        rows=frame,
        options={"value": RATE, "value_title": RATE_TITLE},
        description="Each point is one borough's published rate; boroughs with suppressed figures are left out.",
        summary=describe.groups(
            frame,
            what=f"young people reached {RATE_TITLE}, each borough a point",
            group="inner_outer",
            label="borough_name",
            value=RATE,
        ),
        table=_table_data(frame.sort_values(["inner_outer", "borough_name"]), title),
    )


def borough_trend_view(ctx: ReleaseContext, values: dict) -> charts.ChartView | None:
    """A chosen borough's reach over time (None when no borough is chosen)."""
    if values["borough"] == filters.ALL:
        return None
    by_programme = values["programme"] != filters.ALL
    periods = tuple(filters.financial_years(list(ctx.periods)) if by_programme else filters.quarters(list(ctx.periods)))
    trend = queries.trend(
        ctx.engine,
        ctx.release_id,
        measure="participants",
        programme=values["programme"],
        periods=periods,
        borough=values["borough"],
    )
    name = ctx.borough_name(values["borough"])
    title = f"Young people reached in {name} over time"
    return charts.ChartView(
        title=title,
        rows=trend,
        options={"y_title": Y_TITLE},
        summary=describe.trend(
            trend, what=f"young people reached in {name}", step="financial year" if by_programme else "quarter"
        ),
        table=charts.TableData(
            trend.assign(shown=[formats.cell(v, s) for v, s in zip(trend["value"], trend["status"])]),
            caption=title,
            columns=[("period", "Period"), ("shown", "Young people")],
            numeric=frozenset({"shown"}),
        ),
    )


MAP = charts.Chart(id="geography-map", view=map_view, figure=_draw_map)
INNER_OUTER = charts.Chart(id="geography-inner-outer", view=inner_outer_view, figure=bars.inner_outer_figure)
BOROUGH_TREND = charts.Chart(
    id="geography-borough-trend", view=borough_trend_view, figure=bars.trend_figure, slot=slots.NESTED
)


def borough_view(shown: Shown) -> dbc.Card:
    frame, _period = borough_rates(shown.ctx, shown.values)
    b = frame[frame["borough"] == shown.values["borough"]].iloc[0]
    ranked = frame[frame["status"] != SUPPRESSED].sort_values(RATE, ascending=False).reset_index(drop=True)
    rank = ranked.index[ranked["borough"] == b["borough"]]
    rank_text = (
        f"ranked {rank[0] + 1} of {len(ranked)} boroughs with published figures"
        if len(rank)
        else "its figure is suppressed"
    )
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(f"{b['borough_name']} ({b['inner_outer']} London)", className="h4"),
                html.P(
                    f"{formats.cell(b['participants'], b['status'])} young people reached, "
                    f"{formats.cell(b[RATE], b['status'], fmt=formats.DECIMAL)} per 10,000 residents; {rank_text}."
                ),
                shown.card(BOROUGH_TREND),
            ]
        ),
        className="mb-4 border-primary",
    )


def content(shown: Shown) -> list:
    cards = [shown.card(MAP), shown.card(INNER_OUTER)]
    if shown.values["borough"] != filters.ALL:
        cards.insert(0, borough_view(shown))
    return cards


PAGE = Page(
    id="geography",
    title="Geography: where young people are helped",
    name="Geography",
    order=2,
    content=content,
    charts=(MAP, INNER_OUTER, BOROUGH_TREND),
    keys=(*filters.KEYS, "view"),
    callbacks=(borough_click.choose_from_map(map_id="geography-map", borough_id="geography-borough"),),
    intro="Reach per 10,000 residents in each of London's 33 boroughs (Census 2021 populations).",
)
