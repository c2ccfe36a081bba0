"""Commissioned services: a searchable directory and map, with performance, ratings and open funding rounds.

The directory is a results list (dashboard/pages/service_list.py) of PER_PAGE services a page, sorted by
name, funding, rating or contract end, each row linking to the service's own page (dashboard/pages/service.py);
its page and order are filters of the page, so they live in the address like the others."""

from __future__ import annotations

import re

import dash_bootstrap_components as dbc
from dash import html

from dashboard import charts
from dashboard.charts import describe, geo, maps, slots
from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.pages import Page, Shown, funding_rounds, service_details, service_list, service_ratings
from dashboard.register import directory, postcodes
from dashboard.ui import borough_click, components, filters, formats

KEYS = ("q", "postcode", "area", "borough", "closed", "shade", "age", "route", "sort", "page")
LIST_KEYS = ("sort", "page")  # the list's order and page: they change neither the map nor which services match
# The map shades boroughs by number of services (the default, "" so it stays out of the URL) or by their annual value.
SHADES = {"": "services", "value": "annual_value_gbp"}
MAP_TITLES = {
    "": "Number of commissioned services named for each borough (London-wide services are listed apart)",
    "value": "Annual value of commissioned services named for each borough, £ (London-wide services are listed apart)",
}
DIRECTORY_TITLE = "Commissioned services matching the search"


def _area_options(services):
    return [(directory.ALL, "All service areas")] + [(a, a) for a in sorted(services["service_area"].unique())]


def clean(ctx: ReleaseContext, params: dict) -> dict:
    services, boroughs = queries.services(ctx.engine, ctx.release_id), ctx.boroughs
    given = {k: filters.text(params, k) for k in ("q", "postcode", "area", "borough", "shade")}
    values = {
        "q": filters.words(given["q"], limit=100),
        "postcode": filters.words((given["postcode"] or "").upper(), limit=12),
        "area": given["area"] if given["area"] in set(services["service_area"]) else directory.ALL,
        "borough": given["borough"] if given["borough"] in set(boroughs["gss_code"]) else directory.ALL,
        "closed": "yes" if params.get("closed") is True or filters.text(params, "closed") == "yes" else "",
        "shade": given["shade"] if given["shade"] in SHADES else "",
        **_clean_access(params),
    }
    return {**values, **_clean_list(ctx, values, params)}


def _clean_list(ctx: ReleaseContext, values: dict, params: dict) -> dict:
    """The list's order (a known one, else by name) and page (2 up to the last page of the services found, else the
    first, "")."""
    sort, page = filters.text(params, "sort"), filters.text(params, "page")
    pages = directory.page_count(len(directory.find(ctx, values).found))
    number = int(page) if page and page.isascii() and page.isdigit() and len(page) <= PAGE_DIGITS else 0
    return {"sort": sort if sort in directory.SORTS else "", "page": str(number) if 2 <= number <= pages else ""}


PAGE_DIGITS = 6  # no list has a million pages: a longer page= is no page


AGE_TEXT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3})?")  # ASCII digits only: "²" or "1e400" is no age


def _clean_access(params: dict) -> dict:
    """Age (a whole number of years, 0 to 120, else none) and referral route (a known one, else all)."""
    given = params.get("age")  # text from the address, a number from the page's number input
    raw = str(given).strip() if isinstance(given, (str, int, float)) and not isinstance(given, bool) else ""
    age = str(int(float(raw))) if AGE_TEXT.fullmatch(raw) and float(raw) <= directory.MAX_AGE else ""
    route = filters.text(params, "route")
    route = route if route in directory.REFERRAL_ROUTES else directory.ALL
    return {"age": age, "route": route}


def controls(ctx: ReleaseContext, values: dict) -> list:
    services = queries.services(ctx.engine, ctx.release_id)
    return [
        html.Div(
            [
                dbc.Label("Search", html_for="services-q", className="form-label mb-1"),
                dbc.Input(
                    id="services-q",
                    name="q",
                    type="search",
                    value=values["q"],
                    debounce=True,
                    placeholder="e.g. mentoring, youth",
                ),
            ],
            className="filter",
        ),
        html.Div(
            [
                dbc.Label(
                    "Postcode (full, or its first half)", html_for="services-postcode", className="form-label mb-1"
                ),
                dbc.Input(
                    id="services-postcode",
                    name="postcode",
                    type="search",
                    value=values["postcode"],
                    debounce=True,
                    autoComplete="postal-code",
                    placeholder=f"e.g. {postcodes.EXAMPLE}",
                ),
            ],
            className="filter",
        ),
        components.select("services-area", label="Service area", options=_area_options(services), value=values["area"]),
        components.select(
            "services-borough", label="Borough", options=filters.borough_options(ctx.boroughs), value=values["borough"]
        ),
        components.radio(
            "services-shade",
            label="Shade the map by",
            value=values["shade"],
            options=[("", "Number of services"), ("value", "Annual value")],
        ),
        html.Div(
            [
                dbc.Checkbox(
                    id="services-closed",
                    name="closed",
                    label="Show closed funding rounds",
                    value=values["closed"] == "yes",
                )
            ],
            className="filter pt-lg-4",
        ),
        html.Div(
            [
                dbc.Label("Age of the person (years)", html_for="services-age", className="form-label mb-1"),
                dbc.Input(
                    id="services-age",
                    name="age",
                    type="number",
                    min=0,
                    max=directory.MAX_AGE,
                    step=1,
                    value=values["age"],
                    debounce=True,
                    inputMode="numeric",
                    placeholder="e.g. 15",
                ),
            ],
            className="filter",
        ),
        components.select(
            "services-route",
            label="Referral route",
            value=values["route"],
            options=[(directory.ALL, "Any referral route")]
            + [(r, directory.ROUTE_WORDS[r]) for r in directory.REFERRAL_ROUTES],
        ),
        components.select(
            "services-sort", label="Sort by", value=values["sort"], options=list(directory.SORTS.items())
        ),
    ]


