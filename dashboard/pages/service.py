"""A page for each commissioned service: /services/<service_id>, the register's id (the one the Open Referral UK
feed's records are built from, dashboard/register/hsds/).

Everything the register says of the service (dashboard/pages/service_details.py), its ratings by six-monthly period
as a small chart with its table (a chart of the services page, so with its downloads, pictures and embed:
dashboard/pages/service_ratings.py), its delivery sites, contacts and referral routes, the funding rounds open in the
boroughs it covers, and links to its Open Referral UK record and its row of the open-data API. Its <head> names it:
its own title, description, canonical address and share preview (its ratings chart), and schema.org
GovernmentService data (`head`, which dashboard/exports/share.py writes). An id the release does not hold is the
site's 404 (dashboard/pages/not_found.py).
"""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import html

from dashboard import pages
from dashboard.data import queries, release_context
from dashboard.data.vocabulary import ALL, RAG_WORDS
from dashboard.pages import funding_rounds, service_details, service_list, service_ratings, services
from dashboard.register import directory, reviews
from dashboard.register.hsds import ids, records
from dashboard.ui import components, links

LAST = 1000
OPEN_REFERRAL = "/api/openreferral/services/"  # dashboard/register/openreferral.py
COMMISSIONER_NAMES = {"VRU": "London Violence Reduction Unit", "MOPAC": "Mayor's Office for Policing And Crime"}
LONDON = ("London", records.LONDON_GSS)


def _row(service_id, release=None):
    """The service's row of the register in the release asked for, or None."""
    if not isinstance(service_id, str):  # a repeated ?service_id= is a list
        return None
    ctx = release_context.for_request(release)
    found = queries.services(ctx.engine, ctx.release_id)
    found = found[found["service_id"] == service_id]
    return found.iloc[0] if len(found) else None


def exists(service_id: str, *, release=None) -> bool:
    """Whether /services/<service_id> names a service of the release asked for (else the address is a 404)."""
    return _row(service_id, release) is not None


def _areas(row, names: dict) -> list[tuple[str, str]]:
    if row["boroughs_covered"] == directory.LONDON_WIDE:
        return [LONDON]
    return [(names.get(code, code), code) for code in row["boroughs_covered"].split(";")]


def structured_data(row, names: dict) -> dict:
    """The service as schema.org's GovernmentService (JSON-LD), from the same fields as the page."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "identifier": row["service_id"],
        "name": directory.service_name(row),
        "description": row["description"],
        "serviceType": row["service_area"],
        "provider": {"@type": "Organization", "name": row["provider_name"]},
        "serviceOperator": {
            "@type": "GovernmentOrganization",
            "name": COMMISSIONER_NAMES.get(row["commissioner"], row["commissioner"]),
        },
        "areaServed": [
            {"@type": "AdministrativeArea", "name": name, "identifier": code} for name, code in _areas(row, names)
        ],
    }
    if website := links.web_address(row["website"]):
        data["provider"]["url"] = website
    if isinstance(row["status"], str):  # releases made before the register had these fields have none of them
        data["audience"] = {
            "@type": "PeopleAudience",
            "suggestedMinAge": int(row["min_age"]),
            "suggestedMaxAge": int(row["max_age"]),
            "audienceType": row["eligibility"],
        }
        data["availableChannel"] = _channel(row)
    return data


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _channel(row) -> dict:
    """How to reach the service: its referral form, phone and e-mail, and the sites it runs at."""
    contact = {"telephone": _text(row["contact_phone"]), "email": _text(row["contact_email"])}
    places = [
        {
            "@type": "Place",
            "name": site["site_name"],
            "address": {
                "@type": "PostalAddress",
                "streetAddress": _text(site["address"]),
                "postalCode": site["postcode"],
                "addressLocality": "London",
                "addressCountry": "GB",
            },
        }
        for _, site in row["sites"].iterrows()
        if site["delivery_mode"] == directory.AT_A_SITE
    ]
    channel = {
        "@type": "ServiceChannel",
        "name": "Referrals and enquiries",
        "serviceUrl": _text(row["contact_url"]),
        "servicePhone": {"@type": "ContactPoint", **{k: v for k, v in contact.items() if v}}
        if any(contact.values())
        else None,
        "serviceLocation": places or None,
    }
    return {k: v for k, v in channel.items() if v is not None}


def description(row, names: dict) -> str:
    """What a share preview and a search result say of the service, in a sentence or two."""
    where = service_list.where(row["boroughs_covered"], names)
    rating = RAG_WORDS.get(row["rag_rating"], "not rated")
    return f"{row['description']} Run by {row['provider_name']}, {where}. {rating} at its latest review."


def head(service_id=None, *, release=None, **_query) -> pages.Head | None:
    """The service's title, description, share-preview chart and schema.org data; None for no such service."""
    ctx = release_context.for_request(release)
    found = directory.one(ctx, service_id) if isinstance(service_id, str) else None
    if found is None:
        return None
    row, names = found
    rated = service_ratings.ratings_view(ctx, {}, service_id) is not None
    return pages.Head(
        title=directory.service_name(row),
        description=description(row, names),
        chart_page=services.PAGE.id,
        chart=service_ratings.RATINGS.chart_id(service_id) if rated else None,
        structured_data=structured_data(row, names),
    )


