"""Commissioned services: a searchable directory and map, with performance, ratings and open funding rounds."""
from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html, no_update

from dashboard import components, describe, directory, figures, filters, geo, postcodes, queries, views

dash.register_page(__name__, path="/services", name="Services", title="Commissioned services - London VRU performance dashboard", order=5)

KEYS = ("q", "postcode", "area", "borough", "closed", "shade")
# The map shades boroughs by number of services (the default, "" so it stays out of the URL) or by their annual value.
SHADES = {"": "services", "value": "annual_value_gbp"}
MAP_TITLES = {"": "Number of commissioned services named for each borough (London-wide services are listed apart)",
              "value": "Annual value of commissioned services named for each borough, £ (London-wide services are listed apart)"}
DIRECTORY_TITLE = "Commissioned services matching the search"


def _area_options(services):
    return [(directory.ALL, "All service areas")] + [(a, a) for a in sorted(services["service_area"].unique())]


def clean(ctx: dict, params: dict) -> dict:
    services, boroughs = queries.services(ctx["engine"], ctx["release_id"]), ctx["boroughs"]
    return {
        "q": " ".join(str(params.get("q") or "").split())[:100],
        "postcode": " ".join(str(params.get("postcode") or "").upper().split())[:12],
        "area": params.get("area") if params.get("area") in set(services["service_area"]) else directory.ALL,
        "borough": params.get("borough") if params.get("borough") in set(boroughs["gss_code"]) else directory.ALL,
        "closed": "yes" if params.get("closed") in ("yes", True) else "",
        "shade": params.get("shade") if params.get("shade") in SHADES else "",
    }


def controls(ctx: dict, values: dict) -> list:
    services = queries.services(ctx["engine"], ctx["release_id"])
    return [
        html.Div([dbc.Label("Search", html_for="services-q", className="form-label mb-1"),
                  dbc.Input(id="services-q", type="search", value=values["q"], debounce=True, placeholder="e.g. mentoring, youth")], className="filter"),
        html.Div([dbc.Label("Postcode (full, or its first half)", html_for="services-postcode", className="form-label mb-1"),
                  dbc.Input(id="services-postcode", type="search", value=values["postcode"], debounce=True, autoComplete="postal-code",
                            placeholder=f"e.g. {postcodes.EXAMPLE}")], className="filter"),
        components.select("services-area", label="Service area", options=_area_options(services), value=values["area"]),
        components.select("services-borough", label="Borough", options=filters.borough_options(ctx["boroughs"]), value=values["borough"]),
        components.radio("services-shade", label="Shade the map by", value=values["shade"],
                         options=[("", "Number of services"), ("value", "Annual value")]),
        html.Div([dbc.Checkbox(id="services-closed", label="Show closed funding rounds", value=values["closed"] == "yes")], className="filter pt-lg-4"),
    ]


def _covered(boroughs_covered: str, names: dict) -> str:
    if boroughs_covered == directory.LONDON_WIDE:
        return "London-wide"
    return ", ".join(names.get(c, c) for c in boroughs_covered.split(";"))


def _card(row, *, names) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.H3(row["name"], className="h6 mb-1"),
        html.P([row["provider_name"], " · ", row["service_area"], " · commissioned by ", row["commissioner"]], className="small mb-1"),
        html.P(row["description"], className="small mb-1"),
        html.Dl([
            html.Dt("Areas covered"), html.Dd(_covered(row["boroughs_covered"], names)),
            html.Dt("Funding"), html.Dd(f"£{row['annual_value_gbp']:,.0f} a year ({row['funding_stream']}), "
                                        f"{row['contract_start']} to {row['contract_end']}"),
            html.Dt("Performance"), html.Dd([f"{row['performance_measure']}: {row['performance_value']:g} against a target of {row['performance_target']:g}. ",
                                             components.rag_badge(row["rag_rating"]), html.Span(f" Rule: {row['rag_rule']}", className="small")]),
            html.Dt("Contact"), html.Dd([html.A("Website", href=row["website"]) if row["website"] else "", " ",
                                         html.A(row["public_contact"], href=f"mailto:{row['public_contact']}") if row["public_contact"] else ""]),
        ], className="small mb-1 service-facts"),
        html.P([f"Last reviewed {row['last_reviewed']}.", html.Strong(" Possibly out of date: not reviewed for over six months.") if row["stale"] else ""],
               className="small mb-0" + (" text-danger" if row["stale"] else "")),
    ]), className="mb-2 service-card")


def _directory_table(found, names) -> components.TableData:
    """Every field of the matching services, for the CSV and XLSX downloads."""
    frame = found.assign(
        covered=found["boroughs_covered"].map(lambda b: _covered(b, names)),
        value=found["annual_value_gbp"].map("£{:,.0f}".format),
        rag=found["rag_rating"].map(lambda r: components.RAG_WORDS.get(r, "Not rated")),
        out_of_date=found["stale"].map({True: "yes", False: "no"}),
    )
    columns = [("service_id", "Service id"), ("name", "Service"), ("provider_name", "Provider"), ("provider_type", "Provider type"),
               ("service_area", "Service area"), ("description", "What it does"), ("covered", "Areas covered"), ("commissioner", "Commissioner"),
               ("funding_stream", "Funding stream"), ("value", "Annual value"), ("contract_start", "Contract start"), ("contract_end", "Contract end"),
               ("performance_measure", "Performance measure"), ("performance_value", "Latest value"), ("performance_target", "Target"),
               ("rag", "Rating"), ("rag_rule", "Rating rule"), ("last_reviewed", "Last reviewed"), ("out_of_date", "Possibly out of date"),
               ("website", "Website"), ("public_contact", "Public contact")]
    return components.TableData(frame, caption=DIRECTORY_TITLE, columns=columns, numeric=frozenset({"value", "performance_value", "performance_target"}))


