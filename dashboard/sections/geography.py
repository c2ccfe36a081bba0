"""Geography: reach per 10,000 residents by borough, as a map or London Squared tiles,
inner against outer London, and a borough's own view."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html, no_update

from dashboard import components, describe, figures, filters, geo, queries, views


RATE = "participants_per_10k"
RATE_TITLE = "per 10,000 residents"


def _summary(ctx, values):
    programme, period = values["programme"], values["period"]
    if filters.is_quarter(period) and programme != filters.ALL:
        period = filters.financial_year_of(period)  # quarterly borough figures are published for London as a whole only
    frame = queries.borough_summary(ctx["engine"], ctx["release_id"], programme=programme, period=period)
    return frame.merge(ctx["boroughs"][["gss_code", "ls_abbrev", "ls_col", "ls_row"]], left_on="borough", right_on="gss_code"), period


def _table_data(frame, caption):
    f = frame.assign(
        reached=[components.cell_text(v, s) for v, s in zip(frame["participants"], frame["status"])],
        rate=[components.cell_text(v, s, fmt="{:,.1f}") for v, s in zip(frame[RATE], frame["status"])],
    )
    return components.TableData(f, caption=caption, columns=[("borough_name", "Borough"), ("inner_outer", "Inner or outer"),
                                                            ("reached", "Young people reached"), ("rate", "Per 10,000 residents")],
                                 numeric={"reached", "rate"})


def content(ctx: dict, values: dict) -> list:
    frame, period = _summary(ctx, values)
    name = "all programmes" if values["programme"] == filters.ALL else ctx["programmes"].set_index("programme_id").loc[values["programme"], "name"]
    title = f"Young people reached per 10,000 residents, {name}, {filters.period_label(period)}"
    note = "Quarterly borough figures are published for all programmes together; this shows the financial year." if period != values["period"] else ""
    if values["view"] == "tiles":
        fig = figures.tile_map_figure(frame, title=title, value=RATE, value_title=RATE_TITLE)
    else:
        fig = figures.choropleth_figure(frame, geo.boroughs_geojson(), title=title, value=RATE, value_title=RATE_TITLE)
    summary = describe.area_map(frame, what=f"young people reached {RATE_TITLE}", value=RATE,
                                chart="Tile map (London Squared) of London boroughs" if values["view"] == "tiles" else "Map of London boroughs")
    cards = [components.chart_card(graph_id="geography-map", figure=fig, title=title, summary=summary,
                                   description=note or "Select a borough on the map or in the Borough filter to see its own figures.",
                                   table=_table_data(frame, title))]
    io_title = f"Inner and outer London boroughs compared, {name}, {filters.period_label(period)}"
    io_fig = figures.inner_outer_figure(frame, title=io_title, value=RATE, value_title=RATE_TITLE)
    io_summary = describe.groups(frame, what=f"young people reached {RATE_TITLE}, each borough a point", group="inner_outer",
                                 label="borough_name", value=RATE)
    cards.append(components.chart_card(graph_id="geography-inner-outer", figure=io_fig, title=io_title, summary=io_summary,
                                       description="Each point is one borough's published rate; boroughs with suppressed figures are left out.",
                                       table=_table_data(frame.sort_values(["inner_outer", "borough_name"]), io_title)))
    if values["borough"] != filters.ALL:
        cards.insert(0, borough_view(ctx, values, frame))
    return cards


def borough_view(ctx, values, frame) -> dbc.Card:
    row = frame[frame["borough"] == values["borough"]]
    b = row.iloc[0]
    ranked = frame[frame["status"] != "c"].sort_values(RATE, ascending=False).reset_index(drop=True)
    rank = ranked.index[ranked["borough"] == b["borough"]]
    rank_text = f"ranked {rank[0] + 1} of {len(ranked)} boroughs with published figures" if len(rank) else "its figure is suppressed"
    periods = tuple(filters.quarters(ctx["periods"]) if values["programme"] == filters.ALL else filters.financial_years(ctx["periods"]))
    trend = queries.trend(ctx["engine"], ctx["release_id"], measure="participants", programme=values["programme"], periods=periods, borough=b["borough"])
    title = f"Young people reached in {b['borough_name']} over time"
    fig = figures.trend_figure(trend, title=title, y_title="young people (rounded to 5)")
    summary = describe.trend(trend, what=f"young people reached in {b['borough_name']}",
                             step="quarter" if values["programme"] == filters.ALL else "financial year")
    trend = trend.assign(shown=[components.cell_text(v, s) for v, s in zip(trend["value"], trend["status"])])
    return dbc.Card(dbc.CardBody([
        html.H2(f"{b['borough_name']} ({b['inner_outer']} London)", className="h4"),
        html.P(f"{components.cell_text(b['participants'], b['status'])} young people reached, "
               f"{components.cell_text(b[RATE], b['status'], fmt='{:,.1f}')} per 10,000 residents; {rank_text}."),
        components.chart_card(graph_id="geography-borough-trend", figure=fig, title=title, summary=summary,
                              table=components.TableData(trend, caption=title, columns=[("period", "Period"), ("shown", "Young people")], numeric={"shown"})),
    ]), className="mb-4 border-primary")


@callback(Output("geography-borough", "value"), Input("geography-map", "clickData"), prevent_initial_call=True)
def borough_from_map(click):
    """A click on a borough chooses it in the Borough filter (which then redraws the page)."""
    if not click or not click.get("points"):
        return no_update
    point = click["points"][0]
    code = point.get("location") or (point.get("customdata") or [None])[0]
    ctx = views.context()
    if code in set(ctx["boroughs"]["gss_code"]):
        return code
    by_name = dict(zip(ctx["boroughs"]["name"], ctx["boroughs"]["gss_code"]))
    return by_name.get(code, no_update)
