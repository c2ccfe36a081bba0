"""A service's ratings by period as a chart (dashboard/charts/ratings.py), on a three-row frame."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import ratings


def _history() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["2024-25 H2", "2025-26 H1", "2025-26 H2"],
            "reviewed": [True, False, True],
            "performance_value": [54.0, None, 66.0],
            "performance_target": [60.0, 60.0, 60.0],
            "rag_rating": ["amber", None, "green"],
        }
    )


def test_each_rating_is_a_shape_named_in_the_legend_and_a_half_with_no_review_is_a_gap():
    """Given an amber review, no review, then a green one, then the line has a gap where there was no review, each
    rating is its own marker shape named in words in the legend, and the target is a dashed line."""
    fig = ratings.rating_history_figure(_history(), title="Ratings")
    line, on_track, at_risk, off_track, target = fig.data
    assert list(line.y) == [54.0, None, 66.0] and line.connectgaps is False
    assert (on_track.name, on_track.marker.symbol, list(on_track.x)) == ("On track", "circle", ["2025-26 H2"])
    assert (at_risk.name, at_risk.marker.symbol, list(at_risk.x)) == ("At risk", "triangle-up", ["2024-25 H2"])
    assert off_track.name == "Off track" and len(off_track.x) == 0
    assert target.name == "Target" and target.line.dash == "dash"
    assert fig.layout.showlegend and fig.layout.height == ratings.HEIGHT


def test_the_axis_names_each_financial_year_once():
    fig = ratings.rating_history_figure(_history(), title="Ratings")
    assert list(fig.layout.xaxis.ticktext) == ["2024-25", "2025-26"]
    assert list(fig.layout.xaxis.tickvals) == ["2024-25 H2", "2025-26 H1"]
