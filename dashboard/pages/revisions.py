"""Revisions: every published release, why it was made, what changed, and each one "as published"; a withdrawn
release with its withdrawal notice (the address every route's 410 for it links to: /revisions#release-N)."""

from __future__ import annotations

from dash import html

from dashboard import pages
from dashboard.data import queries, release_context, state
from dashboard.ui import release_words


def _item(r, *, earlier, engine) -> html.Li:
    rid = int(r["release_id"])
    withdrawn = release_context.release_state(r) == release_context.WITHDRAWN
    if withdrawn:
        body = [
            html.P(
                [
                    html.Strong(f"Withdrawn {release_words.when(r['withdrawn_at'])}. "),
                    str(r["withdrawal_reason"] or "No reason was recorded."),
                ],
                className="alert alert-warning py-2",
            ),
            html.P("Its figures are no longer served: links to it answer 410 Gone.", className="small"),
        ]
    else:
        if earlier is not None:
            n = len(queries.changed_cells(engine, release_id=rid, previous=int(earlier["release_id"])))
            change = (
                f"{n:,} of {int(r['cells_published']):,} published figures differ from release "
                f"{int(earlier['release_id'])}."
            )
        else:
            change = "The first release."
        body = [
            html.P(change, className="small"),
            html.P(
                [
                    html.A("View as published", href=f"/?release={rid}"),
                    " · ",
                    html.A(
                        "Download all its published counts (CSV)",
                        href=f"/api/v1/counts.csv?release={rid}&limit=10000",
                    ),
                ],
                className="small",
            ),
        ]
    published = release_words.when(r.get("published_at")) or release_words.when(r["created_at"])
    heading = f"Release {rid}, published {published}" + (" (live)" if r["is_live"] else "")
    return html.Li(
        [
            html.H2(heading + (" (withdrawn)" if withdrawn else ""), className="h5"),
            html.P(r["note"] if isinstance(r["note"], str) and r["note"] else "No note was given for this release."),
            *body,
        ],
        id=f"release-{rid}",
        className="mb-3",
        **{"data-anchor": "release"},  # /revisions#release-N: the notice every 410 of a withdrawn release links to
    )


def layout(**_params):
    engine = state.engine()
    releases = queries.public_releases(engine)
    readable = releases[releases["state"].fillna("published") != release_context.WITHDRAWN]
    items = []
    for _, r in releases.iterrows():
        earlier_rows = readable[readable["release_id"] < r["release_id"]]
        earlier = earlier_rows.iloc[0] if len(earlier_rows) else None
        items.append(_item(r, earlier=earlier, engine=engine))
    return html.Div(
        [
            html.H1("Revisions"),
            html.P(
                "Every release of the dashboard's figures, newest first: why it was made and how much changed. "
                "Earlier releases stay available exactly as they were published; a withdrawn one says why.",
                className="lead",
            ),
            html.P(
                [html.A("The release calendar", href="/releases"), " announces the next releases in advance."],
                className="small",
            ),
            html.Ol(items, className="list-unstyled", reversed=True),
            html.P(
                [
                    "Figures change between releases when providers send late returns or correct earlier ones. ",
                    html.A("How the figures are made", href="/about"),
                    ".",
                ],
                className="small",
            ),
        ]
    )


PAGE = pages.Page(id="revisions", name="Revisions", draw=layout, order=8)
