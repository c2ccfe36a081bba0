"""Commissioned services: a searchable directory and map, with performance, ratings and open funding rounds."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html, no_update

from dashboard import components, directory, figures, filters, geo, queries, views

dash.register_page(__name__, path="/services", name="Services", title="Commissioned services - London VRU performance dashboard", order=5)


def _area_options(services):
    return [(directory.ALL, "All service areas")] + [(a, a) for a in sorted(services["service_area"].unique())]


def _clean(params: dict, services, boroughs) -> dict:
    return {
        "q": str(params.get("q", ""))[:100],
        "area": params.get("area") if params.get("area") in set(services["service_area"]) else directory.ALL,
        "borough": params.get("borough") if params.get("borough") in set(boroughs["gss_code"]) else directory.ALL,
        "closed": "yes" if params.get("closed") == "yes" else "",
    }


def _card(row, *, names, today) -> dbc.Card:
    covered = ("London-wide" if row["boroughs_covered"] == directory.LONDON_WIDE
               else ", ".join(names.get(c, c) for c in row["boroughs_covered"].split(";")))
    is_stale = bool(directory.stale([row["last_reviewed"]], today=today).iloc[0])
    return dbc.Card(dbc.CardBody([
        html.H3(row["name"], className="h6 mb-1"),
        html.P([row["provider_name"], " · ", row["service_area"], " · commissioned by ", row["commissioner"]], className="small mb-1"),
        html.P(row["description"], className="small mb-1"),
        html.Dl([
            html.Dt("Areas covered"), html.Dd(covered),
            html.Dt("Funding"), html.Dd(f"£{row['annual_value_gbp']:,.0f} a year ({row['funding_stream']}), "
                                        f"{row['contract_start']} to {row['contract_end']}"),
            html.Dt("Performance"), html.Dd([f"{row['performance_measure']}: {row['performance_value']:g} against a target of {row['performance_target']:g}. ",
                                             components.rag_badge(row["rag_rating"]), html.Span(f" Rule: {row['rag_rule']}", className="small")]),
            html.Dt("Contact"), html.Dd([html.A("Website", href=row["website"]) if row["website"] else "", " ",
                                         html.A(row["public_contact"], href=f"mailto:{row['public_contact']}") if row["public_contact"] else ""]),
        ], className="small mb-1 service-facts"),
        html.P([f"Last reviewed {row['last_reviewed']}.", html.Strong(" Possibly out of date: not reviewed for over six months.") if is_stale else ""],
               className="small mb-0" + (" text-danger" if is_stale else "")),
    ]), className="mb-2")


def content(ctx: dict, values: dict) -> list:
    today = dt.date.today()
    services = queries.services(ctx["engine"], ctx["release_id"])
    boroughs = ctx["boroughs"]
    names = dict(zip(boroughs["gss_code"], boroughs["name"]))
    found = directory.search(services, text=values["q"], area=values["area"], borough=values["borough"])
    where = "" if values["borough"] == directory.ALL else f" in {names[values['borough']]}"
    counts = directory.per_borough(services, boroughs).assign(status="", participants_per_10k=0)
    map_title = "Commissioned services named for each borough (London-wide services are listed apart)"
    fig = figures.choropleth_figure(counts, geo.boroughs_geojson(), title=map_title, value="services", value_title="services")
    rounds = directory.open_rounds(queries.funding_opportunities(ctx["engine"], ctx["release_id"]), today=today, include_closed=values["closed"] == "yes")
    if values["area"] != directory.ALL:
        rounds = rounds[rounds["service_area"] == values["area"]]
    if values["borough"] != directory.ALL:
        rounds = rounds[rounds["boroughs"].map(lambda b: directory.covers(b, values["borough"]))]
    london_wide = found[found["boroughs_covered"] == directory.LONDON_WIDE]
    local = found[found["boroughs_covered"] != directory.LONDON_WIDE]
    table = components.TableData(counts.assign(value=counts["annual_value_gbp"].map("£{:,.0f}".format)).sort_values("borough_name"), caption=map_title,
                                 columns=[("borough_name", "Borough"), ("services", "Services"), ("value", "Annual value")], numeric=frozenset({"services", "value"}))
    return [
        html.P(html.Strong(f"{len(found)} service{'s' if len(found) != 1 else ''} match{'es' if len(found) == 1 else ''}{where}."), role="status"),
        dbc.Row([
            dbc.Col([html.H2("Services for particular boroughs", className="h4"),
                     *([_card(r, names=names, today=today) for _, r in local.iterrows()] or [html.P("None match.", className="small")]),
                     html.H2("London-wide services", className="h4 mt-3"), *[_card(r, names=names, today=today) for _, r in london_wide.iterrows()]], lg=7),
            dbc.Col([components.chart_card(graph_id="services-map", figure=fig, title=map_title, table=table,
                                           description="Select a borough on the map to see its services.")], lg=5),
        ]),
        html.H2("Funding rounds", className="h4 mt-3"),
        components.data_table(rounds.assign(value=rounds["total_value_gbp"].map("£{:,.0f}".format),
                                            eligible=rounds["boroughs"].map(lambda b: "London-wide" if b == directory.LONDON_WIDE else ", ".join(names.get(c, c) for c in b.split(";"))),
                                            link=rounds["url"]),
                              caption="Open and upcoming funding rounds" + (" (closed rounds included)" if values["closed"] else ""),
                              columns=[("title", "Round"), ("state", "Status"), ("service_area", "Area"), ("eligible", "Boroughs"), ("value", "Total"),
                                       ("opens", "Opens"), ("closes", "Closes"), ("link", "Apply at")], numeric={"value"}),
    ]


def layout(**params):
    ctx = views.context()
    services = queries.services(ctx["engine"], ctx["release_id"])
    values = _clean(params, services, ctx["boroughs"])
    return html.Div([
        html.H1("Commissioned services"),
        html.P("Every service MOPAC and the VRU commission: who delivers it, where, for how much, how it performs, and open funding rounds.", className="lead"),
        components.filter_bar([
            html.Div([dbc.Label("Search", html_for="services-q", className="form-label mb-1"),
                      dbc.Input(id="services-q", type="search", value=values["q"], debounce=True, placeholder="e.g. mentoring, Hackney, youth")], className="filter"),
            components.select("services-area", label="Service area", options=_area_options(services), value=values["area"]),
            components.select("services-borough", label="Borough", options=filters.borough_options(ctx["boroughs"]), value=values["borough"]),
            html.Div([dbc.Checkbox(id="services-closed", label="Show closed funding rounds", value=values["closed"] == "yes")], className="filter pt-4"),
        ]),
        html.Div(content(ctx, values), id="services-content", **{"aria-live": "polite"}),
    ])


@callback(Output("services-content", "children"), Output("page-query", "data", allow_duplicate=True),
          Input("services-q", "value"), Input("services-area", "value"), Input("services-borough", "value"), Input("services-closed", "value"),
          prevent_initial_call=True)
def update(q, area, borough, closed):
    if dash.ctx.triggered_id is None:
        return no_update, no_update
    ctx = views.context()
    values = _clean({"q": q or "", "area": area, "borough": borough, "closed": "yes" if closed else ""}, queries.services(ctx["engine"], ctx["release_id"]), ctx["boroughs"])
    query = urlencode([(k, v) for k, v in values.items() if v and v != directory.ALL])
    return content(ctx, values), ("?" + query) if query else ""


@callback(Output("services-borough", "value"), Input("services-map", "clickData"), prevent_initial_call=True)
def borough_from_map(click):
    if not click or not click.get("points"):
        return no_update
    return click["points"][0].get("location") or no_update
