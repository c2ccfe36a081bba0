"""Internal page /internal/releases: release control.

Releases waiting for publication (drafts, and approved ones with their time), each with links to preview it;
one of them (?release=N) in the approver's view (dashboard/internal/release_review.py) with the forms its
state and the user's role allow (dashboard/internal/release_forms.py; posted to release_actions.py); the
announced dates, with a form to move one or announce another; and every release with its audit, as before.
Opening a waiting release here counts as seeing its figures (pre-release access).
"""

from __future__ import annotations

import json

from dash import html

from dashboard.access import roles, signed_in
from dashboard.data import queries, release_context, state
from dashboard.internal import release_data, release_forms, release_review
from dashboard.ui import components, formats, release_words

DONE = {
    "submitted": "Submitted for approval.",
    "approved": "Approved: it will be published at its time.",
    "withdrawn": "Withdrawn.",
    "rescheduled": "The date is changed; the public calendar follows within a minute.",
    "announced": "The date is announced; the public calendar shows it within a minute.",
}


def _what_changed(releases_frame) -> list:
    """The live release against the one published before it (true figures: the internal database's)."""
    readable = releases_frame[releases_frame["state"].fillna("published").isin(release_context.READABLE)]
    live = readable[readable["is_live"].astype(bool)]
    if live.empty:
        return []
    live_id = int(live.iloc[0]["release_id"])
    earlier = readable[readable["release_id"] < live_id]
    if earlier.empty:
        return []
    previous = int(earlier.iloc[0]["release_id"])
    changed = queries.changed_cells(state.engine(), release_id=live_id, previous=previous)
    dims = ["borough", "age_band", "gender", "ethnicity"]
    top = changed.head(15).assign(
        cell=lambda d: (
            d["measure"]
            + ", "
            + d["programme"]
            + ", "
            + d["period"]
            + ["".join(f", {v}" for v in row if v != "all") for row in d[dims].itertuples(index=False)]
        ),
        before=lambda d: [formats.cell(v, s, missing="none") for v, s in zip(d["value_before"], d["status_before"])],
        after=lambda d: [formats.cell(v, s, missing="none") for v, s in zip(d["value_after"], d["status_after"])],
    )
    return [
        html.H2(f"What changed from release {previous} to release {live_id} (live)", className="h4 mt-4"),
        html.P(f"{len(changed):,} of the true cells differ." if len(changed) else "No true cell differs."),
        components.data_table(
            top,
            caption=f"The largest changes, release {previous} to {live_id}",
            columns=[("cell", "Cell"), ("before", f"Release {previous}"), ("after", f"Release {live_id}")],
            numeric={"before", "after"},
        )
        if len(changed)
        else None,
    ]


def _waiting_list(waiting, *, chosen: int | None) -> list:
    if waiting.empty:
        return [html.P("No release is waiting: `vru-etl run` loads the next one as a draft.")]
    items = []
    for _, r in waiting.iterrows():
        rid = int(r["release_id"])
        status = (
            f"approved for {release_words.when(r['publish_at'])}"
            if r["state"] == release_context.APPROVED
            else (
                "submitted by " + str(r["submitted_by"])
                if isinstance(r["submitted_by"], str)
                else "draft, not submitted"
            )
        )
        items.append(
            html.Li(
                [
                    html.A(
                        f"Release {rid}",
                        href=f"/internal/releases?release={rid}",
                        **({"aria-current": "true"} if rid == chosen else {}),
                    ),
                    f", loaded {release_words.when(r['created_at'])}: {status}.",
                ]
            )
        )
    return [html.Ul(items)]


def _forms(r: dict, *, open_entries) -> list:
    me = signed_in.user()
    state_ = r["state"]
    out = []
    if state_ == release_context.DRAFT and roles.may("submit"):
        out.append(release_forms.submit_form(r))
    if state_ == release_context.DRAFT and roles.may("approve"):
        if not r.get("submitted_by"):
            out.append(html.P("It can be approved once it is submitted.", className="small"))
        elif r["submitted_by"] == me:
            out.append(html.P("You submitted it: another approver must approve it.", className="small", role="note"))
        else:
            out.append(release_forms.approve_form(r, open_entries=open_entries))
    if state_ != release_context.WITHDRAWN and roles.may("withdraw"):
        out.append(release_forms.withdraw_form(r))
    return out


