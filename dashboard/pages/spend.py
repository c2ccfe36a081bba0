"""Spend and value for money: budget against actual, cost per participant, benefit-cost ratio, spend by borough."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import charts
from dashboard.charts import describe, geo, maps, spend
from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.pages import Page, Shown
from dashboard.ui import components, filters, formats, links


def budget_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    programme = values["programme"]
    name = ctx.programme_name(programme)
    by_year = queries.spend(ctx.engine, ctx.release_id, programme=programme)
    by_year = by_year[by_year["programme_id"] == programme]
    title = f"Budget and spend by financial year, {name}"
    table = by_year.assign(
        budget=by_year["budget_gbp"].map(formats.money),
        spent=by_year["spend_gbp"].map(formats.money),
        per_head=[
            formats.cell(v, s, fmt=formats.MONEY)
            for v, s in zip(by_year["cost_per_participant_gbp"], by_year["participants_status"])
        ],
    )
    return charts.ChartView(
        title=title,
        rows=by_year,
        summary=describe.trend(
            by_year,
            what=f"spend against budget, {name}",
            step="financial year",
            x="financial_year",
            value="spend_gbp",
            fmt=formats.MONEY,
            reference="budget_gbp",
            reference_word="budget",
        ),
        table=charts.TableData(
            table,
            caption=title,
            columns=[
                ("financial_year", "Financial year"),
                ("budget", "Budget"),
                ("spent", "Spend"),
                ("per_head", "Cost per young person reached"),
            ],
            numeric=frozenset({"budget", "spent", "per_head"}),
        ),
    )


def cost_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    year = filters.financial_year_of(values["period"])
    per_prog = queries.spend(ctx.engine, ctx.release_id, financial_year=year)
    per_prog = per_prog[per_prog["programme_id"] != filters.ALL].merge(
        ctx.programmes[["programme_id", "name", "benefit_cost_ratio", "evidence_rating"]], on="programme_id"
    )
    title = f"Cost per young person reached, financial year {year}"
    table = per_prog.assign(
        per_head=per_prog["cost_per_participant_gbp"].map(lambda v: formats.money(v, missing="not published")),
        spent=per_prog["spend_gbp"].map(formats.money),
    )
    return charts.ChartView(
        title=title,
        rows=per_prog,
        description="Spend in the year divided by the young people whose support started in it (both as published).",
        summary=describe.ranking(
            per_prog,
            what=f"cost per young person reached in financial year {year}",
            item="programme",
            label="name",
            value="cost_per_participant_gbp",
            fmt=formats.MONEY,
        ),
        table=charts.TableData(
            table,
            caption=title,
            columns=[("name", "Programme"), ("spent", "Spend"), ("per_head", "Cost per young person")],
            numeric=frozenset({"spent", "per_head"}),
        ),
    )


def borough_view(ctx: ReleaseContext, values: dict) -> charts.ChartView | None:
    """Spend attributed to each borough (None where none is attributed for the filters)."""
    programme, year = values["programme"], filters.financial_year_of(values["period"])
    boroughs = queries.spend_by_borough(ctx.engine, ctx.release_id, programme=programme, financial_year=year)
    if boroughs.empty:
        return None
    boroughs = boroughs.merge(
        ctx.boroughs[["gss_code", "name", "inner_outer", "population_2021"]], left_on="borough", right_on="gss_code"
    )
    boroughs = boroughs.rename(columns={"name": "borough_name"}).assign(spend_k=lambda f: f["spend_gbp"] / 1000)
    title = f"Spend attributed to each borough, £ thousands, {ctx.programme_name(programme)}, financial year {year}"
    table = boroughs.assign(
        spent=[formats.cell(v, s, fmt=formats.MONEY) for v, s in zip(boroughs["spend_gbp"], boroughs["status"])]
    )
    return charts.ChartView(
        title=title,
        rows=boroughs,
        options={"geojson": geo.boroughs_geojson(), "value": "spend_k", "value_title": "£ thousands"},
        description="Only delivery spend can be attributed to boroughs; spend is [c] where it would reveal a "
        "suppressed count.",
        summary=describe.area_map(
            boroughs,
            what=f"spend attributed to the borough, financial year {year}",
            value="spend_gbp",
            fmt=formats.MONEY,
        ),
        table=charts.TableData(
            table.sort_values("borough_name"),
            caption=title,
            columns=[("borough_name", "Borough"), ("spent", "Spend")],
            numeric=frozenset({"spent"}),
        ),
    )


BUDGET = charts.Chart(id="spend-budget", view=budget_view, figure=spend.budget_figure)
COST = charts.Chart(id="spend-cost", view=cost_view, figure=spend.cost_figure)
BY_BOROUGH = charts.Chart(id="spend-borough", view=borough_view, figure=maps.choropleth_figure)


def benefit_cost_table(programmes) -> dbc.Card:
    evaluated = programmes[programmes["benefit_cost_ratio"].notna()]
    rows = [
        html.Tr(
            [
                html.Td(r["name"]),
                html.Td(formats.money(r["benefit_cost_ratio"], pence=True), className="text-end"),
                html.Td(r["evidence_rating"] or ""),
                html.Td(html.A("Evaluation", href=link) if (link := links.web_address(r["evaluation_url"])) else ""),
            ]
        )
        for _, r in evaluated.iterrows()
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Benefit-cost ratio where an evaluation exists", className="h5"),
                html.P(
                    "Benefits to society per £1 spent, from independent evaluations. Programmes without an evaluation "
                    "are not listed.",
                    className="small",
                ),
                components.scroll_region(
                    html.Table(
                        [
                            html.Caption("Benefit-cost ratios of evaluated programmes"),
                            html.Thead(
                                html.Tr(
                                    [
                                        html.Th("Programme", scope="col"),
                                        html.Th("Benefits per £1", scope="col", className="text-end"),
                                        html.Th("Evidence", scope="col"),
                                        html.Th("Source", scope="col"),
                                    ]
                                )
                            ),
                            html.Tbody(rows),
                        ],
                        className="table table-sm data-table",
                    ),
                    label="Benefit-cost ratios of evaluated programmes",
                ),
            ]
        ),
        className="mb-4",
    )


def content(shown: Shown) -> list:
    return [shown.card(BUDGET), shown.card(COST), benefit_cost_table(shown.ctx.programmes), shown.card(BY_BOROUGH)]


PAGE = Page(
    id="spend",
    title="Spend and value for money",
    name="Spend",
    order=4,
    content=content,
    charts=(BUDGET, COST, BY_BOROUGH),
    keys=("area", "programme", "period"),
    intro="Budgets, actual spend, cost per young person reached and, where evaluated, benefits per pound.",
)
