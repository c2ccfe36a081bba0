"""One page per programme: what it does, who it reaches, its KPIs and its spend: the cards of the
reach, KPI and spend pages for the programme, each with the downloads and links of its own page."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import pages
from dashboard.data import release_context
from dashboard.pages import kpis, reach, spend


def exists(programme_id: str) -> bool:
    """Whether /programmes/<programme_id> names a programme of the live release (else the address is a 404:
    dashboard/pages/not_found.py)."""
    return isinstance(programme_id, str) and programme_id in set(
        release_context.for_request().programmes["programme_id"]
    )


def _facts(p) -> list[tuple[str, str]]:
    return [
        ("Priority area", p["priority_area"]),
        ("Lead provider", p["lead_provider"]),
        ("Running since", p["start_date"]),
        ("Ends", "open-ended" if pd.isna(p["end_date"]) else p["end_date"]),
        ("Total funding", f"£{p['total_funding_gbp']:,.0f}"),
        (
            "Benefit-cost ratio",
            "no evaluation yet"
            if pd.isna(p["benefit_cost_ratio"])
            else f"£{p['benefit_cost_ratio']:,.2f} per £1 ({p['evidence_rating']} evidence)",
        ),
    ]


def layout(programme_id: str | None = None, **params):
    ctx = release_context.for_request()
    progs = ctx.programmes.set_index("programme_id")
    if not isinstance(programme_id, str) or programme_id not in progs.index:  # a repeated ?programme_id= is a list
        # Only reached by client-side navigation: the server answers an unknown programme with a 404
        # (dashboard/pages/not_found.py).
        return html.Div(
            [
                html.H1("Programme not found"),
                html.P(["There is no programme with that name. ", html.A("See all programmes", href="/programmes")]),
            ]
        )
    p = progs.loc[programme_id]
    given = {**{k: v for k, v in params.items() if k in ("period", "borough")}, "programme": programme_id}

    def shown(page):
        return page.shown(ctx, page.values(ctx, given))

    on_reach, on_kpis, on_spend = shown(reach.PAGE), shown(kpis.PAGE), shown(spend.PAGE)
    return html.Div(
        [
            html.H1(p["name"]),
            html.P(p["description"], className="lead"),
            html.Dl([item for k, v in _facts(p) for item in (html.Dt(k), html.Dd(v))], className="programme-facts"),
            html.H2("Reach", className="h4"),
            on_reach.card(reach.TREND),
            reach.breakdown_row(on_reach),
            html.H2("KPIs", className="h4"),
            *kpis.programme_kpis(on_kpis),
            html.H2("Spend", className="h4"),
            on_spend.card(spend.BUDGET),
        ]
    )


PAGE = pages.Page(
    id="programme",
    path_template="/programmes/<programme_id>",
    name="Programme",
    draw=layout,
    exists=exists,
    in_navigation=False,
)
