"""Overview, the home page: the whole picture on one screen of a desk (two of a phone).

The headline figures for the chosen period, each with its trend as a small picture (a chart of this page, drawn by
the server: /image/overview/<chart>.svg) and in words for screen readers; programmes at a glance
(dashboard/pages/glance.py); the reach-per-borough map's picture, leading to the geography page; and what changed
since the period before. Every number is a published cell: the headline counts and trends from published_counts,
spend_summary and programme_summary, which the ETL works out so that the app never does.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import charts
from dashboard.charts import describe, facade, slots, sparklines
from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.data.vocabulary import SUPPRESSED
from dashboard.pages import Page, Shown, geography, glance, reach
from dashboard.ui import components, filters, formats


def _cell(ctx, *, measure, programme, period, borough=filters.ALL):
    frame = queries.count(
        ctx.engine, ctx.release_id, measure=measure, programme=programme, period=period, borough=borough
    )
    if frame.empty:
        return None, "missing"
    return frame.iloc[0]["value"], frame.iloc[0]["status"]


def change_sentence(*, what: str, now, now_status, before, before_status, period: str, previous: str) -> str:
    """A plain-English comparison of two published figures; says so when either is suppressed."""
    if now_status == SUPPRESSED or before_status == SUPPRESSED or now is None or before is None:
        return (
            f"{what.capitalize()} in {filters.period_label(period)} cannot be compared with "
            f"{filters.period_label(previous)}: a figure is suppressed to protect individuals."
        )
    if before == 0:
        return (
            f"{what.capitalize()}: {formats.count(now)} in {filters.period_label(period)}, none in "
            f"{filters.period_label(previous)}."
        )
    change = (now - before) / before
    if abs(change) < 0.005:
        direction = "stayed about the same"
    else:
        direction = f"{'rose' if change > 0 else 'fell'} by {formats.proportion(abs(change))}"
    return (
        f"{what.capitalize()} {direction}, from {formats.count(before)} in {filters.period_label(previous)} to "
        f"{formats.count(now)} in "
        f"{filters.period_label(period)}."
    )


# ---------------------------------------------------------------------- the headline figures' trends, as charts


def _years(ctx: ReleaseContext) -> list[str]:
    return filters.financial_years(list(ctx.periods))


def _summary_rows(ctx: ReleaseContext, programme: str) -> pd.DataFrame:
    """The programme's (or all programmes') programme_summary rows, one per financial year, oldest first."""
    summary = queries.programme_summary(ctx.engine, ctx.release_id)
    return summary[summary["programme_id"] == programme].sort_values("financial_year").reset_index(drop=True)


def _trend_table(frame: pd.DataFrame, *, caption: str, x: str, label: str, shown: list[str]) -> charts.TableData:
    return charts.TableData(
        frame.assign(shown=shown),
        caption=caption,
        columns=[(x, "Period" if x == "period" else "Financial year"), ("shown", label)],
        numeric=frozenset({"shown"}),
    )


def reach_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    """Reach by quarter (a quarter chosen) or by financial year, for the programme and borough."""
    by_quarter = filters.is_quarter(values["period"])
    periods = tuple(filters.quarters(list(ctx.periods)) if by_quarter else _years(ctx))
    trend = queries.trend(
        ctx.engine,
        ctx.release_id,
        measure="participants",
        programme=values["programme"],
        periods=periods,
        borough=values["borough"],
    )
    step = "quarter" if by_quarter else "financial year"
    where = f"{ctx.programme_name(values['programme'])} in {ctx.borough_name(values['borough'])}"
    title = f"Young people reached by {step}, {where}"
    return charts.ChartView(
        title=title,
        rows=trend,
        summary=describe.trend(trend, what=f"young people reached, {where}", step=step, chart="Line chart"),
        table=_trend_table(
            trend,
            caption=title,
            x="period",
            label="Young people reached",
            shown=[formats.cell(v, s) for v, s in zip(trend["value"], trend["status"])],
        ),
    )


def running_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    rows = _summary_rows(ctx, filters.ALL)
    title = "Programmes running by financial year"
    return charts.ChartView(
        title=title,
        rows=rows,
        options={"x": "financial_year", "value": "programmes_running"},
        summary=describe.trend(
            rows,
            what="programmes running",
            step="financial year",
            x="financial_year",
            value="programmes_running",
            chart="Line chart",
        ),
        table=_trend_table(
            rows,
            caption=title,
            x="financial_year",
            label="Programmes running",
            shown=[formats.count(v) for v in rows["programmes_running"]],
        ),
    )


def spend_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    rows = _summary_rows(ctx, values["programme"])
    title = f"Spend by financial year, {ctx.programme_name(values['programme'])}"
    return charts.ChartView(
        title=title,
        rows=rows,
        options={"x": "financial_year", "value": "spend_gbp"},
        summary=describe.trend(
            rows,
            what=f"spend, {ctx.programme_name(values['programme'])}",
            step="financial year",
            x="financial_year",
            value="spend_gbp",
            fmt="£{:,.0f}",
            chart="Line chart",
        ),
        table=_trend_table(
            rows, caption=title, x="financial_year", label="Spend", shown=[formats.money(v) for v in rows["spend_gbp"]]
        ),
    )


def kpis_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    rows = _summary_rows(ctx, values["programme"])
    rows = rows[rows["kpis"] > 0].reset_index(drop=True)
    title = f"KPIs on track at each financial year's latest quarter, {ctx.programme_name(values['programme'])}"
    return charts.ChartView(
        title=title,
        rows=rows,
        options={"x": "financial_year", "value": "kpis_on_track"},
        summary=describe.trend(
            rows,
            what="KPIs on track",
            step="financial year",
            x="financial_year",
            value="kpis_on_track",
            chart="Line chart",
            reference="kpis",
            reference_word="total",
        ),
        table=_trend_table(
            rows,
            caption=title,
            x="financial_year",
            label="KPIs on track",
            shown=[
                f"{int(a)} of {int(b)} ({q})"
                for a, b, q in zip(rows["kpis_on_track"], rows["kpis"], rows["kpi_quarter"])
            ],
        ),
    )


REACH = charts.Chart(id="overview-reach", view=reach_view, figure=sparklines.sparkline_figure)
RUNNING = charts.Chart(id="overview-running", view=running_view, figure=sparklines.sparkline_figure)
SPEND = charts.Chart(id="overview-spend", view=spend_view, figure=sparklines.sparkline_figure)
KPIS = charts.Chart(id="overview-kpis", view=kpis_view, figure=sparklines.sparkline_figure)


def _trend(shown: Shown, chart: charts.Chart):
    """A headline figure's trend: its small picture, described by the trend in words (for screen readers), as a chart
    card describes its chart."""
    view = chart.view_for(shown.ctx, shown.values)
    if view is None or view.rows is None or view.rows.empty:
        return None
    summary = f"{chart.id}-summary"
    return html.Div(
        [
            facade.trend_picture(
                f"/image/{shown.page.id}/{chart.id}{shown.place.query}", layout={"height": sparklines.HEIGHT}
            ),
            html.P(view.summary, id=summary, className="visually-hidden"),
        ],
        className="headline-trend mt-2",
        role="figure",
        **{"aria-label": view.title, "aria-describedby": summary},
    )


# ---------------------------------------------------------------------- the page


def _map(shown: Shown) -> list:
    """The reach-per-borough map's picture, for the programme and the period's financial year, linking to the
    geography page's view of it."""
    values = shown.values
    wanted = {"programme": values["programme"], "period": values["period"], "release": values["release"]}
    on_geography = geography.PAGE.shown_for(wanted)
    view = geography.MAP.view_for(on_geography.ctx, on_geography.values)
    query = geography.PAGE.query(on_geography.values)
    picture = facade.picture(
        f"/image/geography/{geography.MAP.id}{query}",
        layout=geography.MAP.draw(view).layout.to_plotly_json(),
        slot=slots.HOME_MAP,
        alt=f"{view.summary} See the figures for each borough on the geography page.",
    )
    return [
        html.H2("Reach by borough", className="h4"),
        html.A(picture, href=geography.PAGE.path + query, className="d-block home-map"),
        html.P(view.title + ".", className="small text-body-secondary mt-1 mb-0"),
    ]


