"""What Dash Pages draws for an address no page matches when the reader gets there inside the app
(a link followed without a page load). A page load of the same address is a real 404 from the
server (dashboard/not_found.py), with the same words."""
from __future__ import annotations

import dash
from dash import html

from dashboard import not_found

# Dash Pages finds this layout by the module's name; its own path is itself a 404 (not_found._is_page).
dash.register_page(__name__, path="/page-not-found", name=not_found.TITLE, title=f"{not_found.TITLE} - London VRU performance dashboard")


def layout(**_params):
    return html.Div([
        html.H1(not_found.TITLE),
        html.P("There is no page at this address. It may have moved, or the link may be mistyped."),
        html.Ul([html.Li(html.A("The overview of the VRU's programmes", href="/")),
                 html.Li([html.A("Every programme", href="/programmes"), ", each with its reach, KPIs and spend"]),
                 html.Li(html.A("How the figures are made", href="/about")),
                 html.Li(html.A("Search the commissioned services", href="/services"))]),
    ])
