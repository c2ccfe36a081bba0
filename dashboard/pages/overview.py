"""Overview: headline figures for the chosen period and what changed since the one before."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.data import queries
from dashboard.data.vocabulary import SUPPRESSED
from dashboard.pages import Page, Shown
from dashboard.ui import components, filters, formats


def _cell(ctx, *, measure, programme, period, borough=filters.ALL):
    frame = queries.count(
        ctx.engine, ctx.release_id, measure=measure, programme=programme, period=period, borough=borough
    )
    if frame.empty:
        return None, "missing"
    return frame.iloc[0]["value"], frame.iloc[0]["status"]


def change_sentence(*, what: str, now, now_status, before, before_status, period: str, previous: str) -> str:
    """A plain-English comparison of two published figures; says so when either is suppressed."""
    if now_status == SUPPRESSED or before_status == SUPPRESSED or now is None or before is None:
        return (
            f"{what.capitalize()} in {filters.period_label(period)} cannot be compared with "
            f"{filters.period_label(previous)}: a figure is suppressed to protect individuals."
        )
    if before == 0:
        return (
            f"{what.capitalize()}: {formats.count(now)} in {filters.period_label(period)}, none in "
            f"{filters.period_label(previous)}."
        )
    change = (now - before) / before
    if abs(change) < 0.005:
        direction = "stayed about the same"
    else:
        direction = f"{'rose' if change > 0 else 'fell'} by {formats.proportion(abs(change))}"
    return (
        f"{what.capitalize()} {direction}, from {formats.count(before)} in {filters.period_label(previous)} to "
        f"{formats.count(now)} in "
        f"{filters.period_label(period)}."
    )


def _running(programmes, period: str) -> int:
    first, last = filters.period_bounds(period)
    end = programmes["end_date"].fillna("9999-12-31")
    return int(((programmes["start_date"] <= last) & (end >= first)).sum())


def _kpis_on_track(ctx, period: str) -> tuple[int, int, str]:
    kpis = queries.kpi_progress(ctx.engine, ctx.release_id)
    quarter = period if filters.is_quarter(period) else None
    if quarter is None:
        in_year = [q for q in filters.quarters(list(ctx.periods)) if q.startswith(period)]
        available = kpis[kpis["quarter"].isin(in_year)]
        quarter = available["quarter"].max() if len(available) else None
    latest = kpis[kpis["quarter"] == quarter] if quarter else kpis.iloc[0:0]
    return int((latest["rag_rating"] == "green").sum()), len(latest), quarter or ""


def content(shown: Shown) -> list:
    ctx, values = shown.ctx, shown.values
    period, programme, borough = values["period"], values["programme"], values["borough"]
    prev = filters.previous(period, list(ctx.periods))
    reach, reach_status = _cell(ctx, measure="participants", programme=programme, period=period, borough=borough)
    fy = filters.financial_year_of(period)
    spend = queries.spend(ctx.engine, ctx.release_id, programme=programme, financial_year=fy)
    spend = spend[spend["programme_id"] == programme]
    spend_text = formats.money_millions(spend.iloc[0]["spend_gbp"] if len(spend) else None)
    on_track, kpi_total, kpi_quarter = _kpis_on_track(ctx, period)
    where = "in " + ctx.borough_name(borough)
    cards = dbc.Row(
        [
            components.headline(
                "Young people reached",
                formats.cell(reach, reach_status),
                note=f"{filters.period_label(period)}, {where}",
            ),
            components.headline(
                "Programmes running", f"{_running(ctx.programmes, period)}", note=filters.period_label(period)
            ),
            components.headline(
                "Spend",
                spend_text,
                note=f"financial year {fy}" + ("" if programme == filters.ALL else ", this programme"),
            ),
            components.headline(
                "KPIs on track",
                f"{on_track} of {kpi_total}",
                note=f"latest quarter, {kpi_quarter}" if kpi_quarter else "no returns yet",
            ),
        ],
        className="g-3 mb-4",
    )
    sentences = []
    if prev:
        for measure, what in (
            ("participants", "young people reached"),
            ("referrals", "referrals received"),
            ("completions", "programmes completed"),
        ):
            now, ns = _cell(ctx, measure=measure, programme=programme, period=period, borough=borough)
            before, bs = _cell(ctx, measure=measure, programme=programme, period=prev, borough=borough)
            sentences.append(
                change_sentence(
                    what=what, now=now, now_status=ns, before=before, before_status=bs, period=period, previous=prev
                )
            )
    else:
        sentences.append(
            f"{filters.period_label(period).capitalize()} is the first period published, so there is nothing to "
            "compare it with."
        )
    return [
        cards,
        html.H2("What changed", className="h4"),
        html.Ul([html.Li(s) for s in sentences]),
        html.P(
            [ctx.protection(), " ", html.A("How the figures are made", href="/about"), "."],
            className="small text-body-secondary",
        ),
    ]


PAGE = Page(
    id="overview",
    title="London Violence Reduction Unit: performance",
    name="Overview",
    order=0,
    content=content,
    intro="Who the VRU's programmes help, where, against which targets, and for how much public money.",
)
