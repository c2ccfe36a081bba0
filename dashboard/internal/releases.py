"""Internal page: every release, its disclosure audit and inputs, and what changed in the live one."""

from __future__ import annotations

import json

from dash import html

from dashboard.data import queries, state
from dashboard.ui import components, formats


def _what_changed(releases_frame) -> list:
    live = releases_frame[releases_frame["is_live"].astype(bool)]
    if live.empty or len(releases_frame) < 2:
        return []
    live_id = int(live.iloc[0]["release_id"])
    earlier = releases_frame[releases_frame["release_id"] < live_id]
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
        html.H2(f"What changed from release {previous} to release {live_id} (live)", className="h4 mt-3"),
        html.P(f"{len(changed):,} of the published cells differ."),
        components.data_table(
            top,
            caption=f"The largest changes, release {previous} to {live_id}",
            columns=[("cell", "Cell"), ("before", f"Release {previous}"), ("after", f"Release {live_id}")],
            numeric={"before", "after"},
        ),
    ]


def layout(**_params):
    f = queries.all_releases(state.engine())
    f["live"] = f["is_live"].map(lambda v: "live" if v else "")
    f["audit"] = [
        ("passed" if p else "failed") + f" (narrowest {json.loads(d).get('narrowest_interval')})"
        for p, d in zip(f["audit_passed"], f["audit_detail"])
    ]
    f["created"] = f["created_at"].astype(str).str[:16].str.replace("T", " ")
    f["digest"] = f["input_digest"].astype(str).str[:12]
    f["previous_digest"] = f["digest"].shift(-1).fillna("")
    f["inputs"] = [
        ("same inputs as the release before" if d == p else "new inputs") if p else "first release"
        for d, p in zip(f["digest"], f["previous_digest"])
    ]
    return html.Div(
        [
            html.H1("Releases"),
            html.P(
                "Every ETL run is one release. The public site shows the live one; earlier ones stay in the databases.",
                className="lead",
            ),
            components.data_table(
                f,
                caption="Releases, newest first",
                columns=[
                    ("release_id", "Release"),
                    ("created", "Created (UTC)"),
                    ("live", "Live"),
                    ("cells_suppressed", "Cells suppressed"),
                    ("cells_suppressed_secondary", "of which secondary"),
                    ("warnings", "Warnings"),
                    ("audit", "Disclosure audit"),
                    ("digest", "Input digest"),
                    ("inputs", "Inputs"),
                ],
                numeric={"cells_suppressed", "cells_suppressed_secondary", "warnings"},
            ),
            *_what_changed(f),
            html.H2("Making an earlier release live again", className="h4 mt-3"),
            html.P(
                [
                    "The dashboard only reads its databases. To withdraw a release, the data team runs ",
                    html.Code("vru-etl live --release N"),
                    " on the ETL host: both databases switch together, and the public site shows release N at once.",
                ]
            ),
        ]
    )
