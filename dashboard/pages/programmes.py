"""The list of programmes, each linking to its own page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import pages
from dashboard.data import release_context


def layout(release=None, **_params):
    ctx = release_context.for_request(release if isinstance(release, str) else None)
    progs = ctx.programmes
    pin = f"?release={ctx.release_id}" if ctx.pinned else ""  # a view "as published" (or a preview) stays on it
    cards = [
        dbc.Col(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(html.A(r["name"], href=f"/programmes/{r['programme_id']}{pin}"), className="h5"),
                        html.P(r["priority_area"], className="small text-body-secondary mb-1"),
                        html.P(r["description"], className="mb-0"),
                    ]
                ),
                className="h-100",
            ),
            xs=12,
            md=6,
            xl=4,
        )
        for _, r in progs.iterrows()
    ]
    return html.Div(
        [
            html.H1("Programmes"),
            html.P("The VRU programmes in this release. Choose one for its reach, KPIs and spend.", className="lead"),
            dbc.Row(cards, className="g-3"),
        ]
    )


PAGE = pages.Page(id="programmes", name="Programmes", draw=layout, order=5)
