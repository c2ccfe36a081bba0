"""/internal/returns: who has sent what. Each provider's return for each quarter (expected, received, late,
missing, accepted, accepted with warnings), whom to chase with their contacts, each provider's on-time rate over the
last eight quarters, and a form to upload a return, whose findings then show here with its annotated workbook."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from dash import html

from dashboard.internal import returns_data, returns_status, returns_upload
from dashboard.ui import components, formats

SHOWN_UPLOADS = 10
OUTCOME_WORDS = {
    "accepted": "Accepted: no problem found.",
    "accepted with warnings": "Accepted with warnings: nothing blocks it; each warning should be explained in the "
    "row's notes.",
    "refused": "Refused: the errors below must be corrected, and the return sent again.",
    "not checked": "Not checked yet.",
}


def _when(text) -> str:
    return "" if text is None or pd.isna(text) or text == "" else str(text)[:16].replace("T", " ")


def _upload_link(period: str | None) -> html.P:
    query = f"?period={period.replace(' ', '+')}" if period else ""
    return html.P(
        html.A("Upload a return", href=f"{returns_upload.UPLOAD_PATH}{query}", className="btn btn-primary"),
        className="mt-3",
    )


def _upload_result(upload_id: str) -> list:
    inbox = returns_upload.inbox()
    found = returns_data.upload(inbox, upload_id)
    if found is None:
        return [html.P("No such upload.", className="alert alert-warning", role="alert")]
    outcome = found["outcome"]
    heading = f"Upload of {found['original_name']} for {found['provider_id']}, {found['period']}"
    body: list = [html.H2(heading, className="h4 mt-3", id="returns-result-heading")]
    if found.get("reason"):
        body.append(
            html.P(["Refused before it was read: ", found["reason"]], className="alert alert-danger", role="alert")
        )
        return [html.Section(body, id="returns-result", **{"aria-labelledby": "returns-result-heading"})]
    body.append(html.P(OUTCOME_WORDS.get(outcome, outcome), className="fw-bold", role="status"))
    findings = returns_data.findings(inbox, upload_id)
    links = [html.A("Findings (CSV)", href=f"{returns_upload.PAGE}/uploads/{upload_id}/findings.csv")]
    folder = returns_data.upload_folder(inbox, upload_id)
    if folder and (folder / "checked" / "return.annotated.xlsx").exists():
        links = [
            html.A(
                "The return with each problem marked on its cell (Excel)",
                href=f"{returns_upload.PAGE}/uploads/{upload_id}/annotated.xlsx",
            ),
            " · ",
            *links,
        ]
    body.append(html.P(links))
    if len(findings):
        body.append(
            components.data_table(
                findings,
                caption=f"{len(findings)} finding(s), errors first",
                columns=[
                    ("severity", "Severity"),
                    ("status", "What becomes of it"),
                    ("sheet", "Sheet"),
                    ("cell", "Cell"),
                    ("column", "Column"),
                    ("value", "Found"),
                    ("expected", "Expected"),
                    ("rule", "Rule"),
                    ("explanation", "Provider's note"),
                ],
            )
        )
    return [html.Section(body, id="returns-result", **{"aria-labelledby": "returns-result-heading"})]


def _recent_quarters(statuses: pd.DataFrame, period: str) -> list[str]:
    periods = sorted(p for p in statuses["period"].unique() if p <= period)
    return periods[-returns_status.ON_TIME_QUARTERS :]


def layout(period: str | None = None, upload: str | None = None, **_params):
    today = dt.date.today()
    statuses = returns_upload.current_statuses(today)
    content: list = [
        html.H1("Returns"),
        html.P(
            "Who has sent what: each provider's return for each quarter, whom to chase, and how often each "
            "provider's returns come on time. Returns are due 30 days after the quarter ends and missing after 60.",
            className="lead",
        ),
    ]
    if upload:
        content += _upload_result(upload if returns_data.UPLOAD_ID.fullmatch(upload) else "")
    if statuses.empty:
        content.append(
            html.P("No returns are expected yet: the table of expected returns is written by `vru-etl returns import`.")
        )
        return html.Div(content)
    shown = period if period in set(statuses["period"]) else returns_status.latest_due_period(statuses, today=today)
    content.append(_upload_link(shown))
    quarter = (
        statuses[statuses["period"] == shown]
        .assign(
            received=lambda d: d["received_at"].map(_when),
            on_time_words=lambda d: d["on_time"].map(
                lambda v: "" if v is None or pd.isna(v) else ("yes" if v else "no")
            ),
        )
        .sort_values("provider_name")
    )
    chase = returns_status.non_submitters(statuses, period=shown)
    quarters = _recent_quarters(statuses, shown)
    rates = returns_status.on_time_rates(statuses[statuses["period"].isin(quarters)], today=today).assign(
        rate=lambda d: d["rate_pct"].map(lambda v: "" if v is None or pd.isna(v) else formats.percent(v))
    )
    grid = returns_status.matrix(statuses, quarters)
    content += [
        html.Nav(
            [
                html.Span("Quarter: "),
                *[
                    html.A(
                        p,
                        href=f"{returns_upload.PAGE}?period={p.replace(' ', '+')}",
                        className="me-2",
                        **({"aria-current": "page"} if p == shown else {}),
                    )
                    for p in sorted(statuses["period"].unique())[-8:]
                ],
            ],
            **{"aria-label": "Quarters"},
            className="small mt-3",
        ),
        html.H2(f"Returns for {shown}", className="h4 mt-3"),
        components.data_table(
            quarter,
            caption=f"Each provider's return for {shown}: due {quarter['due_date'].iloc[0] if len(quarter) else ''}",
            columns=[
                ("provider_name", "Provider"),
                ("status", "Status"),
                ("received", "Received (UTC)"),
                ("uploaded_by", "Taken in by"),
                ("on_time_words", "On time"),
            ],
        ),
        html.H2(f"Not yet accepted for {shown}: {len(chase)}", className="h4 mt-4"),
        (
            components.data_table(
                chase,
                caption=f"Providers to chase for {shown}, with their contacts",
                columns=[
                    ("provider_name", "Provider"),
                    ("status", "Status"),
                    ("due_date", "Due"),
                    ("contact", "Contact"),
                    ("owning_team", "Commissioning team"),
                ],
            )
            if len(chase)
            else html.P("Every return due for this quarter was accepted.")
        ),
        html.P(
            html.A(
                f"Download the non-submitters for {shown} (CSV)",
                href=f"{returns_upload.PAGE}/non-submitters.csv?period={shown.replace(' ', '+')}",
            )
        ),
        html.H2("On time over the last eight quarters", className="h4 mt-4"),
        components.data_table(
            rates,
            caption=f"Returns accepted by their due date, {quarters[0]} to {quarters[-1]}" if quarters else "",
            columns=[
                ("provider_name", "Provider"),
                ("due", "Returns due"),
                ("on_time", "On time"),
                ("rate", "On-time rate"),
            ],
            numeric={"due", "on_time", "rate"},
        ),
        html.H2("Who has sent what", className="h4 mt-4"),
        components.data_table(
            grid,
            caption="Status of each provider's return, by quarter",
            columns=[("provider_name", "Provider"), *[(q, q) for q in quarters]],
        ),
    ]
    recent = returns_data.uploads(returns_upload.inbox()).head(SHOWN_UPLOADS)
    if len(recent):
        recent = recent.assign(
            when=lambda d: d["received_at"].map(_when),
            link=lambda d: [html.A("findings", href=f"{returns_upload.PAGE}?upload={u}") for u in d["upload_id"]],
        )
        content += [
            html.H2("Uploaded here", className="h4 mt-4"),
            components.data_table(
                recent,
                caption=f"The latest {len(recent)} uploads",
                columns=[
                    ("when", "Received (UTC)"),
                    ("provider_id", "Provider"),
                    ("period", "Quarter"),
                    ("original_name", "File"),
                    ("uploaded_by", "By"),
                    ("outcome", "Outcome"),
                    ("link", "Findings"),
                ],
            ),
        ]
    return html.Div(content)
