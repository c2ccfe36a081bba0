"""A commissioned service's card in the services directory: who runs it, where, for whom, how
to get in, funding, performance and its ratings by period; and every field of
the services found, as the directory's downloads give them."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import charts
from dashboard.data.vocabulary import RAG_WORDS
from dashboard.register import directory
from dashboard.ui import components, formats


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


def _where_it_runs(sites) -> list:
    """Named sites with their postcode, then the ways it is delivered without one."""
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
    if isinstance(row["contact_url"], str):
        parts += [html.A("Referral form", href=row["contact_url"]), "."]
    return parts or ["None recorded: contact the provider."]


def _access_facts(row, sites) -> list:
    """Who it is for, how to get in, where it runs, its status and who keeps the record current: what a
    borough directory needs to send someone to it.
    Releases made before the register had these fields (read with ?release=N) show none of them."""
    if not isinstance(row["status"], str):
        return []
    routes = [directory.ROUTE_WORDS.get(r, r) for r in str(row["referral_routes"] or "").split(";") if r]
    return [
        html.Dt("Status"),
        html.Dd(status_text(row), className="service-status"),
        html.Dt("Who it is for"),
        html.Dd(f"Ages {row['min_age']:.0f} to {row['max_age']:.0f}. {row['eligibility']}"),
        html.Dt("How to get in"),
        html.Dd(
            "Referral by: "
            + ", ".join(routes).lower().replace("self-referral", "self-referral (you can contact it yourself)")
            + "."
        ),
        html.Dt("Where it runs"),
        html.Dd(_where_it_runs(sites)),
        html.Dt("Referrals and enquiries"),
        html.Dd(_referral_contact(row)),
        html.Dt("Record kept by"),
        html.Dd(f"{row['owning_team']}; next review due {row['next_review_date']}."),
    ]


def card(row, *, names, sites=None, ratings=()) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(row["name"], className="h6 mb-1"),
                html.P(
                    [row["provider_name"], " · ", row["service_area"], " · commissioned by ", row["commissioner"]],
                    className="small mb-1",
                ),
                html.P(row["description"], className="small mb-1"),
                html.Dl(
                    [
                        html.Dt("Areas covered"),
                        html.Dd(covered(row["boroughs_covered"], names)),
                        html.Dt("Funding"),
                        html.Dd(
                            f"{formats.money(row['annual_value_gbp'])} a year ({row['funding_stream']}), "
                            f"{row['contract_start']} to {row['contract_end']}"
                        ),
                        html.Dt("Performance"),
                        html.Dd(
                            [
                                f"{row['performance_measure']}: {formats.measure(row['performance_value'])} against "
                                f"a target of {formats.measure(row['performance_target'])}. ",
                                components.rag_badge(row["rag_rating"]),
                                html.Span(f" Rule: {row['rag_rule']}", className="small"),
                            ]
                        ),
                        html.Dt("Contact"),
                        html.Dd(
                            [
                                html.A("Website", href=row["website"]) if row["website"] else "",
                                " ",
                                html.A(row["public_contact"], href=f"mailto:{row['public_contact']}")
                                if row["public_contact"]
                                else "",
                            ]
                        ),
                        *(_access_facts(row, sites) if sites is not None else []),
                    ],
                    className="small mb-1 service-facts",
                ),
                *ratings,
                html.P(
                    [
                        f"Last reviewed {row['last_reviewed']}.",
                        html.Strong(" Possibly out of date: not reviewed for over six months.") if row["stale"] else "",
                    ],
                    className="small mb-0" + (" text-danger" if row["stale"] else ""),
                ),
                *(
                    [
                        html.P(
                            html.Strong(
                                f"Review overdue: this record was due to be checked by {row['next_review_date']}."
                            ),
                            className="small mb-0 text-danger",
                        )
                    ]
                    if row.get("overdue")
                    else []
                ),
            ]
        ),
        className="mb-2 service-card",
    )


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
