"""Figure functions on tiny inline frames: suppressed cells are marked, never drawn as zero."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import figures, maps


def test_trend_leaves_suppressed_periods_out_of_the_bars_and_labels_them():
    """Given three quarters, one suppressed, when drawn, then two bars and one [c] label appear."""
    frame = pd.DataFrame({"period": ["Q1", "Q2", "Q3"], "value": [20, None, 35], "status": ["", "c", ""]})
    fig = figures.trend_figure(frame, title="Reach", y_title="people")
    bars, marks = fig.data
    assert list(bars.x) == ["Q1", "Q3"] and list(bars.y) == [20, 35]
    assert list(marks.x) == ["Q2"] and list(marks.text) == ["[c]"]
    assert "suppressed" in fig.layout.annotations[0].text


def test_breakdown_labels_suppressed_categories_and_keeps_the_order():
    """Given age bands out of order with one suppressed, when drawn, then the order is the given one and [c] is the
    label."""
    frame = pd.DataFrame(
        {"category": ["18 to 24", "Under 10", "10 to 13"], "value": [40, None, 15], "status": ["", "c", ""]}
    )
    fig = figures.breakdown_figure(frame, title="Age", x_title="people", order=["Under 10", "10 to 13", "18 to 24"])
    bar = fig.data[0]
    assert list(bar.y) == ["Under 10", "10 to 13", "18 to 24"]
    assert list(bar.text) == ["[c]", "15", "40"]


def test_choropleth_draws_suppressed_boroughs_in_grey_separately():
    geojson = {"type": "FeatureCollection", "features": []}
    frame = pd.DataFrame(
        {
            "borough": ["E09000001", "E09000002"],
            "borough_name": ["City", "Barking"],
            "rate": [None, 8.2],
            "status": ["c", ""],
        }
    )
    fig = maps.choropleth_figure(frame, geojson, title="Map", value="rate", value_title="per 10,000")
    shown, hidden = fig.data
    assert list(shown.locations) == ["E09000002"] and list(hidden.locations) == ["E09000001"]
    assert "[c]" in hidden.hovertemplate


def test_choropleth_is_the_svg_trace_with_no_base_layer_to_fetch():
    """Given boroughs with a GeoJSON, when mapped, then the trace is plotly's SVG choropleth (no maplibre-gl in the
    bundle) placed by the GeoJSON's ids, with no locationmode and no base layer: the two things that make plotly's
    geo fetch a world topojson from its CDN."""
    geojson = {"type": "FeatureCollection", "features": []}
    frame = pd.DataFrame(
        {
            "borough": ["E09000001", "E09000002"],
            "borough_name": ["City", "Barking"],
            "rate": [3.0, 8.2],
            "status": ["", ""],
        }
    )
    fig = maps.choropleth_figure(frame, geojson, title="Map", value="rate", value_title="per 10,000")
    assert [t.type for t in fig.data] == ["choropleth"]
    assert fig.data[0].featureidkey == "id" and fig.data[0].locationmode is None
    geo = fig.layout.geo
    assert geo.visible is False and geo.fitbounds == "locations"
    assert not any(
        geo[layer]
        for layer in (
            "showland",
            "showocean",
            "showlakes",
            "showrivers",
            "showcountries",
            "showcoastlines",
            "showframe",
        )
    )
    assert fig.layout.dragmode is False  # a finger on the map scrolls the page


def test_kpi_figure_shows_the_rating_in_shape_and_words_not_colour_alone():
    frame = pd.DataFrame(
        {"quarter": ["Q1", "Q2"], "value": [80.0, 60.0], "rag_rating": ["green", "red"], "status": ["", ""]}
    )
    fig = figures.kpi_figure(frame, title="KPI", unit="percent", target=75)
    line = fig.data[0]
    assert list(line.marker.symbol) == ["circle", "x"]
    assert list(line.text) == ["On track", "Off track"]


def test_cost_figure_says_not_published_where_there_is_no_figure():
    frame = pd.DataFrame({"name": ["A", "B"], "cost_per_participant_gbp": [500.0, None]})
    fig = figures.cost_figure(frame, title="Cost")
    assert "not published" in list(fig.data[0].text)


def test_ranked_funding_leaves_out_boroughs_without_an_allocation_and_sorts_highest_first():
    frame = pd.DataFrame(
        {
            "borough_name": ["A", "B", "City"],
            "inner_outer": ["Inner", "Outer", "Inner"],
            "allocation_per_head_gbp": [1.5, 2.0, None],
        }
    )
    fig = figures.ranked_funding_figure(frame, title="t")
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
    fig = figures.ranked_funding_figure(
        frame, title="t", value="allocation_per_need_gbp", x_title="£ per offence", per="per offence"
    )
    assert list(fig.layout.yaxis.categoryarray) == ["B", "A"]
    assert fig.layout.xaxis.title.text == "£ per offence"
    assert "per offence" in fig.data[0].hovertemplate


def test_funding_scatter_leaves_out_a_borough_whose_need_is_not_available():
    frame = _funding_frame().assign(need_per_10k=lambda f: f["need_per_10k"].where(f.index != 0))
    fig = figures.funding_need_scatter(frame, title="t", x_title="offences per 10,000 residents")
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
    fig = figures.funding_need_scatter(frame, title="t")
    x_range, y_range = fig.layout.xaxis.range, fig.layout.yaxis.range
    w, h = figures.LABEL_AREA_PX
    boxes = []
    for trace in fig.data:
        for x, y, text, position in zip(trace.x, trace.y, trace.text, trace.textposition):
            if text:
                px, py = (
                    (x - x_range[0]) / (x_range[1] - x_range[0]) * w,
                    (1 - (y - y_range[0]) / (y_range[1] - y_range[0])) * h,
                )
                boxes.append(figures._label_box(px, py, figures.LABEL_CHAR_PX * len(text), position))
    assert all(not figures._overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
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
    fig = figures.funding_need_scatter(frame, title="t")
    labelled = {t: p for trace in fig.data for t, p in zip(trace.text, trace.textposition) if t}
    assert labelled.get("Richmond upon Thames") in ("top right", "bottom right")


def test_funding_scatter_with_two_boroughs_labels_both():
    fig = figures.funding_need_scatter(_funding_frame().iloc[[0, 31]], title="t")
    assert sorted(t for trace in fig.data for t in trace.text) == ["Borough number 0", "Borough number 31"]


# ------------------------------------------------------------------ performance management (internal mode)
def test_rag_bands_follow_the_rating_rule_in_both_directions():
    """Given a target of 70 with 10% tolerance, then red below 63, amber to 70, green above; lower-is-better the other
    way up."""
    assert figures.rag_bands(target=70, amber_tolerance=0.1, direction="higher_is_better", low=0, high=100) == [
        ("red", 0, 63.0),
        ("amber", 63.0, 70),
        ("green", 70, 100),
    ]
    assert figures.rag_bands(target=4, amber_tolerance=0.1, direction="lower_is_better", low=0, high=6) == [
        ("green", 0, 4),
        ("amber", 4, 4.4),
        ("red", 4.4, 6),
    ]
    assert [
        b[0] for b in figures.rag_bands(target=70, amber_tolerance=0.1, direction="higher_is_better", low=65, high=100)
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
    fig = figures.kpi_trajectory_figure(
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


def test_spend_profile_figure_draws_profile_spend_to_date_and_the_forecast():
    """Given 12 months with 3 elapsed, then the profile has 12 points, spend 3, and the forecast runs from month 3 to
    the outturn."""
    months = pd.date_range("2025-04-01", periods=12, freq="MS")
    frame = pd.DataFrame(
        {
            "month_index": range(1, 13),
            "month": months.strftime("%Y-%m-%d"),
            "profile_cumulative_gbp": [10_000.0 * i for i in range(1, 13)],
            "spend_cumulative_gbp": [13_000.0 * i for i in range(1, 13)],
        }
    )
    fig = figures.spend_profile_figure(frame, title="Spend", months_elapsed=3, forecast_outturn=156_000)
    profile, spend, forecast = fig.data
    assert len(profile.x) == 12 and list(spend.y) == [13, 26, 39]
    assert list(forecast.x) == ["Jun", "Mar"] and list(forecast.y) == [39, 156]
    assert (
        len(figures.spend_profile_figure(frame, title="Spend", months_elapsed=12, forecast_outturn=156_000).data) == 2
    )  # a year that is over


def test_provider_comparison_marks_the_programme_average_and_providers_without_a_figure():
    frame = pd.DataFrame({"provider": ["Alpha", "Beta", "Gamma"], "cost": [2_000.0, None, 1_000.0]})
    fig = figures.provider_comparison_figure(
        frame, title="Cost", value="cost", value_title="£", average=1_500.0, text_format="£{:,.0f}"
    )
    bar = fig.data[0]
    assert list(bar.y) == ["Beta", "Gamma", "Alpha"] and list(bar.text) == ["no figure", "£1,000", "£2,000"]
    assert any(s.type == "line" and s.x0 == 1_500 for s in fig.layout.shapes)
    assert "programme average £1,500" in [a.text for a in fig.layout.annotations]
