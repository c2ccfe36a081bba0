"""Commissioned services: a searchable directory and map, with performance, ratings and open funding rounds."""
from __future__ import annotations

import datetime as dt
import re

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html, no_update

from dashboard import components, describe, directory, figures, filters, geo, postcodes, queries, reviews, views
from dashboard.sections import service_ratings

dash.register_page(__name__, path="/services", name="Services", title="Commissioned services - London VRU performance dashboard", order=5)

KEYS = ("q", "postcode", "area", "borough", "closed", "shade", "age", "route")
# The map shades boroughs by number of services (the default, "" so it stays out of the URL) or by their annual value.
SHADES = {"": "services", "value": "annual_value_gbp"}
MAP_TITLES = {"": "Number of commissioned services named for each borough (London-wide services are listed apart)",
              "value": "Annual value of commissioned services named for each borough, £ (London-wide services are listed apart)"}
DIRECTORY_TITLE = "Commissioned services matching the search"


def _area_options(services):
    return [(directory.ALL, "All service areas")] + [(a, a) for a in sorted(services["service_area"].unique())]


def clean(ctx: dict, params: dict) -> dict:
    services, boroughs = queries.services(ctx["engine"], ctx["release_id"]), ctx["boroughs"]
    given = {k: filters.text(params, k) for k in ("q", "postcode", "area", "borough", "shade")}
    return {
        "q": " ".join((given["q"] or "").split())[:100],
        "postcode": " ".join((given["postcode"] or "").upper().split())[:12],
        "area": given["area"] if given["area"] in set(services["service_area"]) else directory.ALL,
        "borough": given["borough"] if given["borough"] in set(boroughs["gss_code"]) else directory.ALL,
        "closed": "yes" if params.get("closed") is True or filters.text(params, "closed") == "yes" else "",
        "shade": given["shade"] if given["shade"] in SHADES else "",
        **_clean_access(params),
    }


AGE_TEXT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3})?")  # ASCII digits only: "²" or "1e400" is no age


def _clean_access(params: dict) -> dict:
    """Age (a whole number of years, 0 to 120, else none) and referral route (a known one, else all)."""
    given = params.get("age")  # text from the address, a number from the page's number input
    raw = str(given).strip() if isinstance(given, (str, int, float)) and not isinstance(given, bool) else ""
    age = str(int(float(raw))) if AGE_TEXT.fullmatch(raw) and float(raw) <= directory.MAX_AGE else ""
    route = filters.text(params, "route")
    route = route if route in directory.REFERRAL_ROUTES else directory.ALL
    return {"age": age, "route": route}


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
        html.Div([dbc.Label("Age of the person (years)", html_for="services-age", className="form-label mb-1"),
                  dbc.Input(id="services-age", type="number", min=0, max=directory.MAX_AGE, step=1, value=values["age"], debounce=True,
                            inputMode="numeric", placeholder="e.g. 15")], className="filter"),
        components.select("services-route", label="Referral route", value=values["route"],
                          options=[(directory.ALL, "Any referral route")] + [(r, directory.ROUTE_WORDS[r]) for r in directory.REFERRAL_ROUTES]),
    ]


def _covered(boroughs_covered: str, names: dict) -> str:
    if boroughs_covered == directory.LONDON_WIDE:
        return "London-wide"
    return ", ".join(names.get(c, c) for c in boroughs_covered.split(";"))


STATUS_WORDS = {"active": "Running", "ending": "Ending soon", "ended": "Ended"}


def _status_text(row) -> str:
    if row["status"] == "ending":
        return f"Ending soon: the contract ends on {row['contract_end']}."
    if row["status"] == "ended":
        return f"Ended: the contract ended on {row['contract_end']}."
    return f"Running: the contract runs to {row['contract_end']}."


def _where_it_runs(sites) -> list:
    """Named sites with their postcode, then the ways it is delivered without one."""
    if sites.empty:
        return ["Not recorded: ask the provider."]
    placed = sites[sites["delivery_mode"] == directory.AT_A_SITE]
    items = [html.Li(", ".join(v for v in (r["site_name"], r["address"], r["postcode"]) if isinstance(v, str) and v)) for _, r in placed.iterrows()]
    items += [html.Li(m[0].upper() + m[1:]) for m in dict.fromkeys(sites.loc[sites["delivery_mode"] != directory.AT_A_SITE, "delivery_mode"])]
    return [html.Ul(items, className="mb-0 ps-3")]


