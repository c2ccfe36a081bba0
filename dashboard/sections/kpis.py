"""KPI progress: one headline KPI per priority area, then every programme KPI against its target."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import components, figures, filters, queries



def _value_text(row) -> str:
    if row["status"] == "c":
        return "[c]"
    return f"{row['value']:,.1f}%" if row["unit"] == "percent" else f"{row['value']:,.1f}"


def _latest(kpi_rows, period: str):
    """The latest quarter's return within the chosen period (a year's last quarter with a return)."""
    in_period = kpi_rows[kpi_rows["quarter"] == period] if filters.is_quarter(period) else kpi_rows[kpi_rows["quarter"].str.startswith(period)]
    return in_period.iloc[-1] if len(in_period) else None


def headline_cards(kpis, values, programmes) -> dbc.Row:
    cards = []
    heads = kpis[kpis["is_headline"].astype(bool)]
    for area, rows in heads.groupby("priority_area"):
        latest = _latest(rows, values["period"])
        prog_name = programmes.set_index("programme_id").loc[rows.iloc[0]["programme_id"], "name"]
        body = [html.P(area, className="headline-label mb-1"), html.P(rows.iloc[0]["name"], className="fw-semibold mb-1"),
                html.P(f"{prog_name}", className="small text-body-secondary mb-2")]
        if latest is None:
            body.append(html.P("No return in this period."))
        else:
            body += [html.P([html.Span(_value_text(latest), className="headline-value"), f" against a target of {latest['target']:g}{'%' if latest['unit'] == 'percent' else ''} ({latest['quarter']})"]),
                     components.rag_badge(latest["rag"])]
        cards.append(dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100"), xs=12, md=6, xl=4))
    return dbc.Row(cards, className="g-3 mb-4")


def kpi_card(rows, values) -> dbc.Card:
    first = rows.iloc[0]
    title = f"{first['name']}: by quarter against the target"
    fig = figures.kpi_figure(rows, title=title, unit=first["unit"], target=float(first["target"]))
    latest = _latest(rows, values["period"])
    table = rows.assign(
        shown=[_value_text(r) for _, r in rows.iterrows()],
        rating=[figures.RAG_WORDS.get(r, "not published") for r in rows["rag"]],
        target_text=[f"{t:g}" for t in rows["target"]],
    )
    return dbc.Card(dbc.CardBody([
        html.H3(first["name"], className="h5"),
        html.P([components.rag_badge(latest["rag"] if latest is not None else None), " ",
                html.Span(f"Latest ({latest['quarter']}): {_value_text(latest)}" if latest is not None else "No return in this period.")]),
        html.P(["Rating rule: ", first["rag_rule"]], className="small"),
        components.chart_card(graph_id=f"kpi-{first['kpi_id']}", figure=fig, title=title, level=4,
                              table=components.data_table(table, caption=title, columns=[("quarter", "Quarter"), ("shown", "Value"), ("target_text", "Target"), ("rating", "Rating")],
                                                          numeric={"shown", "target_text"})),
    ]), className="mb-4")


def content(ctx: dict, values: dict) -> list:
    kpis = queries.kpi_progress(ctx["engine"], ctx["release_id"])
    progs = ctx["programmes"]
    if values["area"] != filters.ALL:
        kpis = kpis[kpis["priority_area"] == values["area"]]
    out = [html.H2("Headline KPI of each priority area", className="h4"), headline_cards(kpis, values, progs)]
    shown = kpis if values["programme"] == filters.ALL else kpis[kpis["programme_id"] == values["programme"]]
    for programme_id, rows in shown.groupby("programme_id", sort=False):
        out.append(html.H2(progs.set_index("programme_id").loc[programme_id, "name"], className="h4 mt-2"))
        for _, kpi_rows in rows.groupby("kpi_id", sort=False):
            out.append(kpi_card(kpi_rows.reset_index(drop=True), values))
    return out
