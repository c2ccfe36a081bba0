"""Programmes at a glance, on the home page: each programme running in the year, with its reach and the change on
the year before, its KPIs on track out of all of them, and its spend against budget, each linking to its own page.

Every number is a cell of the release's programme_summary table (etl/publish/programme_summary.py): the ETL worked out
each change, count and share from the published figures, so nothing here adds, subtracts or divides them. Ratings
and changes are in words with an icon, never colour alone.
"""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.data.vocabulary import ALL, RAG_ICONS, SUPPRESSED
from dashboard.ui import components, formats

NOT_APPLICABLE = "z"  # programme_summary.change_status: no year before to compare with
UP, DOWN = "▲", "▼"


def year_summary(ctx: ReleaseContext, year: str) -> pd.DataFrame:
    """Every programme's (and 'all') row of programme_summary for the financial year (none in a release made before
    the ETL published them)."""
    summary = queries.programme_summary(ctx.engine, ctx.release_id)
    return summary[summary["financial_year"] == year]


def change_words(row) -> list:
    """'▼ down 45 (4.2%)', 'change [c]', 'no year before'."""
    if row["change_status"] == SUPPRESSED:
        return [f"change {formats.SUPPRESSED_SYMBOL}"]
    if row["change_status"] == NOT_APPLICABLE or pd.isna(row["participants_change"]):
        return ["no year before"]
    change = int(row["participants_change"])
    percent = row["participants_change_percent"]
    share = "" if pd.isna(percent) else f" ({abs(percent):.1f}%)"
    if change == 0:
        return ["no change"]
    icon, word = (UP, "up") if change > 0 else (DOWN, "down")
    return [html.Span(icon, **{"aria-hidden": "true"}), f" {word} {abs(change):,}{share}"]


def _detail(parts: list) -> html.Span:
    """A cell's second line (on a phone; beside the first on a desk: assets/10-dashboard.css)."""
    return html.Span(parts, className="glance-detail")


def kpi_words(row) -> list:
    """'✔ 1 of 2 on track', then how many are at risk, off track or not published, each with its icon."""
    if not row["kpis"]:
        return ["no KPI return this year"]
    others = [
        [html.Span(RAG_ICONS[rag], **{"aria-hidden": "true"}), f" {int(row[column])} {words}"]
        for rag, column, words in (("amber", "kpis_at_risk", "at risk"), ("red", "kpis_off_track", "off track"))
        if row[column]
    ]
    if row["kpis_not_rated"]:
        others.append([f"{int(row['kpis_not_rated'])} not published {formats.SUPPRESSED_SYMBOL}"])
    # The tick marks KPIs that are on track: with none on track it would say the opposite of the words beside it.
    return [
        html.Span(RAG_ICONS["green"], **{"aria-hidden": "true"}) if row["kpis_on_track"] else None,
        f" {int(row['kpis_on_track'])} of {int(row['kpis'])} on track",
        _detail([part for i, other in enumerate(others) for part in ([", "] if i else []) + other]) if others else None,
    ]


def spend_words(row) -> list:
    """'£1.4m of £1.44m', then '97% of the budget'."""
    if pd.isna(row["spend_gbp"]):
        return ["no spend published"]
    if pd.isna(row["budget_gbp"]):
        return [formats.money_millions(row["spend_gbp"]), _detail("no budget set")]
    return [
        f"{formats.money_millions(row['spend_gbp'])} of {formats.money_millions(row['budget_gbp'])}",
        _detail(f"{formats.proportion(row['spend_share'])} of the budget"),
    ]


def table(ctx: ReleaseContext, *, year: str, year_before: str | None, area: str) -> list:
    """The programmes of `area` (or every area) that ran in `year`, as a table, and those that did not."""
    summary = year_summary(ctx, year)
    programmes = ctx.programmes if area == ALL else ctx.programmes[ctx.programmes["priority_area"] == area]
    rows = programmes.merge(summary, on="programme_id")
    running, idle = rows[rows["programmes_running"] == 1], rows[rows["programmes_running"] != 1]
    if running.empty:
        return [html.P(f"No programme published for financial year {year}.", className="small")]
    head = html.Thead(
        html.Tr(
            [
                html.Th("Programme", scope="col"),
                html.Th(
                    # The change goes on a line of its own, so the heading does not widen the column past its figures.
                    [f"Reached in {year}"]
                    + (
                        [html.Span(f" (change on {year_before})", className="fw-normal d-block")] if year_before else []
                    ),
                    scope="col",
                ),
                html.Th("KPIs at the latest quarter", scope="col"),
                html.Th("Spend against budget", scope="col"),
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(html.A(r["name"], href=f"/programmes/{r['programme_id']}"), scope="row"),
                    html.Td([formats.cell(r["participants"], r["participants_status"]), _detail(change_words(r))]),
                    html.Td(kpi_words(r)),
                    html.Td(spend_words(r)),
                ]
            )
            for _, r in running.iterrows()
        ]
    )
    caption = (
        f"Programmes at a glance, financial year {year}: reach in London, KPIs at the year's latest quarter, spend"
    )
    out = [
        components.scroll_region(
            html.Table(
                [html.Caption(caption, className="visually-hidden"), head, body], className="table table-sm glance"
            ),
            label="Programmes at a glance",
        )
    ]
    if len(idle):
        out.append(
            html.P(
                [f"Not running in {year}: "]
                + [
                    part
                    for i, (_, r) in enumerate(idle.iterrows())
                    for part in ([", "] if i else []) + [html.A(r["name"], href=f"/programmes/{r['programme_id']}")]
                ]
                + ["."],
                className="small text-body-secondary",
            )
        )
    return out
