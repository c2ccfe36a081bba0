"""The forms of the internal Releases page: plain HTML forms posted to dashboard/internal/release_actions.py (each
asks for a confirmation there), every field labelled, every form with the session's token. Which forms a user
sees follows their role and the release's state; the server checks both again."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from dashboard.access import auth
from dashboard.data import control_writer, release_times
from dashboard.ui import release_words

BASE = "/internal/releases"


def _token() -> dcc.Input:
    return dcc.Input(type="hidden", name="csrf_token", value=auth.csrf_token())


def _field(label: str, control, *, id_: str, hint: str = "") -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=id_, className="form-label mb-1"),
            control,
            html.Div(hint, className="form-text", id=f"{id_}-hint") if hint else None,
        ],
        className="mb-2",
    )


def _when_fields(prefix: str, *, at: dt.datetime) -> list:
    local = at.astimezone(release_times.LONDON)
    return [
        html.Div(
            [
                _field(
                    "Date",
                    dcc.Input(
                        type="date",
                        id=f"{prefix}-date",
                        name="date",
                        value=f"{local:%Y-%m-%d}",
                        className="form-control",
                        style={"minWidth": "11rem"},
                    ),
                    id_=f"{prefix}-date",
                ),
                _field(
                    "Time (London)",
                    dcc.Input(
                        type="time",
                        id=f"{prefix}-time",
                        name="time",
                        value=f"{local:%H:%M}",
                        className="form-control",
                        style={"minWidth": "8rem"},
                    ),
                    id_=f"{prefix}-time",
                    hint="07:00 to 19:00; normally 09:30",
                ),
            ],
            className="d-flex flex-wrap gap-3",
        )
    ]


def _text(label: str, *, id_: str, name: str, required: bool, hint: str = "", rows: int = 2) -> html.Div:
    """A note or a reason; one that must be given says so in its label (the server refuses it empty, with the
    reason on the confirmation page)."""
    return _field(
        f"{label} (required)" if required else label,
        dcc.Textarea(id=id_, name=name, className="form-control", rows=rows, maxLength=control_writer.MAX_NOTE),
        id_=id_,
        hint=hint,
    )


def _form(action: str, children: list, *, label: str, button: str, danger: bool = False) -> html.Form:
    return html.Form(
        [
            _token(),
            *children,
            html.Button(button, type="submit", className=f"btn btn-{'danger' if danger else 'primary'}"),
        ],
        method="POST",
        action=action,
        className="release-form border rounded p-3 mb-3",
        **{"aria-label": label},
    )


def submit_form(release: dict) -> html.Form:
    rid = int(release["release_id"])
    again = bool(release.get("submitted_by"))
    return _form(
        f"{BASE}/{rid}/submit",
        [
            html.H3("Submit again for approval" if again else "Submit for approval", className="h6"),
            _text(
                "Note for the approver",
                id_=f"submit-note-{rid}",
                name="note",
                required=True,
                hint="What changed, and what the approver should look at.",
            ),
        ],
        label=f"Submit release {rid}",
        button="Submit…",
    )


def approve_form(release: dict, *, open_entries) -> html.Form:
    """Approve for a time: the announced one if the release has one, else the next working day at 09:30; or a date
    announced without a release yet."""
    rid = int(release["release_id"])
    announced = release_words.moment(release.get("announced_at_time"))
    at = announced or release_times.default_time(control_writer.now())
    choices = (
        []
        if release.get("entry_id")
        else [
            (e["entry_id"], release_words.when(e["publish_at"]) + ": " + str(e["description"]))
            for _, e in open_entries.iterrows()
        ]
    )
    return _form(
        f"{BASE}/{rid}/approve",
        [
            html.H3("Approve for publication", className="h6"),
            dcc.Input(type="hidden", name="token", value=release["token"]),
            _field(
                "An announced date",
                html.Select(
                    [html.Option("A new date (below)", value="")]
                    + [html.Option(label, value=value) for value, label in choices],
                    id=f"approve-entry-{rid}",
                    name="entry_id",
                    className="form-select",
                ),
                id_=f"approve-entry-{rid}",
            )
            if choices
            else html.P(
                f"Announced for {release_words.when(release.get('announced_at_time'))}."
                if announced
                else "No date is announced for it: approving announces the time below.",
                className="small",
            ),
            *_when_fields(f"approve-{rid}", at=at),
            _text(
                "Reason, if the time differs from the announced one",
                id_=f"approve-reason-{rid}",
                name="reason",
                required=False,
                hint="Published on the release calendar with the change.",
            ),
        ],
        label=f"Approve release {rid}",
        button="Approve…",
    )


def withdraw_form(release: dict) -> html.Form:
    rid = int(release["release_id"])
    return _form(
        f"{BASE}/{rid}/withdraw",
        [
            html.H3("Withdraw", className="h6"),
            _text(
                "Reason, published on the revisions page", id_=f"withdraw-reason-{rid}", name="reason", required=True
            ),
        ],
        label=f"Withdraw release {rid}",
        button="Withdraw…",
        danger=True,
    )


def reschedule_form(entry) -> html.Form:
    entry_id = str(entry["entry_id"])
    at = release_words.moment(entry["publish_at"]) or release_times.default_time(control_writer.now())
    return _form(
        f"{BASE}/dates/{entry_id}/reschedule",
        [
            html.H3(f"Change the date of: {entry['description']}", className="h6"),
            *_when_fields(f"move-{entry_id[:8]}", at=at),
            _text(
                "Reason for the change, published on the calendar",
                id_=f"move-reason-{entry_id[:8]}",
                name="reason",
                required=True,
            ),
        ],
        label=f"Change the date of {entry['description']}",
        button="Change the date…",
    )


def announce_form() -> html.Form:
    return _form(
        f"{BASE}/dates/announce",
        [
            html.H3("Announce a publication date", className="h6"),
            *_when_fields("announce", at=release_times.default_time(control_writer.now())),
            _text(
                "What the release will hold",
                id_="announce-description",
                name="description",
                required=True,
                hint='e.g. "2026-27 Q3 returns; six-monthly service ratings"',
                rows=1,
            ),
        ],
        label="Announce a publication date",
        button="Announce…",
    )