def _referral_contact(row) -> list:
    parts = []
    if isinstance(row["contact_phone"], str):
        parts += ["Phone ", html.A(row["contact_phone"], href="tel:" + row["contact_phone"].replace(" ", "")), ". "]
    if isinstance(row["contact_email"], str):
        parts += ["E-mail ", html.A(row["contact_email"], href=f"mailto:{row['contact_email']}"), ". "]
    if isinstance(row["contact_url"], str):
        parts += [html.A("Referral form", href=row["contact_url"]), "."]
    return parts or ["None recorded: contact the provider."]


def _access_facts(row, sites) -> list:
    """Who it is for, how to get in, where it runs, its status and who keeps the record current (issue 13).
    Releases made before the register had these fields (read with ?release=N) show none of them."""
    if not isinstance(row["status"], str):
        return []
    routes = [directory.ROUTE_WORDS.get(r, r) for r in str(row["referral_routes"] or "").split(";") if r]
    return [
        html.Dt("Status"), html.Dd(_status_text(row), className="service-status"),
        html.Dt("Who it is for"), html.Dd(f"Ages {row['min_age']:.0f} to {row['max_age']:.0f}. {row['eligibility']}"),
        html.Dt("How to get in"), html.Dd("Referral by: " + ", ".join(routes).lower().replace("self-referral", "self-referral (you can contact it yourself)") + "."),
        html.Dt("Where it runs"), html.Dd(_where_it_runs(sites)),
        html.Dt("Referrals and enquiries"), html.Dd(_referral_contact(row)),
        html.Dt("Record kept by"), html.Dd(f"{row['owning_team']}; next review due {row['next_review_date']}."),
    ]


def _card(row, *, names, sites=None, ratings=()) -> dbc.Card:
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
            *(_access_facts(row, sites) if sites is not None else []),
        ], className="small mb-1 service-facts"),
        *ratings,
        html.P([f"Last reviewed {row['last_reviewed']}.", html.Strong(" Possibly out of date: not reviewed for over six months.") if row["stale"] else ""],
               className="small mb-0" + (" text-danger" if row["stale"] else "")),
        *([html.P(html.Strong(f"Review overdue: this record was due to be checked by {row['next_review_date']}."), className="small mb-0 text-danger")]
          if row.get("overdue") else []),
    ]), className="mb-2 service-card")


def _directory_table(found, names) -> components.TableData:
    """Every field of the matching services, for the CSV and XLSX downloads."""
    frame = found.assign(
        covered=found["boroughs_covered"].map(lambda b: _covered(b, names)),
        value=found["annual_value_gbp"].map("£{:,.0f}".format),
        rag=found["rag_rating"].map(lambda r: components.RAG_WORDS.get(r, "Not rated")),
        out_of_date=found["stale"].map({True: "yes", False: "no"}),
        **_access_download_columns(found),
    )
    columns = [("service_id", "Service id"), ("name", "Service"), ("provider_name", "Provider"), ("provider_type", "Provider type"),
               ("service_area", "Service area"), ("description", "What it does"), ("covered", "Areas covered"), ("commissioner", "Commissioner"),
               ("funding_stream", "Funding stream"), ("value", "Annual value"), ("contract_start", "Contract start"), ("contract_end", "Contract end"),
               ("performance_measure", "Performance measure"), ("performance_value", "Latest value"), ("performance_target", "Target"),
               ("rag", "Rating"), ("rag_rule", "Rating rule"), ("last_reviewed", "Last reviewed"), ("out_of_date", "Possibly out of date"),
               ("website", "Website"), ("public_contact", "Public contact"), *ACCESS_DOWNLOAD_COLUMNS]
    return components.TableData(frame, caption=DIRECTORY_TITLE, columns=columns,
                                numeric=frozenset({"value", "performance_value", "performance_target", "min_age", "max_age"}))


ACCESS_DOWNLOAD_COLUMNS = [("status_word", "Status"), ("min_age", "Youngest age"), ("max_age", "Oldest age"), ("eligibility", "Who it is for"),
                           ("routes", "Referral routes"), ("where", "Where it runs"), ("contact_phone", "Referral phone"),
                           ("contact_email", "Referral e-mail"), ("contact_url", "Referral form"), ("owning_team", "Record kept by"),
                           ("next_review_date", "Next review due"), ("overdue_word", "Review overdue")]


