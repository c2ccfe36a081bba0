"""What a commissioned service's page says of it (dashboard/pages/service.py): who runs it, where, for whom, how
to get in, its funding and performance, and who keeps its record current; and every field of the services found,
as the directory's downloads give them."""

from __future__ import annotations

from dash import html

from dashboard import charts
from dashboard.data.vocabulary import RAG_WORDS
from dashboard.register import directory
from dashboard.ui import components, formats, links


def covered(boroughs_covered: str, names: dict) -> str:
    if boroughs_covered == directory.LONDON_WIDE:
        return "London-wide"
    return ", ".join(names.get(c, c) for c in boroughs_covered.split(";"))


STATUS_WORDS = {"active": "Running", "ending": "Ending soon", "ended": "Ended"}


def status_text(row) -> str:
    if row["status"] == "ending":
        return f"Ending soon: the contract ends on {row['contract_end']}."
    if row["status"] == "ended":
        return f"Ended: the contract ended on {row['contract_end']}."
    return f"Running: the contract runs to {row['contract_end']}."


def where_it_runs(sites) -> list:
    """Its delivery sites: named sites with their address and postcode, then the ways it is delivered without one."""
    if sites.empty:
        return ["Not recorded: ask the provider."]
    placed = sites[sites["delivery_mode"] == directory.AT_A_SITE]
    items = [
        html.Li(", ".join(v for v in (r["site_name"], r["address"], r["postcode"]) if isinstance(v, str) and v))
        for _, r in placed.iterrows()
    ]
    items += [
        html.Li(m[0].upper() + m[1:])
        for m in dict.fromkeys(sites.loc[sites["delivery_mode"] != directory.AT_A_SITE, "delivery_mode"])
    ]
    return [html.Ul(items, className="mb-0 ps-3")]


def _referral_contact(row) -> list:
    parts = []
    if isinstance(row["contact_phone"], str):
        parts += ["Phone ", html.A(row["contact_phone"], href="tel:" + row["contact_phone"].replace(" ", "")), ". "]
    if isinstance(row["contact_email"], str):
        parts += ["E-mail ", html.A(row["contact_email"], href=f"mailto:{row['contact_email']}"), ". "]
    if form := links.web_address(row["contact_url"]):
        parts += [html.A("Referral form", href=form), "."]
    return parts or ["None recorded: contact the provider."]


def _performance(row) -> list:
    return [
        f"{row['performance_measure']}: {formats.measure(row['performance_value'])} against "
        f"a target of {formats.measure(row['performance_target'])}. ",
        components.rag_badge(row["rag_rating"]),
        html.Span(f" Rule: {row['rag_rule']}", className="small"),
    ]


def _review_notes(row) -> list:
    """When the record was last checked with the provider, flagged when that was long ago or a review is overdue."""
    notes = [
        html.P(
            [
                f"Last reviewed {row['last_reviewed']}.",
                html.Strong(" Possibly out of date: not reviewed for over six months.") if row["stale"] else "",
            ],
            className="small mb-1" + (" text-danger" if row["stale"] else ""),
        )
    ]
    if row.get("overdue"):
        notes.append(
            html.P(
                html.Strong(f"Review overdue: this record was due to be checked by {row['next_review_date']}."),
                className="small mb-1 text-danger",
            )
        )
    return notes


def about(row, *, names) -> list:
    """Everything the register says of a service but where it runs and how to get in: who runs it and for whom, the
    areas it covers, its funding and contract, its performance, and who keeps the record current."""
    facts = [
        ("Provider", row["provider_name"]),
        ("Service area", row["service_area"]),
        ("Commissioned by", f"{row['commissioner']} ({row['funding_stream']})"),
        ("Areas covered", covered(row["boroughs_covered"], names)),
    ]
    if isinstance(row["status"], str):  # releases made before the register had these fields have none of them
        facts += [
            ("Status", html.Span(status_text(row), className="service-status")),
            ("Who it is for", f"Ages {row['min_age']:.0f} to {row['max_age']:.0f}. {row['eligibility']}"),
        ]
    facts += [
        (
            "Funding",
            f"{formats.money(row['annual_value_gbp'])} a year, {row['contract_start']} to {row['contract_end']}",
        ),
        ("Performance", _performance(row)),
    ]
    if isinstance(row["status"], str):
        facts.append(("Record kept by", f"{row['owning_team']}; next review due {row['next_review_date']}."))
    return [
        html.Dl([item for k, v in facts for item in (html.Dt(k), html.Dd(v))], className="service-facts mb-2"),
        *_review_notes(row),
    ]