def _count_sentence(found, where: str) -> str:
    n = len(found)
    return f"{n:,} service{'s' if n != 1 else ''} match{'es' if n == 1 else ''}{where}."


def directory_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    """Every matching service (not only a page of them), in the list's order, with every field: a table alone,
    downloaded as CSV, XLSX or a data package."""
    found = directory.find(ctx, values)
    listed = directory.ordered(found.found, values["sort"])
    return charts.ChartView(
        title=DIRECTORY_TITLE, table=service_details.directory_table(listed, found.names, caption=DIRECTORY_TITLE)
    )


def map_view(ctx: ReleaseContext, values: dict) -> charts.ChartView:
    counts = directory.per_borough(directory.find(ctx, values).services, ctx.boroughs).assign(
        status="", participants_per_10k=0
    )
    title = MAP_TITLES[values["shade"]]
    return charts.ChartView(
        title=title,
        rows=counts,
        description="Select a borough on the map to see its services.",
        options={
            "geojson": geo.boroughs_geojson(),
            "value": SHADES[values["shade"]],
            "value_title": "£ a year" if values["shade"] else "services",
        },
        summary=describe.area_map(
            counts,
            what="annual value of the services named for it" if values["shade"] else "number of services named for it",
            value=SHADES[values["shade"]],
            fmt=formats.MONEY if values["shade"] else formats.COUNT,
        ),
        table=charts.TableData(
            counts.assign(value=counts["annual_value_gbp"].map(formats.money)).sort_values("borough_name"),
            caption=title,
            columns=[("borough_name", "Borough"), ("services", "Services"), ("value", "Annual value")],
            numeric=frozenset({"services", "value"}),
        ),
    )


DIRECTORY = charts.Chart(id="services-directory", view=directory_view)
MAP = charts.Chart(id="services-map", view=map_view, figure=maps.choropleth_figure, slot=slots.HALF)


def _without(shown: Shown, keys: tuple[str, ...]) -> Shown:
    """The page for the same search with `keys` at their defaults: the map and the downloads do not change with the
    list's page (nor the map with its order), so their addresses leave them out."""
    return Shown(page=shown.page, ctx=shown.ctx, values={**shown.values, **dict.fromkeys(keys, "")})


def _showing(first: int, last: int, total: int, sort: str) -> str:
    if not total:
        return ""
    return (
        f"Showing {first:,} to {last:,} of {total:,}, by {directory.SORTS[sort][0].lower()}{directory.SORTS[sort][1:]}."
    )


def content(shown: Shown) -> list:
    ctx, values = shown.ctx, shown.values
    found = directory.find(ctx, values)
    place, names = found.place, found.names
    rounds = directory.rounds(ctx, values, near=place.boroughs if place else ())
    listed = directory.ordered(found.found, values["sort"])
    number, pages = int(values["page"] or 1), directory.page_count(len(listed))
    this_page = directory.on_page(listed, number)
    first = (number - 1) * directory.PER_PAGE + 1
    status = [html.Strong(_count_sentence(found.found, found.where))]
    report_link = html.P(
        [
            html.A("The six-monthly report to the Police and Crime Committee", href="/services/report"),
            ": every service's rating for the half-year, with downloads and a print layout.",
        ],
        className="small",
    )
    if place:
        status = [
            html.Span(
                place.message,
                className="d-block" + ("" if place.found else " text-danger fw-semibold"),
                id="services-postcode-message",
            ),
            *status,
        ]

    def page_address(n: int) -> str:
        return shown.page.path + shown.page.query({**values, "page": str(n) if n > 1 else ""})

    return [
        html.Div(status, role="status", className="mb-2"),
        report_link,
        _without(shown, ("page",)).table_downloads(DIRECTORY, label="Download this list with every detail: "),
        dbc.Row(
            [
                dbc.Col(
                    [
                        html.H2("Services", className="h4 mt-3 mb-1"),
                        html.P(
                            _showing(first, first + len(this_page) - 1, len(listed), values["sort"]),
                            className="small text-body-secondary mb-2",
                        ),
                        service_list.results(this_page, names=names, first_number=first)
                        if len(this_page)
                        else html.P("None match.", className="small"),
                        service_list.pagination(page=number, pages=pages, link=page_address),
                    ],
                    lg=6,
                ),
                # Half the row, at least: the map must be large enough on a desk to tell the boroughs apart.
                dbc.Col(
                    [
                        _without(shown, LIST_KEYS).card(MAP),
                        html.P(postcodes.SOURCE_NOTE, className="small text-body-secondary"),
                    ],
                    lg=6,
                ),
            ]
        ),
        html.H2("Funding rounds", className="h4 mt-3"),
        funding_rounds.table(
            rounds,
            names,
            caption="Open and upcoming funding rounds" + (" (closed rounds included)" if values["closed"] else ""),
        ),
    ]


PAGE = Page(
    id="services",
    title="Commissioned services",
    name="Services",
    order=6,
    content=content,
    charts=(MAP, DIRECTORY, service_ratings.RATINGS),
    keys=KEYS,
    clean=clean,
    controls=controls,
    free_text=("q", "postcode"),
    paging="page",
    daily=True,  # records not reviewed for six months, reviews overdue, funding rounds open today
    callbacks=(borough_click.choose_from_map(map_id="services-map", borough_id="services-borough"),),
    intro="Every service MOPAC and the VRU commission: who delivers it, who it is for, where it runs, how to get in, "
    "for how much, "
    "how it performs, and open funding rounds.",
)
