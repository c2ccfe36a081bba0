"""Reach: young people reached over time, and who they are (age, gender, ethnic group)."""
from __future__ import annotations

import dash_bootstrap_components as dbc

from dashboard import components, describe, figures, filters, queries, vocabulary


BREAKDOWN_TITLES = {"age_band": "Age band at referral", "gender": "Gender", "ethnicity": "Ethnic group"}


def _table_data(frame, *, caption, first, first_label):
    f = frame.assign(shown=[components.cell_text(v, s) for v, s in zip(frame["value"], frame["status"])])
    return components.TableData(f, caption=caption, columns=[(first, first_label), ("shown", "Young people")], numeric=frozenset({"shown"}))


def trend_card(ctx, values) -> dbc.Card:
    programme, borough = values["programme"], values["borough"]
    quarterly = programme == filters.ALL or borough == filters.ALL
    periods = tuple(filters.quarters(ctx["periods"]) if quarterly else filters.financial_years(ctx["periods"]))
    frame = queries.trend(ctx["engine"], ctx["release_id"], measure="participants", programme=programme, periods=periods, borough=borough)
    where = "London" if borough == filters.ALL else ctx["boroughs"].set_index("gss_code").loc[borough, "name"]
    name = "all programmes" if programme == filters.ALL else ctx["programmes"].set_index("programme_id").loc[programme, "name"]
    title = f"Young people reached by {'quarter' if quarterly else 'financial year'}: {name}, {where}"
    note = "" if quarterly else "Quarterly figures for one programme in one borough are not published (most would be below 10)."
    fig = figures.trend_figure(frame, title=title, y_title="young people (rounded to 5)")
    summary = describe.trend(frame, what="young people reached", context=f"{name}, {where}", step="quarter" if quarterly else "financial year")
    return components.chart_card(graph_id="reach-trend", figure=fig, title=title, description=note, summary=summary,
                                 table=_table_data(frame, caption=title, first="period", first_label="Period"))


def breakdown_card(ctx, values, dimension) -> dbc.Card:
    period = values["period"]
    year = filters.financial_year_of(period)
    frame = queries.breakdown(ctx["engine"], ctx["release_id"], measure="participants", programme=values["programme"], period=year, dimension=dimension)
    title = f"Young people reached by {BREAKDOWN_TITLES[dimension].lower()}, financial year {year}"
    note = "Breakdowns are published by financial year." if filters.is_quarter(period) else ""
    order = list(vocabulary.AGE_BANDS) if dimension == "age_band" else None
    fig = figures.breakdown_figure(frame, title=title, x_title="young people (rounded to 5)", order=order)
    summary = describe.breakdown(frame, what=f"young people reached in financial year {year}", by=BREAKDOWN_TITLES[dimension].lower())
    return components.chart_card(graph_id=f"reach-{dimension}", figure=fig, title=title, description=note, summary=summary,
                                 table=_table_data(frame, caption=title, first="category", first_label=BREAKDOWN_TITLES[dimension]))


def content(ctx: dict, values: dict) -> list:
    cards = [trend_card(ctx, values)]
    if values["borough"] != filters.ALL:
        cards.append(dbc.Alert("Breakdowns by age, gender and ethnic group are published for London as a whole, not for single boroughs.", color="info"))
    return cards + [dbc.Row([dbc.Col(breakdown_card(ctx, values, d), lg=4) for d in BREAKDOWN_TITLES])]