def _access_download_columns(found) -> dict:
    where = found["sites"].map(lambda s: "; ".join(
        ", ".join(v for v in (r["site_name"], r["postcode"]) if isinstance(v, str)) if r["delivery_mode"] == directory.AT_A_SITE else r["delivery_mode"]
        for _, r in s.iterrows()))
    return {"status_word": found["status"].map(lambda v: STATUS_WORDS.get(v, "")), "where": where,
            "routes": found["referral_routes"].fillna("").str.replace(";", ", "), "overdue_word": found["overdue"].map({True: "yes", False: "no"})}


def _with_sites(services, sites):
    """Each service with its own rows of service_sites (a frame per service, empty where none is recorded)."""
    by_service = {k: g for k, g in sites.groupby("service_id")}
    return services.assign(sites=[by_service.get(sid, sites.iloc[0:0]) for sid in services["service_id"]])


def _count_sentence(found, where: str) -> str:
    n = len(found)
    return f"{n:,} service{'s' if n != 1 else ''} match{'es' if n == 1 else ''}{where}."


def content(ctx: dict, values: dict) -> list:
    today = dt.date.today()
    services = queries.services(ctx["engine"], ctx["release_id"])
    services = services.assign(stale=directory.stale(services["last_reviewed"], today=today).to_numpy(),
                               overdue=directory.overdue(services["next_review_date"], today=today).to_numpy())
    services = _with_sites(services, queries.service_sites(ctx["engine"], ctx["release_id"]))
    boroughs = ctx["boroughs"]
    names = dict(zip(boroughs["gss_code"], boroughs["name"]))
    place = postcodes.lookup(values["postcode"], names) if values["postcode"] else None
    near = place.boroughs if place else ()
    if place and not place.found:
        found = services.iloc[0:0]
    else:
        found = directory.search(services, text=values["q"], area=values["area"], borough=values["borough"], near=near)
        found = directory.for_person(found, age=int(values["age"]) if values["age"] else None, route=values["route"])
    where = "".join([f" in {names[values['borough']]}" if values["borough"] != directory.ALL else "",
                     f" near {values['postcode']}" if place and place.found else "",
                     f" for age {values['age']}" if values["age"] else "",
                     f" taking referrals by {directory.ROUTE_WORDS[values['route']].lower()}" if values["route"] != directory.ALL else ""])

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

    all_reviews = reviews.service_reviews(ctx["engine"], ctx["release_id"])

    def card(r):
        return _card(r, names=names, sites=r["sites"],
                     ratings=service_ratings.ratings_by_period(r["service_id"], all_reviews, service_name=r["name"]))

    london_wide = found[found["boroughs_covered"] == directory.LONDON_WIDE]
    local = found[found["boroughs_covered"] != directory.LONDON_WIDE]
    status = [html.Strong(_count_sentence(found, where))]
    report_link = html.P([html.A("The six-monthly report to the Police and Crime Committee", href="/services/report"),
                          ": every service's rating for the half-year, with downloads and a print layout."], className="small")
    if place:
        status = [html.Span(place.message, className="d-block" + ("" if place.found else " text-danger fw-semibold"), id="services-postcode-message"), *status]
    return [
        html.Div(status, role="status", className="mb-2"),
        report_link,
        components.table_downloads("services-directory", title=DIRECTORY_TITLE, table=_directory_table(found, names),
                                   label="Download this list with every detail: "),
        dbc.Row([
            dbc.Col([html.H2("Services for particular boroughs", className="h4"),
                     *([card(r) for _, r in local.iterrows()] or [html.P("None match.", className="small")]),
                     html.H2("London-wide services", className="h4 mt-3"),
                     *([card(r) for _, r in london_wide.iterrows()] or [html.P("None match.", className="small")])], lg=7),
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
                             free_text=("q", "postcode"),
                             intro="Every service MOPAC and the VRU commission: who delivers it, who it is for, where it runs, how to get in, for how much, how it performs, and open funding rounds.")


@callback(Output("services-borough", "value"), Input("services-map", "clickData"), prevent_initial_call=True)
def borough_from_map(click):
    # plotly's clickData: {"points": [{"location": "E09000001", ...}]}; anything else changes nothing.
    points = click.get("points") if isinstance(click, dict) else None
    first = points[0] if isinstance(points, list) and points else None
    location = first.get("location") if isinstance(first, dict) else None
    return location if isinstance(location, str) and location else no_update
