"""Bars over periods and categories on tiny inline frames: suppressed cells are marked, never drawn as zero."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import bars


def test_trend_leaves_suppressed_periods_out_of_the_bars_and_labels_them():
    """Given three quarters, one suppressed, when drawn, then two bars and one [c] label appear."""
    frame = pd.DataFrame({"period": ["Q1", "Q2", "Q3"], "value": [20, None, 35], "status": ["", "c", ""]})
    fig = bars.trend_figure(frame, title="Reach", y_title="people")
    drawn, marks = fig.data
    assert list(drawn.x) == ["Q1", "Q3"] and list(drawn.y) == [20, 35]
    assert list(marks.x) == ["Q2"] and list(marks.text) == ["[c]"]
    assert "suppressed" in fig.layout.annotations[0].text


def test_breakdown_labels_suppressed_categories_and_keeps_the_order():
    """Given age bands out of order with one suppressed, when drawn, then the order is the given one and [c] is the
    label."""
    frame = pd.DataFrame(
        {"category": ["18 to 24", "Under 10", "10 to 13"], "value": [40, None, 15], "status": ["", "c", ""]}
    )
    fig = bars.breakdown_figure(frame, title="Age", x_title="people", order=["Under 10", "10 to 13", "18 to 24"])
    bar = fig.data[0]
    assert list(bar.y) == ["Under 10", "10 to 13", "18 to 24"]
    assert list(bar.text) == ["[c]", "15", "40"]
