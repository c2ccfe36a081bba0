"""/internal/attention, the signed-in landing page: what needs a director's attention now,
in order of importance, each item linking to the page that shows its detail."""

from __future__ import annotations

import datetime as dt
import hashlib

from dash import html

from dashboard.data import queries, state
from dashboard.internal import assess, data, returns_status, returns_upload
from dashboard.ui import formats

# Hidden cells listed at most: the largest true counts are the ones that matter.
HIDDEN_CELLS_SHOWN = 10


def _section(heading: str, items: list[assess.Item], *, empty: str, section_id: str, note: str = "") -> html.Section:
    body = [
        html.H2(
            [heading, html.Span(f" ({len(items)})", className="text-body-secondary")],
            className="h4 mt-4",
            id=f"{section_id}-heading",
        )
    ]
    if note:
        body.append(html.P(note, className="small text-body-secondary"))
    if not items:
        body.append(html.P(empty))
    else:
        body.append(
            html.Ul(
                [
                    html.Li(
                        [html.A(i.title, href=i.href), html.Br(), html.Span(i.detail, className="small")],
                        className=f"attention-item attention-{i.kind} mb-2",
                    )
                    for i in items
                ],
                className="list-unstyled",
            )
        )
    return html.Section(body, id=section_id, **{"aria-labelledby": f"{section_id}-heading"})


def _returns_items(engine, release_id: int, quarter: str | None, kpis, *, today: dt.date) -> list[assess.Item]:
    """Late, missing and not-yet-accepted returns in the Returns page's words, once providers' returns are collected
    through templates (vru-etl returns import); before that, the KPI returns of the release."""
    statuses = returns_upload.current_statuses(today, engine=engine)
    if not statuses.empty:
        return returns_status.attention_items(statuses, today=today)[1]
    if not quarter:
        return []
    return assess.return_items(
        data.kpi_returns(engine, release_id, quarter=quarter), data.providers(engine, release_id), kpis
    )


def sections(
    engine, release_id: int, *, today: dt.date
) -> tuple[list[tuple[str, list[assess.Item]]], str | None, str | None]:
    """Every item, grouped as the page shows them, with the financial year and quarter they are for."""
    position = data.reporting_position(engine, release_id)
    year = position["financial_year"].iloc[0] if len(position) else None
    quarter = position["quarter"].iloc[0] if len(position) else None
    progs = queries.programmes(engine, release_id)
    kpis = queries.kpi_progress(engine, release_id)
    return (
        [
            ("kpis", assess.kpi_items(kpis, progs, quarter=quarter)),
            (
                "spend",
                assess.spend_items(data.spend_position(engine, release_id, financial_year=year), progs) if year else [],
            ),
            ("returns", _returns_items(engine, release_id, quarter, kpis, today=today)),
            (
                "services",
                assess.service_items(
                    queries.services(engine, release_id), queries.funding_opportunities(engine, release_id), today=today
                ),
            ),
            (
                "hidden",
                assess.hidden_cell_items(data.hidden_cells(engine, release_id, limit=HIDDEN_CELLS_SHOWN), progs),
            ),
        ],
        year,
        quarter,
    )


def layout(**_params):
    rid = int(state.release()["release_id"])
    today = dt.date.today()  # some items depend on the date (reviews overdue, contracts ending)
    # Returns arrive between releases: the page is built again whenever their statuses change.
    statuses = returns_upload.current_statuses(today)
    returns_key = hashlib.sha256(
        repr(list(zip(statuses["provider_id"], statuses["period"], statuses["status"]))).encode()
    ).hexdigest()[:16]
    return data.built_page(
        "attention", (rid, today.isoformat(), returns_key), lambda: _build(state.engine(), rid, today=today)
    )


def _build(engine, rid: int, *, today: dt.date) -> html.Div:
    grouped, year, quarter = sections(engine, rid, today=today)
    items = dict(grouped)
    hidden_total = data.hidden_cells_count(engine, rid)
    return html.Div(
        [
            html.H1("Needs attention"),
            html.P(
                f"What needs a director's attention in release {rid}: "
                f"the latest quarter with returns due is {quarter or 'none yet'}, "
                f"the financial year {year or 'none yet'}. True figures, not for publication.",
                className="lead",
            ),
            _section(
                "KPIs off track or falling",
                items["kpis"],
                section_id="attention-kpis",
                empty="Every KPI is on track or at risk, and none fell two quarters running.",
                note="Off track in their latest quarter first, then KPIs that got worse two quarters running.",
            ),
            _section(
                f"Spend more than {formats.measure(assess.SPEND_VARIANCE_PCT, unit='percent')} off its budget profile",
                items["spend"],
                section_id="attention-spend",
                empty="Every programme's spend to date is within 10% of its profile.",
                note=f"Financial year {year}: spend to date against the profile to date, with the outturn forecast "
                "from the run rate.",
            ),
            _section(
                "Late or missing returns",
                items["returns"],
                section_id="attention-returns",
                empty="Every return due came on time.",
                note="Providers' returns of the latest quarter due (30 days after it ended), in the Returns page's "
                "words: missing, late, or received and not accepted. Before returns are collected through "
                f"templates, the KPI returns of the release for {quarter}.",
            ),
            _section(
                "Services and contracts",
                items["services"],
                section_id="attention-services",
                empty="No service is off track or overdue for review, and no contract ends soon without a funding "
                "round.",
                note="Services rated off track, records not reviewed for six months, and contracts ending within "
                f"{assess.CONTRACT_HORIZON_MONTHS} months "
                "with no funding round open for their service area.",
            ),
            _section(
                "What the public cannot see",
                items["hidden"],
                section_id="attention-hidden",
                empty="The public release suppresses no large cell.",
                note=f"Cells the public release shows as [c] although the true count is {data.HIDDEN_CELL_MIN_VALUE} "
                f"or more: {hidden_total:,} in all, the largest {min(hidden_total, HIDDEN_CELLS_SHOWN)} listed.",
            ),
        ]
    )
