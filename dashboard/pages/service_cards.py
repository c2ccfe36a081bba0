"""A commissioned service's card in the services directory: who runs it, where, for whom, how
to get in, funding, performance and its ratings by period (issues 13 and 14)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

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
    """Who it is for, how to get in, where it runs, its status and who keeps the record current (issue 13).
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
