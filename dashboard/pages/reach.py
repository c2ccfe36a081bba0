"""Reach: young people reached over time, and who they are (age, gender, ethnic group)."""

from __future__ import annotations

import dash_bootstrap_components as dbc

from dashboard import charts
from dashboard.charts import bars, describe, slots
from dashboard.data import queries, vocabulary
from dashboard.data.release_context import ReleaseContext
from dashboard.pages import Page, Shown
from dashboard.ui import filters, formats

BREAKDOWN_TITLES = {"age_band": "Age band at referral", "gender": "Gender", "ethnicity": "Ethnic group"}
# Counts are rounded to 5: each card's notes and table say so, not the axis (it would be cut on a phone).
Y_TITLE = "young people"


def _table_data(frame, *, caption, first, first_label) -> charts.TableData:
    f = frame.assign(shown=[formats.cell(v, s) for v, s in zip(frame["value"], frame["status"])])
    return charts.TableData(
        f, caption=caption, columns=[(first, first_label), ("shown", "Young people")], numeric=frozenset({"shown"})
    )


def trend_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    programme, borough = values["programme"], values["borough"]
    quarterly = programme == filters.ALL or borough == filters.ALL
    periods = tuple(filters.quarters(list(ctx.periods)) if quarterly else filters.financial_years(list(ctx.periods)))
    frame = queries.trend(
        ctx.engine, ctx.release_id, measure="participants", programme=programme, periods=periods, borough=borough
    )
    name, where = ctx.programme_name(programme), ctx.borough_name(borough)
    title = f"Young people reached by {'quarter' if quarterly else 'financial year'}: {name}, {where}"
    note = (
        ""
        if quarterly
        else "Quarterly figures for one programme in one borough are not published (most would be below 10)."
    )
    return charts.ChartView(
        title=title,
        rows=frame,
        options={"y_title": Y_TITLE},
        description=note,
        summary=describe.trend(
            frame,
            what="young people reached",
            context=f"{name}, {where}",
            step="quarter" if quarterly else "financial year",
        ),
        table=_table_data(frame, caption=title, first="period", first_label="Period"),
    )


def _breakdown_view(dimension: str):
    def view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
        period = values["period"]
        year = filters.financial_year_of(period)
        frame = queries.breakdown(
            ctx.engine,
            ctx.release_id,
            measure="participants",
            programme=values["programme"],
            period=year,
            dimension=dimension,
        )
        title = f"Young people reached by {BREAKDOWN_TITLES[dimension].lower()}, financial year {year}"
        return charts.ChartView(
            title=title,
            rows=frame,
            description="Breakdowns are published by financial year." if filters.is_quarter(period) else "",
            options={"x_title": Y_TITLE, "order": list(vocabulary.AGE_BANDS) if dimension == "age_band" else None},
            summary=describe.breakdown(
                frame, what=f"young people reached in financial year {year}", by=BREAKDOWN_TITLES[dimension].lower()
            ),
            table=_table_data(frame, caption=title, first="category", first_label=BREAKDOWN_TITLES[dimension]),
        )

    return view


TREND = charts.Chart(id="reach-trend", view=trend_view, figure=bars.trend_figure)
BREAKDOWNS = tuple(
    charts.Chart(id=f"reach-{d}", view=_breakdown_view(d), figure=bars.breakdown_figure, slot=slots.THIRD)
    for d in BREAKDOWN_TITLES
)


def breakdown_row(shown: Shown) -> dbc.Row:
    return dbc.Row([dbc.Col(shown.card(chart), lg=4) for chart in BREAKDOWNS])


def content(shown: Shown) -> list:
    cards = [shown.card(TREND)]
    if shown.values["borough"] != filters.ALL:
        cards.append(
            dbc.Alert(
                "Breakdowns by age, gender and ethnic group are published for London as a whole, not for single "
                "boroughs.",
                color="info",
            )
        )
    return [*cards, breakdown_row(shown)]


PAGE = Page(
    id="reach",
    title="Reach: who is helped",
    name="Reach",
    order=1,
    content=content,
    charts=(TREND, *BREAKDOWNS),
    intro="Distinct young people whose support started in each period, and who they are.",
)
