"""The internal Releases page's list of every release (dashboard/internal/releases.py): the newest shown, the older
folded under a summary that says how many."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.internal import releases


def _frame(count: int) -> pd.DataFrame:
    ids = list(range(count, 0, -1))  # newest first, as queries.all_releases gives them
    return pd.DataFrame(
        {
            "release_id": ids,
            "created": ["2026-01-01 09:00"] * count,
            "state_text": ["published"] * count,
            "live": ["live"] + [""] * (count - 1),
            "cells_suppressed": [3] * count,
            "warnings": [0] * count,
            "audit": ["passed"] * count,
        }
    )


def _ids(table) -> list[int]:
    body = table.children[2]
    return [row.children[0].children for row in body.children]


def test_the_newest_releases_are_listed_and_the_older_ones_folded():
    heading, newest, older = releases._every_release(_frame(releases.NEWEST + 3))
    assert isinstance(heading, html.H2)
    assert _ids(newest.children) == list(range(releases.NEWEST + 3, 3, -1))
    assert isinstance(older, html.Details) and not getattr(older, "open", None)
    summary, table = older.children
    assert summary.children == "Older releases (3)"
    assert _ids(table.children) == [3, 2, 1]


def test_a_short_list_has_nothing_folded():
    assert [type(c).__name__ for c in releases._every_release(_frame(releases.NEWEST))] == ["H2", "Div"]
