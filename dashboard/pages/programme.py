"""One page per programme: what it does, who it reaches, its KPIs and its spend: the cards of the
reach, KPI and spend pages for the programme, each with the downloads and links of its own page."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import pages
from dashboard.data import release_context
from dashboard.pages import kpis, reach, spend
from dashboard.ui import components, formats

# The filters a programme's page reads from its query; a ?release= pins the page to an earlier release
# ("as published"), as on every page.
KEYS = ("period", "borough")


def exists(programme_id: str, *, release=None) -> bool:
    """Whether /programmes/<programme_id> names a programme of the release asked for (else the address is a 404:
    dashboard/pages/not_found.py)."""
    return isinstance(programme_id, str) and programme_id in set(
        release_context.for_request(release).programmes["programme_id"]
    )


def filters_for(programme_id: str, params: dict) -> dict:
    """The filters of the reach, KPI and spend pages whose cards a programme's page shows: the programme,
    with the period, borough and release asked for."""
    return {**{k: v for k, v in params.items() if k in (*KEYS, "release")}, "programme": programme_id}


def previews_as(programme_id: str | None = None, **params) -> tuple[str, dict]:
    """A programme's page is previewed by the reach page's view for the programme (dashboard/exports/share.py)."""
    return reach.PAGE.id, filters_for(programme_id, params)


def normalised(programme_id: str | None = None, **params) -> dict:
    """What the page is drawn from besides its path: the cleaned values of the reach, KPI and spend pages whose
    cards it shows."""
    given = filters_for(programme_id, params)
    views = {page.id: page.shown_for(given).values for page in (reach.PAGE, kpis.PAGE, spend.PAGE)}
    return {"release": views[reach.PAGE.id]["release"], "views": views}


def _facts(p) -> list[tuple[str, str]]:
    return [
        ("Priority area", p["priority_area"]),
        ("Lead provider", p["lead_provider"]),
        ("Running since", p["start_date"]),
        ("Ends", "open-ended" if pd.isna(p["end_date"]) else p["end_date"]),
        ("Total funding", formats.money(p["total_funding_gbp"])),
        (
            "Benefit-cost ratio",
            "no evaluation yet"
            if pd.isna(p["benefit_cost_ratio"])
            else f"{formats.money(p['benefit_cost_ratio'], pence=True)} per £1 ({p['evidence_rating']} evidence)",
        ),
    ]


def layout(programme_id: str | None = None, **params):
    ctx = release_context.for_request(params.get("release"))
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
    given = filters_for(programme_id, params)
    on_reach, on_kpis, on_spend = (page.shown_for(given) for page in (reach.PAGE, kpis.PAGE, spend.PAGE))
    return html.Div(
        [
            html.H1(p["name"]),
            components.pinned_notice(
                ctx.release, live_release_id=ctx.live_release_id, path=f"/programmes/{programme_id}"
            )
            if ctx.pinned
            else None,
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
    keys=KEYS,
    exists=exists,
    previews_as=previews_as,
    normalise=normalised,
    in_navigation=False,
)
