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


def _sentences(elements) -> list[str]:
    return [e.children for e in elements if isinstance(e, html.P) and isinstance(e.children, str)]


def test_a_drafts_rating_changes_are_counted_in_plain_words():
    from dashboard.internal import release_review

    def said(count: int) -> list[str]:
        summary = {"first_release": True, "ratings_changed_count": count}
        return [s for s in _sentences(release_review._changes({"summary": summary})) if "rating" in s]

    assert said(0) == ["No service's rating changes."]
    assert said(1) == ["1 service rating changes."]
    assert said(3) == ["3 service ratings change."]


def test_a_live_release_that_changes_no_cell_says_so_without_an_empty_table(monkeypatch):
    frame = pd.DataFrame({"release_id": [2, 1], "state": ["published", "published"], "is_live": [True, False]})
    columns = ["measure", "programme", "period", "borough", "age_band", "gender", "ethnicity", "value_before"]
    columns += ["status_before", "value_after", "status_after"]
    monkeypatch.setattr(releases.state, "engine", lambda: None)
    monkeypatch.setattr(releases.queries, "changed_cells", lambda *_a, **_k: pd.DataFrame(columns=columns))
    shown = [e for e in releases._what_changed(frame) if e is not None]
    assert _sentences(shown) == ["No true cell differs."]
    assert not any(type(e).__name__ == "Div" for e in shown)  # no table of the largest changes
