"""Spend and value for money: budget against actual, cost per participant, benefit-cost ratio, spend by borough."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import components, describe, figures, filters, geo, queries



def _money(v) -> str:
    return "not available" if v is None or v != v else f"£{v:,.0f}"


def content(ctx: dict, values: dict) -> list:
    engine, rid, progs = ctx["engine"], ctx["release_id"], ctx["programmes"]
    programme, year = values["programme"], filters.financial_year_of(values["period"])
    name = "all programmes" if programme == filters.ALL else progs.set_index("programme_id").loc[programme, "name"]
    by_year = queries.spend(engine, rid, programme=programme)
    by_year = by_year[by_year["programme_id"] == programme]
    title = f"Budget and spend by financial year, {name}"
    table = by_year.assign(budget=by_year["budget_gbp"].map(_money), spent=by_year["spend_gbp"].map(_money),
                           per_head=[components.cell_text(v, "c" if s == "c" else "", fmt="£{:,.0f}") for v, s in zip(by_year["cost_per_participant_gbp"], by_year["participants_status"])])
    cards = [components.chart_card(graph_id="spend-budget", figure=figures.budget_figure(by_year, title=title), title=title,
                                   summary=describe.trend(by_year, what=f"spend against budget, {name}", step="financial year", x="financial_year",
                                                          value="spend_gbp", fmt="£{:,.0f}", reference="budget_gbp", reference_word="budget"),
                                   table=components.TableData(table, caption=title, columns=[("financial_year", "Financial year"), ("budget", "Budget"), ("spent", "Spend"), ("per_head", "Cost per young person reached")],
                                                               numeric={"budget", "spent", "per_head"}))]
    per_prog = queries.spend(engine, rid, financial_year=year)
    per_prog = per_prog[per_prog["programme_id"] != filters.ALL].merge(progs[["programme_id", "name", "benefit_cost_ratio", "evidence_rating"]], on="programme_id")
    cost_title = f"Cost per young person reached, financial year {year}"
    cost_table = per_prog.assign(per_head=per_prog["cost_per_participant_gbp"].map(lambda v: _money(v) if v == v else "not published"),
                                 spent=per_prog["spend_gbp"].map(_money))
    cards.append(components.chart_card(graph_id="spend-cost", figure=figures.cost_figure(per_prog, title=cost_title), title=cost_title,
                                       summary=describe.ranking(per_prog, what=f"cost per young person reached in financial year {year}", item="programme",
                                                                label="name", value="cost_per_participant_gbp", fmt="£{:,.0f}"),
                                       description="Spend in the year divided by the young people whose support started in it (both as published).",
                                       table=components.TableData(cost_table, caption=cost_title, columns=[("name", "Programme"), ("spent", "Spend"), ("per_head", "Cost per young person")],
                                                                   numeric={"spent", "per_head"})))
    evaluated = progs[progs["benefit_cost_ratio"].notna()]
    bcr_rows = [html.Tr([html.Td(r["name"]), html.Td(f"£{r['benefit_cost_ratio']:,.2f}", className="text-end"), html.Td(r["evidence_rating"] or ""),
                         html.Td(html.A("Evaluation", href=r["evaluation_url"]) if r["evaluation_url"] else "")]) for _, r in evaluated.iterrows()]
    cards.append(dbc.Card(dbc.CardBody([
        html.H2("Benefit-cost ratio where an evaluation exists", className="h5"),
        html.P("Benefits to society per £1 spent, from independent evaluations. Programmes without an evaluation are not listed.", className="small"),
        html.Table([html.Caption("Benefit-cost ratios of evaluated programmes"),
                    html.Thead(html.Tr([html.Th("Programme", scope="col"), html.Th("Benefits per £1", scope="col", className="text-end"),
                                        html.Th("Evidence", scope="col"), html.Th("Source", scope="col")])),
                    html.Tbody(bcr_rows)], className="table table-sm data-table"),
    ]), className="mb-4"))
    boroughs = queries.spend_by_borough(engine, rid, programme=programme, financial_year=year)
    if len(boroughs):
        boroughs = boroughs.merge(ctx["boroughs"][["gss_code", "name", "inner_outer", "population_2021"]], left_on="borough", right_on="gss_code")
        boroughs = boroughs.rename(columns={"name": "borough_name"})
        boroughs["spend_k"] = boroughs["spend_gbp"] / 1000
        b_title = f"Spend attributed to each borough, £ thousands, {name}, financial year {year}"
        b_fig = figures.choropleth_figure(boroughs, geo.boroughs_geojson(), title=b_title, value="spend_k", value_title="£ thousands")
        b_table = boroughs.assign(spent=[components.cell_text(v, s, fmt="£{:,.0f}") for v, s in zip(boroughs["spend_gbp"], boroughs["status"])])
        cards.append(components.chart_card(graph_id="spend-borough", figure=b_fig, title=b_title,
                                           summary=describe.area_map(boroughs, what=f"spend attributed to the borough, financial year {year}",
                                                                     value="spend_gbp", fmt="£{:,.0f}"),
                                           description="Only delivery spend can be attributed to boroughs; spend is [c] where it would reveal a suppressed count.",
                                           table=components.TableData(b_table.sort_values("borough_name"), caption=b_title,
                                                                       columns=[("borough_name", "Borough"), ("spent", "Spend")], numeric={"spent"})))
    return cards
