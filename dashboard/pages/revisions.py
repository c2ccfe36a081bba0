"""Revisions: every release, why it was made, what changed, and each one "as published"."""

from __future__ import annotations

from dash import html

from dashboard import pages
from dashboard.data import queries, state


def layout(**_params):
    engine = state.engine()
    releases = queries.all_releases(engine)
    items = []
    for i, r in releases.iterrows():
        rid = int(r["release_id"])
        earlier = releases.iloc[i + 1] if i + 1 < len(releases) else None
        if earlier is not None:
            n = len(queries.changed_cells(engine, release_id=rid, previous=int(earlier["release_id"])))
            change = (
                f"{n:,} of {int(r['cells_published']):,} published figures differ from release "
                f"{int(earlier['release_id'])}."
            )
        else:
            change = "The first release."
        items.append(
            html.Li(
                [
                    html.H2(
                        f"Release {rid}, {str(r['created_at'])[:10]}" + (" (live)" if r["is_live"] else ""),
                        className="h5",
                    ),
                    html.P(
                        r["note"] if isinstance(r["note"], str) and r["note"] else "No note was given for this release."
                    ),
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
                ],
                className="mb-3",
            )
        )
    return html.Div(
        [
            html.H1("Revisions"),
            html.P(
                "Every release of the dashboard's figures, newest first: why it was made and how much changed. "
                "Earlier releases stay available exactly as they were published.",
                className="lead",
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
