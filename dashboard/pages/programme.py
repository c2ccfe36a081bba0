"""One page per programme: what it does, who it reaches, its KPIs and its spend."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import filters, views
from dashboard.sections import kpis, reach, spend

dash.register_page(__name__, path_template="/programmes/<programme_id>", name="Programme", title="Programme - London VRU performance dashboard")


def exists(programme_id: str) -> bool:
    """Whether /programmes/<programme_id> names a programme of the live release (else the address is a 404: dashboard/not_found.py)."""
    return programme_id in set(views.context()["programmes"]["programme_id"])


def layout(programme_id: str | None = None, **params):
    ctx = views.context()
    progs = ctx["programmes"].set_index("programme_id")
    if not isinstance(programme_id, str) or programme_id not in progs.index:  # a repeated ?programme_id= is a list
        return html.Div([html.H1("Programme not found"), html.P(["There is no programme with that name. ", html.A("See all programmes", href="/programmes")])])
    p = progs.loc[programme_id]
    values = filters.clean({**params, "programme": programme_id}, programmes=ctx["programmes"], periods=ctx["periods"], boroughs=ctx["boroughs"])
    facts = [("Priority area", p["priority_area"]), ("Lead provider", p["lead_provider"]), ("Running since", p["start_date"]),
             ("Ends", "open-ended" if pd.isna(p["end_date"]) else p["end_date"]), ("Total funding", f"£{p['total_funding_gbp']:,.0f}"),
             ("Benefit-cost ratio", "no evaluation yet" if pd.isna(p["benefit_cost_ratio"]) else f"£{p['benefit_cost_ratio']:,.2f} per £1 ({p['evidence_rating']} evidence)")]
    return html.Div([
        html.H1(p["name"]),
        html.P(p["description"], className="lead"),
        html.Dl([item for k, v in facts for item in (html.Dt(k), html.Dd(v))], className="programme-facts"),
        html.H2("Reach", className="h4"),
        reach.trend_card(ctx, values),
        dbc.Row([dbc.Col(reach.breakdown_card(ctx, values, d), lg=4) for d in reach.BREAKDOWN_TITLES]),
        html.H2("KPIs", className="h4"),
        *kpis.content(ctx, {**values, "area": filters.ALL})[2:],
        html.H2("Spend", className="h4"),
        *spend.content(ctx, values)[:1],
    ])
