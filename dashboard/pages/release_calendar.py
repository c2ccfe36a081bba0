"""/releases: the release calendar. The dates announced for the next releases (London time, with what each will
hold), every change of an announced date with its reason, and the releases already published with their notes
and their pre-release access: how many people saw the figures before publication, in which roles, and how long
before. Orderly release, as the Code of Practice for Statistics asks; /revisions keeps each release's changes."""

from __future__ import annotations

from dash import html

from dashboard import pages
from dashboard.data import calendar, queries, release_context, state
from dashboard.ui import components, release_words

FEEDS = (
    ("/releases.atom", "Atom feed of published releases"),
    ("/releases.ics", "Calendar of announced dates (iCalendar)"),
)


def _subscribe() -> html.P:
    links = []
    for href, label in FEEDS:
        links += [html.A(label, href=href)]
        links.append(" · ")
    return html.P(["Follow new releases: ", *links[:-1], "."], className="small")


def _coming(entries, changes) -> list:
    coming = entries[entries["status"] == calendar.ANNOUNCED]
    if coming.empty:
        return [html.P("No release date is announced at the moment.")]
    moved = changes.groupby("entry_id").size().to_dict() if len(changes) else {}
    frame = coming.assign(
        when=coming["publish_at"].map(release_words.when),
        changed=coming["entry_id"].map(
            lambda e: f"moved {moved[e]} time{'s' if moved[e] != 1 else ''}" if e in moved else ""
        ),
    )
    return [
        components.data_table(
            frame,
            caption="Announced dates, London time",
            columns=[("when", "Publication"), ("description", "What it will hold"), ("changed", "Changes")],
        )
    ]


def _changes(entries, changes) -> list:
    if changes.empty:
        return [html.P("No announced date has been changed.")]
    what = dict(zip(entries["entry_id"], entries["description"]))
    return [
        html.Ul(
            [
                html.Li(
                    [
                        html.Strong(release_words.when(c["changed_at"], time=False) + ": "),
                        f"{what.get(c['entry_id'], 'a release')} moved from "
                        f"{release_words.when(c['previous_publish_at'])} to "
                        f"{release_words.when(c['publish_at']) or 'no date'}. ",
                        html.Span(f"Why: {c['reason']}"),
                    ]
                )
                for _, c in changes.iterrows()
            ]
        )
    ]


def _published(releases) -> list:
    if releases.empty:
        return [html.P("Nothing has been published yet.")]
    items = []
    for _, r in releases.iterrows():
        rid = int(r["release_id"])
        withdrawn = release_context.release_state(r) == release_context.WITHDRAWN
        when = release_words.when(r.get("published_at")) or release_words.when(r["created_at"])
        items.append(
            html.Li(
                [
                    html.H3(f"Release {rid}, published {when}" + (" (withdrawn)" if withdrawn else ""), className="h6"),
                    html.P(r["note"] if isinstance(r["note"], str) and r["note"] else "No note was given."),
                    html.P(release_words.pre_release_access(r.get("pre_release_access")), className="small"),
                    html.P(
                        [html.A("Withdrawal notice", href=f"/revisions#release-{rid}")]
                        if withdrawn
                        else [
                            html.A("The figures as published", href=f"/?release={rid}"),
                            " · ",
                            html.A("What changed", href=f"/revisions#release-{rid}"),
                        ],
                        className="small",
                    ),
                ],
                className="mb-3",
            )
        )
    return [html.Ol(items, className="list-unstyled", reversed=True)]


def layout(**_params):
    engine = state.engine()
    entries, changes = calendar.entries(engine), calendar.changes(engine)
    return html.Div(
        [
            html.H1("Release calendar"),
            html.P(
                "New figures are published at an announced date and time, normally 09:30 London time on a working "
                "day, for everyone at once. A change to an announced date is listed here with its reason.",
                className="lead",
            ),
            _subscribe(),
            html.H2("Releases to come", className="h4 mt-3"),
            *_coming(entries, changes),
            html.H2("Changes to announced dates", className="h4 mt-3"),
            *_changes(entries, changes),
            html.H2("Releases published", className="h4 mt-3"),
            html.P(
                "Pre-release access: the people who saw each release's figures before publication (VRU analysts "
                "who checked them, and the approver who approved them), counted by role.",
                className="small",
            ),
            *_published(queries.public_releases(engine)),
        ]
    )


PAGE = pages.Page(
    id="releases",
    name="Release calendar",
    nav_name="Releases",
    draw=layout,
    order=8,
    in_navigation=False,
    version=lambda: calendar.version(state.engine()),  # a date announced or moved changes the page, not the release
)