def getting_in(row) -> list:
    """Referral routes and how to make a referral or ask about the service."""
    website = links.web_address(row["website"])
    contact = row["public_contact"] if isinstance(row["public_contact"], str) and row["public_contact"] else None
    facts = []
    if isinstance(row["status"], str):
        routes = [directory.ROUTE_WORDS.get(r, r) for r in str(row["referral_routes"] or "").split(";") if r]
        facts += [
            (
                "Referral routes",
                "Referral by: "
                + ", ".join(routes).lower().replace("self-referral", "self-referral (you can contact it yourself)")
                + ".",
            ),
            ("Referrals and enquiries", _referral_contact(row)),
        ]
    facts.append(
        (
            "The provider",
            [
                html.A(f"{row['provider_name']}'s website", href=website) if website else "",
                " · " if website and contact else "",
                html.A(contact, href=f"mailto:{contact}") if contact else "",
            ]
            if website or contact
            else "No public contact recorded.",
        )
    )
    return [html.Dl([item for k, v in facts for item in (html.Dt(k), html.Dd(v))], className="service-facts mb-2")]


def directory_table(found, names, *, caption: str) -> charts.TableData:
    """Every field of the services `found`, for the services directory's CSV, XLSX and data-package downloads."""
    frame = found.assign(
        covered=found["boroughs_covered"].map(lambda b: covered(b, names)),
        value=found["annual_value_gbp"].map(formats.money),
        rag=found["rag_rating"].map(lambda r: RAG_WORDS.get(r, "Not rated")),
        out_of_date=found["stale"].map({True: "yes", False: "no"}),
        **_access_columns(found),
    )
    columns = [
        ("service_id", "Service id"),
        ("name", "Service"),
        ("provider_name", "Provider"),
        ("provider_type", "Provider type"),
        ("service_area", "Service area"),
        ("description", "What it does"),
        ("covered", "Areas covered"),
        ("commissioner", "Commissioner"),
        ("funding_stream", "Funding stream"),
        ("value", "Annual value"),
        ("contract_start", "Contract start"),
        ("contract_end", "Contract end"),
        ("performance_measure", "Performance measure"),
        ("performance_value", "Latest value"),
        ("performance_target", "Target"),
        ("rag", "Rating"),
        ("rag_rule", "Rating rule"),
        ("last_reviewed", "Last reviewed"),
        ("out_of_date", "Possibly out of date"),
        ("website", "Website"),
        ("public_contact", "Public contact"),
        *ACCESS_COLUMNS,
    ]
    return charts.TableData(
        frame,
        caption=caption,
        columns=columns,
        numeric=frozenset({"value", "performance_value", "performance_target", "min_age", "max_age"}),
    )


ACCESS_COLUMNS = [
    ("status_word", "Status"),
    ("min_age", "Youngest age"),
    ("max_age", "Oldest age"),
    ("eligibility", "Who it is for"),
    ("routes", "Referral routes"),
    ("where", "Where it runs"),
    ("contact_phone", "Referral phone"),
    ("contact_email", "Referral e-mail"),
    ("contact_url", "Referral form"),
    ("owning_team", "Record kept by"),
    ("next_review_date", "Next review due"),
    ("overdue_word", "Review overdue"),
]


def _access_columns(found) -> dict:
    where = found["sites"].map(
        lambda s: "; ".join(
            ", ".join(v for v in (r["site_name"], r["postcode"]) if isinstance(v, str))
            if r["delivery_mode"] == directory.AT_A_SITE
            else r["delivery_mode"]
            for _, r in s.iterrows()
        )
    )
    return {
        "status_word": found["status"].map(lambda v: STATUS_WORDS.get(v, "")),
        "where": where,
        "routes": found["referral_routes"].fillna("").str.replace(";", ", "),
        "overdue_word": found["overdue"].map({True: "yes", False: "no"}),
    }
