"""One release as its approver sees it before approving: the disclosure audit's result, the validation warnings,
what it changes against the live release (headline figures, revised cells counted by table, services whose
rating changed, new and ended services: the ETL's comparison of the two protected releases), its notes, who
has seen it (pre-release access so far), its history, and links to preview every public page of it."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.internal import release_data
from dashboard.ui import components, formats, release_words

# Public pages a preview opens, each at ?release=N (the services report and programmes take it too).
PREVIEW_PAGES = (
    ("/", "Overview"),
    ("/reach", "Reach"),
    ("/geography", "Geography"),
    ("/kpis", "KPIs"),
    ("/spend", "Spend"),
    ("/programmes", "Programmes"),
    ("/services", "Services"),
    ("/services/report", "Committee report"),
    ("/funding-need", "Funding and need"),
)
ACTION_WORDS = {
    "submit": "submitted it",
    "approve": "approved it",
    "reschedule": "changed its date",
    "withdraw": "withdrew it",
    "announce": "announced the date",
    "publish": "published it",
}


def preview_links(release_id: int) -> html.P:
    links: list = []
    for path, name in PREVIEW_PAGES:
        links += [html.A(name, href=f"{path}?release={release_id}"), " · "]
    return html.P(["Preview it as the public will see it: ", *links[:-1]], className="small")


def _cell(found) -> str:
    if not found:
        return "none"
    return formats.cell(found.get("value"), found.get("status") or "", missing="none")


def _audit(r: dict) -> list:
    detail = r.get("audit_detail") or {}
    passed = bool(r.get("audit_passed"))
    return [
        html.H3("Disclosure audit", className="h5 mt-4"),
        html.P(
            [
                html.Strong("Passed" if passed else "FAILED"),
                f": {int(r['cells_published']):,} cells published, {int(r['cells_suppressed']):,} suppressed "
                f"({int(r['cells_suppressed_primary']):,} small counts, {int(r['cells_suppressed_secondary']):,} to "
                f"protect them); the narrowest interval an attacker could derive for a suppressed cell is "
                f"{detail.get('narrowest_interval', 'not recorded')}.",
            ]
        ),
    ]


def _warnings(engine, r: dict) -> list:
    by_rule = release_data.warnings_by_rule(engine, int(r["release_id"]))
    out = [html.H3("Validation warnings", className="h5 mt-4"), html.P(f"{int(r['warnings'] or 0):,} warnings.")]
    if not by_rule.empty:
        out.append(
            components.fold(
                "Warnings by file and rule",
                [
                    components.data_table(
                        by_rule.head(15),
                        caption="Warnings by file and rule (the most frequent 15)",
                        columns=[("file", "File"), ("rule", "Rule"), ("findings", "Warnings")],
                        numeric={"findings"},
                    )
                ],
            )
        )
    return out


def _changes(r: dict) -> list:
    summary = r.get("summary")
    head = [html.H3("What it changes against the live release", className="h5 mt-4")]
    if not summary:
        return [*head, html.P("Not compared yet: the next `vru-etl publish --due` compares it.")]
    if summary.get("first_release"):
        head.append(html.P("There is no live release to compare it with: it will be the first."))
    else:
        head.append(
            html.P(
                f"Compared with release {r.get('compared_with')}, computed {release_words.when(r.get('computed_at'))}."
            )
        )
    headline = pd.DataFrame(
        [
            {
                "measure": h["measure"],
                "period": h["period"],
                "before": _cell(h.get("before")),
                "after": _cell(h.get("after")),
            }
            for h in summary.get("headline", [])
        ]
    )
    out = head
    if not headline.empty:
        out.append(
            components.data_table(
                headline,
                caption="Headline figures: London, all programmes (as published)",
                columns=[
                    ("measure", "Measure"),
                    ("period", "Year"),
                    ("before", "Live release"),
                    ("after", "This release"),
                ],
                numeric={"before", "after"},
            )
        )
    tables = pd.DataFrame(summary.get("tables", []))
    if not tables.empty:
        totals = {key: int(tables[key].sum()) if key in tables else 0 for key in ("revised", "added", "removed")}
        out.append(
            html.P(
                f"Published rows: {totals['revised']:,} revised, {totals['added']:,} added and "
                f"{totals['removed']:,} removed, over {len(tables):,} tables."
            )
        )
        out.append(
            components.fold(
                "Rows revised, added and removed, by table",
                [
                    components.data_table(
                        tables,
                        caption="Published rows revised, added and removed, by table",
                        columns=[
                            ("table", "Table"),
                            ("revised", "Revised"),
                            ("added", "Added"),
                            ("removed", "Removed"),
                        ],
                        numeric={"revised", "added", "removed"},
                    )
                ],
            )
        )
    ratings = summary.get("ratings_changed", [])
    changed = int(summary.get("ratings_changed_count", 0))
    out.append(
        html.P(
            "No service's rating changes."
            if not changed
            else f"{changed:,} service {'rating changes' if changed == 1 else 'ratings change'}."
        )
    )
    if ratings:
        out.append(
            components.data_table(
                pd.DataFrame(ratings),
                caption="Services whose rating changes",
                columns=[
                    ("name", "Service"),
                    ("period", "Period"),
                    ("before", "Live release"),
                    ("after", "This release"),
                ],
            )
        )
    for key, words in (("services_new", "New services"), ("services_ended", "Services that end")):
        found = summary.get(key, [])
        names = ", ".join(f"{s['name']}" + (f" ({s['how']})" if s.get("how") else "") for s in found) or "none"
        out.append(html.P([html.Strong(f"{words}: "), names]))
    return out


def _people(engine, r: dict) -> list:
    seen = release_data.previews(engine, int(r["release_id"]))
    out = [html.H3("Pre-release access so far", className="h5 mt-4")]
    if seen.empty:
        return [*out, html.P("Nobody has seen its figures yet.")]
    seen = seen.assign(first=seen["first_at"].map(release_words.when), last=seen["last_at"].map(release_words.when))
    return [
        *out,
        components.data_table(
            seen,
            caption="Who has seen its figures (published as counts by role when it is published)",
            columns=[("username", "User"), ("role", "Role"), ("first", "First"), ("last", "Last"), ("views", "Views")],
            numeric={"views"},
        ),
    ]


def _history(engine, r: dict) -> list:
    acts = release_data.actions(engine, release_id=int(r["release_id"]), entry_id=r.get("entry_id"))
    if acts.empty:
        return []
    items = [
        html.Li(
            f"{release_words.when(a['acted_at'])}: {a['username']} ({a['role']}) "
            f"{ACTION_WORDS.get(a['action'], a['action'])}"
            + (
                f" for {release_words.when(a['publish_at'])}"
                if isinstance(a["publish_at"], str) and a["publish_at"]
                else ""
            )
            + (f": {a['note']}" if isinstance(a["note"], str) and a["note"] else "")
        )
        for _, a in acts.iterrows()
    ]
    return [html.H3("History", className="h5 mt-4"), html.Ul(items, className="small")]


def review(engine, r: dict) -> list:
    """The approver's view of release `r` (release_data.release)."""
    rid = int(r["release_id"])
    submitted = (
        f"Submitted by {r['submitted_by']} on {release_words.when(r['submitted_at'])}: {r.get('submission_note') or ''}"
        if r.get("submitted_by")
        else "Not submitted for approval yet."
    )
    approved = (
        f"Approved by {r['approved_by']} on {release_words.when(r['approved_at'])} for "
        f"{release_words.when(r.get('publish_at'))}."
        if r.get("approved_by")
        else ""
    )
    return [
        html.P([html.Strong("Release note: "), r.get("note") or "none"]),
        html.P(submitted),
        html.P(approved) if approved else None,
        preview_links(rid) if r["state"] in release_data.WAITING else None,
        *_audit(r),
        *_warnings(engine, r),
        *_changes(r),
        *_people(engine, r),
        *_history(engine, r),
        html.P(f"Digest of its protected tables: {str(r.get('content_digest') or '')[:16]}…", className="small"),
    ]
