"""The six-monthly report to the Police and Crime Committee: every commissioned service's rating for
one half-year, grouped by commissioner and service area, with a summary, downloads and a print
layout (assets/20-services-report.css: A4 landscape, headers repeated, page numbers, release and
date on every page). The rows are built in dashboard/register/committee_report.py."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import html

from dashboard import pages
from dashboard.data import release_context, state
from dashboard.register import committee_report, reviews
from dashboard.ui import components, formats


def _table(rows, *, columns, caption: str) -> html.Div:
    head = html.Thead(html.Tr([html.Th(label, scope="col") for _, label in columns]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(
                        components.rag_badge(r["rag_rating"])
                        if key == "rating" and r["reviewed"]
                        else formats.money(r[key])
                        if key == "annual_value"
                        else r[key],
                        className="text-nowrap" if key in ("rating", "annual_value") else None,
                    )
                    for key, _ in columns
                ]
            )
            for _, r in rows.iterrows()
        ]
    )
    return components.scroll_region(
        html.Table([html.Caption(caption), head, body], className="table table-sm data-table report-table"),
        label=caption,
    )


def _display_columns(report) -> list[tuple[str, str]]:
    # On screen and on paper, the value per year with its £ and separators; the files have plain numbers.
    # Commissioner and service area head each group; the files keep every column.
    return [(k, label) for k, label in report.columns if k not in committee_report.PDF_LEFT_OUT - {"rag_rule"}]


def _period_form(report) -> html.Form:
    """A plain GET form: choosing a period loads /services/report?period=..., so it works without scripts."""
    return html.Form(
        [
            dbc.Label("Period", html_for="report-period", className="form-label mb-1 me-2"),
            html.Select(
                [
                    html.Option(f"{p} ({reviews.period_words(p)})", value=p, selected=p == report.period)
                    for p in report.periods
                ],
                id="report-period",
                name="period",
                className="form-select form-select-sm d-inline-block w-auto me-2",
            ),
            html.Button("Show", type="submit", className="btn btn-primary btn-sm"),
        ],
        method="GET",
        action="/services/report",
        className="mb-3 no-print",
    )


def _downloads(report, release_id: int, pinned: bool) -> html.P:
    query = "?" + urlencode({"period": report.period} | ({"release": release_id} if pinned else {}))
    return html.P(
        [
            "Download the report: ",
            html.A("CSV", href=f"/services/report.csv{query}", download=""),
            " · ",
            html.A("Excel (XLSX)", href=f"/services/report.xlsx{query}", download=""),
            " · ",
            html.A("PDF", href=f"/services/report.pdf{query}", download=""),
            ". Or print this page (A4 landscape) for an agenda pack.",
        ],
        className="small no-print downloads",
    )


def normalised(period: str | None = None, release: str | None = None, **_params) -> dict:
    """What the page is drawn from besides the live release: the period asked for (shown back when it names no
    report) and the release it is pinned to ("" when live)."""
    ctx = release_context.for_request(release)
    return {"period": period if isinstance(period, str) else "", "release": str(ctx.release_id) if ctx.pinned else ""}


def layout(period: str | None = None, release: str | None = None, **_params):
    settings = state.settings()
    try:
        report, rel = committee_report.for_request(period if isinstance(period, str) else None, pinned=release)
        problem = None
    except committee_report.UnknownPeriod as err:
        try:
            report, rel = committee_report.for_request(None, pinned=release)
        except committee_report.UnknownPeriod:
            # A release made before the register had six-monthly reviews has no report to show.
            return html.Div(
                [
                    html.H1("Commissioned services: report to the Police and Crime Committee"),
                    html.P("This release has no six-monthly service reviews, so it has no report."),
                ]
            )
        problem = f"There is no report for that period ({err}); showing the latest."
    created = str(rel["created_at"])[:10]
    columns = _display_columns(report)
    sections = []
    for commissioner, area, rows in committee_report.groups(report):
        sections.append(
            html.Section(
                [
                    html.H3(f"{commissioner}: {area}", className="h6 mt-3"),
                    _table(
                        rows,
                        columns=columns,
                        caption=f"{area} services commissioned by {commissioner}, {report.period}",
                    ),
                ],
                className="report-group",
            )
        )
    summary = report.summary.assign(
        rating_cell=report.summary["rating"].map(reviews.rating_with_icon),
        change=[
            f"{n - p:+d}" if n != p else "no change"
            for n, p in zip(report.summary["services"], report.summary["previous"])
        ],
        value=report.summary["annual_value_gbp"].map(formats.money),
    )
    return html.Div(
        [
            html.H1(f"Commissioned services: report to the Police and Crime Committee, {report.period}"),
            html.P(
                f"{reviews.period_words(report.period)}. Every service MOPAC and the VRU commission, with its "
                "performance measure, "
                "its latest value against target and its red-amber-green rating, the rule behind the rating and the "
                "change since the "
                "previous six-monthly review.",
                className="lead",
            ),
            dbc.Alert(problem, color="warning", className="py-2") if problem else None,
            _period_form(report),
            _downloads(report, int(rel["release_id"]), bool(release)),
            html.H2("Summary", className="h4"),
            html.Ul([html.Li(s) for s in committee_report.summary_sentences(report)]),
            components.data_table(
                summary,
                caption=f"Services at each rating in {report.period}, against {report.previous_period}",
                columns=[
                    ("rating_cell", "Rating"),
                    ("services", f"Services, {report.period}"),
                    ("previous", f"Services, {report.previous_period}"),
                    ("change", "Change"),
                    ("value", "Funding per year"),
                ],
                numeric={"services", "previous", "change", "value"},
            ),
            html.H2("Services by commissioner and service area", className="h4 mt-3"),
            *sections,
            html.H2(f"Services with no review in {report.period}", className="h4 mt-4"),
            _table(
                report.unreviewed,
                columns=columns,
                caption=f"Services running in {report.period} that were not reviewed",
            )
            if not report.unreviewed.empty
            else html.P("None: every service was reviewed."),
            html.P(
                f"Source: {components.SOURCE}. Release {rel['release_id']} of {created}. {components.licence_text()}.",
                className="small report-print-footer",
            ),
        ],
        className="services-report" + (" internal" if settings.internal else ""),
    )


PAGE = pages.Page(
    id="services-report",
    address="/services/report",
    name="Services report to the Police and Crime Committee",
    draw=layout,
    normalise=normalised,
    in_navigation=False,
)