def _breadcrumbs(name: str) -> html.Nav:
    return html.Nav(
        html.Ol(
            [
                html.Li(html.A("Overview", href="/"), className="breadcrumb-item"),
                html.Li(html.A("Services", href=services.PAGE.path), className="breadcrumb-item"),
                html.Li(name, className="breadcrumb-item active", **{"aria-current": "page"}),
            ],
            className="breadcrumb small mb-2",
        ),
        **{"aria-label": "Breadcrumb"},
    )


def _rounds(ctx, row, names: dict) -> list:
    """The funding rounds open now or soon in the boroughs the service covers (any, for a London-wide one)."""
    near = () if row["boroughs_covered"] == directory.LONDON_WIDE else tuple(row["boroughs_covered"].split(";"))
    found = directory.rounds(ctx, {"closed": "", "area": ALL, "borough": ALL}, near=near)
    if found.empty:
        return [html.P("No funding round is open or coming up in its area.", className="small")]
    return [funding_rounds.table(found, names, caption="Open and upcoming funding rounds in the boroughs it covers")]


def _open_data(service_id: str) -> html.Ul:
    return html.Ul(
        [
            html.Li(
                [
                    html.A("Its Open Referral UK record", href=OPEN_REFERRAL + ids.ident("service", service_id)),
                    " (JSON): how borough directories take the register in.",
                ]
            ),
            html.Li(
                [
                    html.A(
                        "Its row of the open-data API", href="/api/v1/services?" + urlencode({"service_id": service_id})
                    ),
                    " (JSON), with every field of the register.",
                ]
            ),
        ],
        className="small",
    )


def _not_found():
    # Only reached by client-side navigation: the server answers an unknown service with a 404 (not_found.py).
    return html.Div(
        [
            html.H1("Service not found"),
            html.P(["There is no service with that id. ", html.A("Search the services", href=services.PAGE.path)]),
        ]
    )


def layout(service_id=None, **params):
    release = params.get("release")
    ctx = release_context.for_request(release)
    found = directory.one(ctx, service_id) if isinstance(service_id, str) else None
    if found is None:
        return _not_found()
    row, names = found
    name = directory.service_name(row)
    on_services = services.PAGE.shown_for({"release": release} if release else {})
    history = reviews.history(reviews.service_reviews(ctx.engine, ctx.release_id), service_id)
    return html.Div(
        [
            _breadcrumbs(name),
            html.H1(name),
            components.pinned_notice(
                ctx.release, live_release_id=ctx.live_release_id, path=service_list.href(service_id)
            )
            if ctx.pinned
            else None,
            html.P(row["description"], className="lead"),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.H2("About the service", className="h4"),
                            *service_details.about(row, names=names),
                            html.H2("How to get in", className="h4 mt-3"),
                            *service_details.getting_in(row),
                            html.H2("Where it runs", className="h4 mt-3"),
                            *service_details.where_it_runs(row["sites"]),
                        ],
                        lg=6,
                    ),
                    dbc.Col(
                        [
                            html.H2("Ratings", className="h4 mt-3 mt-lg-0"),
                            service_ratings.latest_sentence(history),
                            on_services.card(service_ratings.RATINGS, key=service_id, level=3)
                            if not history.empty
                            else html.P("Not reviewed yet.", className="small"),
                        ],
                        lg=6,
                    ),
                ]
            ),
            html.H2("Funding rounds in its area", className="h4 mt-3"),
            *_rounds(ctx, row, names),
            html.H2("This service as open data", className="h4 mt-3"),
            _open_data(service_id),
        ],
        className="service-page",
    )


PAGE = pages.Page(
    id="service",
    path_template="/services/<service_id>",
    name="Service",
    draw=layout,
    keys=(),
    exists=exists,
    head=head,
    in_navigation=False,
    daily=True,  # "possibly out of date", "review overdue" and the funding rounds open today
    # Dash's router answers with the first page, in this order, whose path or template matches: after every page with
    # a fixed address, so that /services/report is the Committee report, not a service named "report".
    order=LAST,
)
