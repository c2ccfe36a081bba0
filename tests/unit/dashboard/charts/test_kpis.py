"""KPI charts on tiny inline frames: ratings in shape and words, suppressed quarters marked, never zero."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import kpis


def test_kpi_figure_shows_the_rating_in_shape_and_words_not_colour_alone():
    frame = pd.DataFrame(
        {"quarter": ["Q1", "Q2"], "value": [80.0, 60.0], "rag_rating": ["green", "red"], "status": ["", ""]}
    )
    fig = kpis.kpi_figure(frame, title="KPI", unit="percent", target=75)
    line = fig.data[0]
    assert list(line.marker.symbol) == ["circle", "x"]
    assert list(line.text) == ["On track", "Off track"]


def test_rag_bands_follow_the_rating_rule_in_both_directions():
    """Given a target of 70 with 10% tolerance, then red below 63, amber to 70, green above; lower-is-better the other
    way up."""
    assert kpis.rag_bands(target=70, amber_tolerance=0.1, direction="higher_is_better", low=0, high=100) == [
        ("red", 0, 63.0),
        ("amber", 63.0, 70),
        ("green", 70, 100),
    ]
    assert kpis.rag_bands(target=4, amber_tolerance=0.1, direction="lower_is_better", low=0, high=6) == [
        ("green", 0, 4),
        ("amber", 4, 4.4),
        ("red", 4.4, 6),
    ]
    assert [
        b[0] for b in kpis.rag_bands(target=70, amber_tolerance=0.1, direction="higher_is_better", low=65, high=100)
    ] == ["amber", "green"]


def test_kpi_trajectory_shades_three_bands_and_writes_each_quarters_rating_under_it():
    """Given three quarters, one suppressed, when drawn, then three shaded bands, the rating words on the axis, and [c]
    for the gap."""
    frame = pd.DataFrame(
        {
            "quarter": ["2025-26 Q1", "2025-26 Q2", "2025-26 Q3"],
            "value": [74.0, None, 57.0],
            "rag_rating": ["green", None, "red"],
            "status": ["", "c", ""],
        }
    )
    fig = kpis.kpi_trajectory_figure(
        frame, title="Feel safer", unit="percent", target=70, amber_tolerance=0.1, direction="higher_is_better"
    )
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == 3
    assert list(fig.layout.xaxis.ticktext) == [
        "2025-26<br>Q1<br>On track",
        "2025-26<br>Q2<br>[c]",
        "2025-26<br>Q3<br>Off track",
    ]
    line, gap = fig.data
    assert list(line.marker.symbol) == ["circle", "circle", "x"] and list(gap.text) == ["[c]"]
    assert {a.text for a in fig.layout.annotations} >= {"On track", "At risk", "Off track", "target 70"}