def content(shown: Shown) -> list:
    ctx, values = shown.ctx, shown.values
    period, programme, borough = values["period"], values["programme"], values["borough"]
    prev = filters.previous(period, list(ctx.periods))
    reach_now, reach_status = _cell(ctx, measure="participants", programme=programme, period=period, borough=borough)
    fy = filters.financial_year_of(period)
    years = _years(ctx)
    year_before = years[years.index(fy) - 1] if fy in years and years.index(fy) > 0 else None
    this_year = glance.year_summary(ctx, fy)
    everyone = this_year[this_year["programme_id"] == filters.ALL]
    mine = this_year[this_year["programme_id"] == programme]
    spend = mine.iloc[0] if len(mine) else None
    where = "in " + ctx.borough_name(borough)
    cards = dbc.Row(
        [
            components.headline(
                "Young people reached",
                formats.cell(reach_now, reach_status),
                note=f"{filters.period_label(period)}, {where}",
                trend=_trend(shown, REACH),
                xs=6,
            ),
            components.headline(
                "Programmes running",
                formats.count(everyone.iloc[0]["programmes_running"]) if len(everyone) else formats.NOT_AVAILABLE,
                note=f"financial year {fy}",
                trend=_trend(shown, RUNNING),
                xs=6,
            ),
            components.headline(
                "Spend",
                formats.money_millions(spend["spend_gbp"] if spend is not None else None),
                note=f"financial year {fy}"
                + (
                    ""
                    if spend is None or pd.isna(spend["spend_share"])
                    else f", {formats.proportion(spend['spend_share'])} of the budget"
                )
                + ("" if programme == filters.ALL else ", this programme"),
                trend=_trend(shown, SPEND),
                xs=6,
            ),
            components.headline(
                "KPIs on track",
                f"{int(spend['kpis_on_track'])} of {int(spend['kpis'])}"
                if spend is not None and spend["kpis"]
                else "none",
                note=f"latest quarter, {spend['kpi_quarter']}"
                if spend is not None and spend["kpis"]
                else "no returns yet",
                trend=_trend(shown, KPIS),
                xs=6,
            ),
        ],
        className="g-2 g-md-3",
    )
    sentences = []
    if prev:
        for measure, what in (
            ("participants", "young people reached"),
            ("referrals", "referrals received"),
            ("completions", "programmes completed"),
        ):
            now, ns = _cell(ctx, measure=measure, programme=programme, period=period, borough=borough)
            before, bs = _cell(ctx, measure=measure, programme=programme, period=prev, borough=borough)
            sentences.append(
                change_sentence(
                    what=what, now=now, now_status=ns, before=before, before_status=bs, period=period, previous=prev
                )
            )
    else:
        sentences.append(
            f"{filters.period_label(period).capitalize()} is the first period published, so there is nothing to "
            "compare it with."
        )
    return [
        # On a desk the four figures share a row and the programmes sit beside the map, so the whole picture fits one
        # screen at 1,280 px; on a phone each part follows the one before.
        html.Div(cards, className="mb-3"),
        dbc.Row(
            [
                dbc.Col(
                    [
                        html.H2("Programmes at a glance", className="h4"),
                        *glance.table(ctx, year=fy, year_before=year_before, area=values["area"]),
                    ],
                    xl=9,
                ),
                dbc.Col(_map(shown), xl=3),
            ],
            className="g-3 mb-2",
        ),
        html.H2("What changed", className="h4"),
        html.Ul([html.Li(s) for s in sentences]),
        html.P(
            [ctx.protection(), " ", html.A("How the figures are made", href="/about"), "."],
            className="small text-body-secondary",
        ),
    ]


def previews_as(**params) -> tuple[str, dict]:
    """The home page's share preview is the reach page's trend for the same filters: its own charts are small trends,
    drawn without words."""
    return reach.PAGE.id, params


PAGE = Page(
    id="overview",
    title="London Violence Reduction Unit: performance",
    name="Overview",
    order=0,
    content=content,
    charts=(REACH, RUNNING, SPEND, KPIS),
    previews_as=previews_as,
    folded_filters=True,
    intro="Who the VRU's programmes help, where, against which targets, and for how much public money.",
)
