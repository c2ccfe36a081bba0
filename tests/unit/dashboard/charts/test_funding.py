"""Funding against need on tiny inline frames: boroughs without a figure left out, labels that never overlap."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import funding


def test_ranked_funding_leaves_out_boroughs_without_an_allocation_and_sorts_highest_first():
    frame = pd.DataFrame(
        {
            "borough_name": ["A", "B", "City"],
            "inner_outer": ["Inner", "Outer", "Inner"],
            "allocation_per_head_gbp": [1.5, 2.0, None],
        }
    )
    fig = funding.ranked_funding_figure(frame, title="t")
    assert list(fig.layout.yaxis.categoryarray) == ["B", "A"] and fig.data[0].orientation == "h"
    assert [t.name for t in fig.data] == ["Inner London", "Outer London"]
    assert fig.data[1].marker.pattern.shape == "/"  # outer boroughs are told apart by pattern too


def test_ranked_funding_ranks_the_amount_asked_for_and_says_its_unit():
    """Given allocations per offence (the City has none: its need is not available), when ranked by that amount,
    then the bars follow it, the axis and hover name the unit, and the City is left out."""
    frame = pd.DataFrame(
        {
            "borough_name": ["A", "B", "City"],
            "inner_outer": ["Inner", "Outer", "Inner"],
            "allocation_per_head_gbp": [2.0, 1.5, None],
            "allocation_per_need_gbp": [3_000.0, 4_000.0, None],
        }
    )
    fig = funding.ranked_funding_figure(
        frame, title="t", value="allocation_per_need_gbp", x_title="£ per offence", per="per offence"
    )
    assert list(fig.layout.yaxis.categoryarray) == ["B", "A"]
    assert fig.layout.xaxis.title.text == "£ per offence"
    assert "per offence" in fig.data[0].hovertemplate


def test_funding_scatter_leaves_out_a_borough_whose_need_is_not_available():
    frame = _funding_frame().assign(need_per_10k=lambda f: f["need_per_10k"].where(f.index != 0))
    fig = funding.funding_need_scatter(frame, title="t", x_title="offences per 10,000 residents")
    named = {n for trace in fig.data for n in trace.customdata}
    assert "Borough number 0" not in named and len(named) == len(frame) - 1
    assert fig.layout.xaxis.title.text == "offences per 10,000 residents"


def _funding_frame(n: int = 32) -> pd.DataFrame:
    import numpy as np

    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "borough_name": [f"Borough number {i}" for i in range(n)],
            "inner_outer": ["Inner" if i < 13 else "Outer" for i in range(n)],
            # A tight cluster, as the real outer boroughs are, and a few outliers.
            "need_per_10k": np.r_[rng.normal(6.5, 0.6, n - 3), [12.0, 13.5, 23.5]],
            "allocation_per_head_gbp": np.r_[rng.normal(1.55, 0.05, n - 3), [1.7, 1.65, 2.05]],
        }
    )


def test_funding_scatter_labels_never_overlap_and_every_borough_has_a_hover():
    frame = _funding_frame()
    fig = funding.funding_need_scatter(frame, title="t")
    x_range, y_range = fig.layout.xaxis.range, fig.layout.yaxis.range
    w, h = funding.LABEL_AREA_PX
    boxes = []
    for trace in fig.data:
        for x, y, text, position in zip(trace.x, trace.y, trace.text, trace.textposition):
            if text:
                px, py = (
                    (x - x_range[0]) / (x_range[1] - x_range[0]) * w,
                    (1 - (y - y_range[0]) / (y_range[1] - y_range[0])) * h,
                )
                boxes.append(funding._label_box(px, py, funding.LABEL_CHAR_PX * len(text), position))
    assert all(not funding._overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert all(b[0] >= 0 and b[2] <= w and b[1] >= 0 and b[3] <= h for b in boxes)
    named = sorted(n for trace in fig.data for n in trace.customdata)
    assert named == sorted(frame["borough_name"])
    # The outliers, the points a reader looks for, are always labelled.
    labelled = {t for trace in fig.data for t in trace.text if t}
    assert {"Borough number 29", "Borough number 30", "Borough number 31"} <= labelled
    assert 8 <= len(labelled) < len(frame)  # the cluster cannot all be labelled at this size


def test_funding_scatter_labels_a_long_named_outlier_at_the_left_edge():
    """Given the lowest need far to the left, too near the edge for a centred label, with a neighbour to its right,
    then its long name still finds a place inside the plot: starting at the marker, above or below it (as Richmond upon
    Thames's knife crime with injury needs in 2024-25)."""
    frame = pd.DataFrame(
        {
            "borough_name": ["Richmond upon Thames", "Bexley", "Kingston upon Thames", "Barnet", "Westminster"],
            "inner_outer": ["Outer", "Outer", "Outer", "Outer", "Inner"],
            "need_per_10k": [1.18, 1.81, 2.2, 2.15, 8.17],
            "allocation_per_head_gbp": [1.49, 1.49, 1.59, 1.56, 2.03],
        }
    )
    fig = funding.funding_need_scatter(frame, title="t")
    labelled = {t: p for trace in fig.data for t, p in zip(trace.text, trace.textposition) if t}
    assert labelled.get("Richmond upon Thames") in ("top right", "bottom right")


def test_funding_scatter_with_two_boroughs_labels_both():
    fig = funding.funding_need_scatter(_funding_frame().iloc[[0, 31]], title="t")
    assert sorted(t for trace in fig.data for t in trace.text) == ["Borough number 0", "Borough number 31"]


# ------------------------------------------------------------------ performance management (internal mode)