def _chosen(engine, release_id: int | None, *, open_entries) -> list:
    if release_id is None:
        return []
    r = release_data.release(engine, release_id)
    if r is None:
        return [html.P(f"There is no release {release_id}.", role="alert")]
    if r["state"] in release_context.WAITING:
        state.previewed(release_id)  # its figures are on this page: pre-release access
    return [
        html.Section(
            [
                html.H2(f"Release {release_id}: {r['state']}", className="h4 mt-4", id=f"release-{release_id}"),
                *release_review.review(engine, r),
                html.H3("Actions", className="h5 mt-3"),
                *(_forms(r, open_entries=open_entries) or [html.P("Nothing you may do to it now.", className="small")]),
            ],
            className="release-review",
            **{"aria-label": f"Release {release_id}"},
        )
    ]


def _dates(entries) -> list:
    out = [html.H2("Announced dates", className="h4 mt-4")]
    if entries.empty:
        out.append(html.P("No date is announced."))
    else:
        frame = entries.assign(
            when=entries["publish_at"].map(release_words.when),
            release=[
                f"release {int(p)} (published)"
                if p == p and p is not None
                else (f"release {int(w)}" if w == w and w is not None else "none yet")
                for p, w in zip(entries["published_release"], entries["waiting_release"])
            ],
        )
        out.append(
            components.data_table(
                frame,
                caption="The release calendar (London time)",
                columns=[
                    ("when", "Publication"),
                    ("description", "What it will hold"),
                    ("status", "Status"),
                    ("release", "Release"),
                ],
            )
        )
    # The forms, used now and then, are folded under what they do: on a phone each is a screen long.
    if roles.may("reschedule"):
        for _, e in entries[entries["status"] == "announced"].iterrows() if not entries.empty else []:
            out.append(components.fold(f"Change the date of: {e['description']}", [release_forms.reschedule_form(e)]))
    if roles.may("announce"):
        out.append(components.fold("Announce a publication date", [release_forms.announce_form()]))
    return out


RELEASE_COLUMNS = [
    ("release_id", "Release"),
    ("created", "Created (UTC)"),
    ("state_text", "State"),
    ("live", "Live"),
    ("cells_suppressed", "Cells suppressed"),
    ("warnings", "Warnings"),
    ("audit", "Disclosure audit"),
]
NEWEST = 5  # releases listed before the older ones are folded


def _every_release(f) -> list:
    """The newest releases, and the older ones folded (a release a quarter: the list only grows)."""
    numeric = {"cells_suppressed", "warnings"}
    out = [
        html.H2("Every release", className="h4 mt-4"),
        components.data_table(
            f.head(NEWEST), caption="Releases, newest first", columns=RELEASE_COLUMNS, numeric=numeric
        ),
    ]
    older = f.iloc[NEWEST:]
    if len(older):
        out.append(
            components.fold(
                f"Older releases ({len(older):,})",
                [
                    components.data_table(
                        older, caption="Older releases, newest first", columns=RELEASE_COLUMNS, numeric=numeric
                    )
                ],
                id_="older-releases",
            )
        )
    return out


def layout(release: str | None = None, done: str | None = None, **_params):
    engine = state.engine()
    chosen = release_context.release_number(release)
    entries = release_data.calendar_entries(engine)
    open_entries = (
        entries[(entries["status"] == "announced") & entries["waiting_release"].isna()]
        if not entries.empty
        else entries
    )
    f = queries.all_releases(engine)
    f["live"] = f["is_live"].map(lambda v: "live" if v else "")
    f["audit"] = [
        ("passed" if p else "failed") + f" (narrowest {json.loads(d).get('narrowest_interval')})"
        for p, d in zip(f["audit_passed"], f["audit_detail"])
    ]
    f["created"] = f["created_at"].astype(str).str[:16].str.replace("T", " ")
    f["state_text"] = f["state"].fillna("published")
    return html.Div(
        [
            html.H1("Releases"),
            html.P(
                "A release is loaded as a draft. Analysts preview it and submit it; an approver who did not submit it "
                "reviews it here and approves it for a time; it is published at that minute. "
                f"You are signed in as {signed_in.user()}, an {roles.current() or 'unknown role'}.",
                className="lead",
            ),
            html.P(DONE[done], className="alert alert-success py-2", role="status") if done in DONE else None,
            html.H2("Waiting for publication", className="h4 mt-3"),
            *_waiting_list(release_data.waiting(engine), chosen=chosen),
            *_chosen(engine, chosen, open_entries=open_entries),
            *_dates(entries),
            *_every_release(f),
            *_what_changed(f),
        ]
    )