def _count_sentence(found, where: str) -> str:
    n = len(found)
    return f"{n:,} service{'s' if n != 1 else ''} match{'es' if n == 1 else ''}{where}."


def content(ctx: dict, values: dict) -> list:
    today = dt.date.today()
    services = queries.services(ctx["engine"], ctx["release_id"])
    services = services.assign(stale=directory.stale(services["last_reviewed"], today=today).to_numpy())
    boroughs = ctx["boroughs"]
    names = dict(zip(boroughs["gss_code"], boroughs["name"]))
    place = postcodes.lookup(values["postcode"], names) if values["postcode"] else None
    near = place.boroughs if place else ()
    if place and not place.found:
        found = services.iloc[0:0]
    else:
        found = directory.search(services, text=values["q"], area=values["area"], borough=values["borough"], near=near)
    where = "".join([f" in {names[values['borough']]}" if values["borough"] != directory.ALL else "",
                     f" near {values['postcode']}" if place and place.found else ""])

    counts = directory.per_borough(services, boroughs).assign(status="", participants_per_10k=0)
    map_title = MAP_TITLES[values["shade"]]
    fig = figures.choropleth_figure(counts, geo.boroughs_geojson(), title=map_title, value=SHADES[values["shade"]],
                                    value_title="£ a year" if values["shade"] else "services")
    map_table = components.TableData(counts.assign(value=counts["annual_value_gbp"].map("£{:,.0f}".format)).sort_values("borough_name"), caption=map_title,
                                     columns=[("borough_name", "Borough"), ("services", "Services"), ("value", "Annual value")], numeric=frozenset({"services", "value"}))

    rounds = directory.open_rounds(queries.funding_opportunities(ctx["engine"], ctx["release_id"]), today=today, include_closed=values["closed"] == "yes")
    if values["area"] != directory.ALL:
        rounds = rounds[rounds["service_area"] == values["area"]]
    if values["borough"] != directory.ALL:
        rounds = directory.covering(rounds, (values["borough"],), column="boroughs")
    if near:
        rounds = directory.covering(rounds, near, column="boroughs")

    london_wide = found[found["boroughs_covered"] == directory.LONDON_WIDE]
    local = found[found["boroughs_covered"] != directory.LONDON_WIDE]
    status = [html.Strong(_count_sentence(found, where))]
    if place:
        status = [html.Span(place.message, className="d-block" + ("" if place.found else " text-danger fw-semibold"), id="services-postcode-message"), *status]
    return [
        html.Div(status, role="status", className="mb-2"),
        components.table_downloads("services-directory", title=DIRECTORY_TITLE, table=_directory_table(found, names),
                                   label="Download this list with every detail: "),
        dbc.Row([
            dbc.Col([html.H2("Services for particular boroughs", className="h4"),
                     *([_card(r, names=names) for _, r in local.iterrows()] or [html.P("None match.", className="small")]),
                     html.H2("London-wide services", className="h4 mt-3"),
                     *([_card(r, names=names) for _, r in london_wide.iterrows()] or [html.P("None match.", className="small")])], lg=7),
            dbc.Col([components.chart_card(graph_id="services-map", figure=fig, title=map_title, table=map_table,
                                           summary=describe.area_map(counts, what="annual value of the services named for it" if values["shade"] else "number of services named for it",
                                                                     value=SHADES[values["shade"]],
                                                                     fmt="£{:,.0f}" if values["shade"] else "{:,.0f}"),
                                           description="Select a borough on the map to see its services."),
                     html.P(postcodes.SOURCE_NOTE, className="small text-body-secondary")], lg=5),
        ]),
        html.H2("Funding rounds", className="h4 mt-3"),
        components.data_table(rounds.assign(value=rounds["total_value_gbp"].map("£{:,.0f}".format),
                                            eligible=rounds["boroughs"].map(lambda b: _covered(b, names)),
                                            link=rounds["url"]),
                              caption="Open and upcoming funding rounds" + (" (closed rounds included)" if values["closed"] else ""),
                              columns=[("title", "Round"), ("state", "Status"), ("service_area", "Area"), ("eligible", "Boroughs"), ("value", "Total"),
                                       ("opens", "Opens"), ("closes", "Closes"), ("link", "Apply at")], numeric={"value"}),
    ]


layout = views.filtered_page("services", title="Commissioned services", content=content, keys=KEYS, clean=clean, controls=controls,
                             intro="Every service MOPAC and the VRU commission: who delivers it, where, for how much, how it performs, and open funding rounds.")


@callback(Output("services-borough", "value"), Input("services-map", "clickData"), prevent_initial_call=True)
def borough_from_map(click):
    if not click or not click.get("points"):
        return no_update
    return click["points"][0].get("location") or no_update
