"""Internal page: data quality of the providers' returns and of the services register, from the live release's
validation warnings."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.data import queries, state
from dashboard.internal import data
from dashboard.ui import components

RULE_TITLES = {
    "late_return": "Late KPI returns",
    "missing_return": "Missing KPI returns",
    "over_budget": "Spend over budget",
    "blank_row": "Blank rows in extracts",
}


def layout(**_params):
    release = state.release()
    rid = int(release["release_id"])
    f = data.findings(state.engine(), rid)
    names = data.providers(state.engine(), rid)
    f = f.merge(names.rename(columns={"name": "provider"})[["provider_id", "provider"]], on="provider_id", how="left")
    f["provider"] = f["provider"].fillna("")
    per_provider = (
        f[f["rule"].isin(["late_return", "missing_return"])]
        .groupby(["provider", "rule"])
        .size()
        .unstack(fill_value=0)
        .reset_index()
    )
    for col in ("late_return", "missing_return"):
        if col not in per_provider:
            per_provider[col] = 0
    sections = [
        html.H1("Data quality"),
        html.P(
            f"Validation warnings from the ETL run of release {rid}. Errors stop a run, so a live release has warnings "
            "only.",
            className="lead",
        ),
        html.H2("Late and missing returns by provider", className="h4"),
        components.data_table(
            per_provider,
            caption="KPI returns received late or not at all, by provider",
            columns=[("provider", "Provider"), ("late_return", "Late returns"), ("missing_return", "Missing returns")],
            numeric={"late_return", "missing_return"},
        ),
    ]
    sections += _register_records_by_team(f, rid)
    for rule, rows in f.groupby("rule"):
        rows = rows.assign(
            row=rows["row_number"].map(lambda v: "" if pd.isna(v) else str(int(v))), value=rows["value"].fillna("")
        )
        sections += [
            html.H2(RULE_TITLES.get(rule, rule), className="h4 mt-3"),
            components.data_table(
                rows,
                caption=f"{RULE_TITLES.get(rule, rule)}: {len(rows)} finding(s)",
                columns=[
                    ("provider", "Provider"),
                    ("file", "File"),
                    ("row", "Row"),
                    ("value", "Value"),
                    ("expected", "What was expected"),
                ],
            ),
        ]
    return html.Div(sections)


REGISTER_RULE_TITLES = {
    "review_overdue": "Review overdue",
    "ended_but_listed_active": "Contract ended, still listed as active",
    "no_site": "No delivery site or mode",
    "no_contact": "No public contact",
}


def _register_records_by_team(f: pd.DataFrame, rid: int) -> list:
    """The register's warnings (records out of date or incomplete), one table per owning team, so each commissioner
    sees what is theirs to
    update."""
    mine = f[f["service_id"].notna()]
    if mine.empty:
        return [
            html.H2("Services register: records to update", className="h4 mt-3"),
            html.P("No register record needs updating."),
        ]
    services = queries.services(state.engine(), rid)[["service_id", "name", "owning_team", "next_review_date"]]
    rows = mine.merge(services, on="service_id", how="left").assign(
        problem=lambda d: d["rule"].map(lambda r: REGISTER_RULE_TITLES.get(r, r)),
        owning_team=lambda d: d["owning_team"].fillna("No owning team"),
    )
    out = [
        html.H2("Services register: records to update, by owning team", className="h4 mt-3"),
        html.P(
            "Warnings, not errors: the release was published. The owning team checks each record with the provider and "
            "updates it "
            "in the register extract before the next run."
        ),
    ]
    for team, group in rows.sort_values(["owning_team", "next_review_date", "name"]).groupby("owning_team", sort=False):
        out += [
            html.H3(f"{team}: {len(group)} to update", className="h5 mt-2"),
            components.data_table(
                group,
                caption=f"Register records {team} owns that need updating",
                columns=[
                    ("service_id", "Service id"),
                    ("name", "Service"),
                    ("problem", "Problem"),
                    ("next_review_date", "Review due"),
                    ("expected", "What is needed"),
                ],
            ),
        ]
    return out
