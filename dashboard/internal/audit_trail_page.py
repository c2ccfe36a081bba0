"""/internal/audit: the audit trail, newest first, filtered by user and dates (a GET form,
so the filters are in the URL); `vru-dashboard audit --since DATE` prints the same as CSV.

Each user reads their own entries; an approver reads everyone's (dashboard/access/roles.py): the trail
says who looked at what, which is itself personal data, so it is shown only to those who review access."""

from __future__ import annotations

import datetime as dt
import json

from dash import dcc, html

from dashboard.access import audit_trail, roles, signed_in
from dashboard.data import state
from dashboard.ui import components

SHOWN = 500  # rows on the page at most; the command prints them all
EVENT_WORDS = {
    "sign_in": "Signed in",
    "sign_out": "Signed out",
    "sign_in_failed": "Failed sign-in",
    "download": "Download",
    "image_export": "Image export",
    "api_call": "Internal API call",
    "preview": "Preview (pre-release access)",
    "release_submit": "Submitted a release",
    "release_approve": "Approved a release",
    "release_reschedule": "Changed a publication time",
    "release_withdraw": "Withdrew a release",
    "release_announce": "Announced a publication date",
}


def _filters_text(raw: str) -> str:
    try:
        values = json.loads(raw)
    except ValueError:
        return raw
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _date(text, *, default: dt.date | None) -> tuple[dt.date | None, str]:
    if not text:
        return default, ""
    try:
        return audit_trail.parse_date(str(text), name="date"), ""
    except audit_trail.AuditError:
        return (
            default,
            f"'{str(text)[:30]}' is not a date like 2026-11-22; "
            f"showing {'from ' + default.isoformat() if default else 'every date'} instead.",
        )


def layout(user: str | None = None, since: str | None = None, until: str | None = None, **_params):
    eng = signed_in.store()
    everyone = roles.may("read_everyones_audit")
    me = signed_in.user() or ""
    names = audit_trail.usernames(eng) if everyone else [me]
    user = user if user in names else ("" if everyone else me)
    since_date, since_problem = _date(since, default=dt.date.today() - dt.timedelta(days=30))
    until_date, until_problem = _date(until, default=None)
    frame = audit_trail.events(eng, since=since_date, until=until_date, username=user or None, limit=SHOWN + 1)
    more = len(frame) > SHOWN
    frame = frame.head(SHOWN).assign(
        what=lambda f: f["event"].map(lambda e: EVENT_WORDS.get(e, e)),
        when_text=lambda f: f["when"].str.replace("T", " ").str[:19],
        filters_text=lambda f: f["filters"].map(_filters_text),
    )
    form = html.Form(
        [
            html.Div(
                [
                    html.Label("User", htmlFor="audit-user", className="form-label mb-1"),
                    html.Select(
                        ([html.Option("Every user", value="", selected=not user)] if everyone else [])
                        + [html.Option(n, value=n, selected=n == user) for n in names],
                        id="audit-user",
                        name="user",
                        className="form-select",
                    ),
                ],
                className="filter",
            ),
            html.Div(
                [
                    html.Label("From (YYYY-MM-DD)", htmlFor="audit-since", className="form-label mb-1"),
                    dcc.Input(
                        type="text",
                        id="audit-since",
                        name="since",
                        value=since_date.isoformat() if since_date else "",
                        placeholder="YYYY-MM-DD",
                        className="form-control",
                    ),
                ],
                className="filter",
            ),
            html.Div(
                [
                    html.Label(
                        "To, inclusive (YYYY-MM-DD; empty: today)", htmlFor="audit-until", className="form-label mb-1"
                    ),
                    dcc.Input(
                        type="text",
                        id="audit-until",
                        name="until",
                        value=until_date.isoformat() if until_date else "",
                        placeholder="YYYY-MM-DD",
                        className="form-control",
                    ),
                ],
                className="filter",
            ),
            html.Div(html.Button("Show", type="submit", className="btn btn-primary"), className="align-self-end"),
        ],
        method="GET",
        action="/internal/audit",
        className="d-flex flex-wrap gap-3 mb-3",
        **{"aria-label": "Filter the audit trail"},
    )
    problems = [p for p in (since_problem, until_problem) if p]
    return html.Div(
        [
            html.H1("Audit trail"),
            html.P(
                "Sign-ins, sign-outs, failed sign-ins, downloads, image exports, internal API calls, previews of "
                "releases waiting for publication and release actions, newest first (times in UTC). "
                f"Kept for {state.settings().audit_retention_days:,} days ({audit_trail.RETENTION_VARIABLE}).",
                className="lead",
            ),
            html.P(
                "You see everyone's entries: you are an approver."
                if everyone
                else "You see your own entries; approvers see everyone's.",
                className="small",
            ),
            form,
            *[html.P(p, className="alert alert-warning py-2", role="alert") for p in problems],
            html.P(
                f"{'More than ' if more else ''}{len(frame):,} event{'s' if len(frame) != 1 else ''}"
                f"{'; the newest ' + str(SHOWN) + ' are shown (vru-dashboard audit prints them all)' if more else ''}.",
                role="status",
            ),
            components.data_table(
                frame,
                caption="Audit trail, newest first",
                columns=[
                    ("when_text", "When (UTC)"),
                    ("username", "User"),
                    ("what", "Event"),
                    ("target", "What"),
                    ("filters_text", "Filters"),
                    ("client", "From address"),
                ],
            ),
        ]
    )
