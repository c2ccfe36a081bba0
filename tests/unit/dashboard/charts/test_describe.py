"""Charts described in words (dashboard/charts/describe.py), on three- to five-row frames."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import describe


def test_trend_states_span_highest_lowest_latest_change_and_suppressed():
    frame = pd.DataFrame(
        {
            "period": ["2024-25 Q1", "2024-25 Q2", "2024-25 Q3", "2024-25 Q4", "2025-26 Q1"],
            "value": [920.0, 3960.0, None, 2795.0, 2235.0],
            "status": ["", "", "c", "", ""],
        }
    )
    text = describe.trend(frame, what="young people reached", step="quarter")
    assert text == (
        "Bar chart of young people reached by quarter, 2024-25 Q1 to 2025-26 Q1: highest 3,960 in 2024-25 Q2, "
        "lowest 920 in 2024-25 Q1, latest 2,235 in 2025-26 Q1, down 20% on the quarter before; "
        "1 quarter suppressed ([c]) to protect individuals."
    )


def test_trend_with_the_latest_period_suppressed_names_the_latest_published_one_and_no_change():
    frame = pd.DataFrame(
        {"period": ["2023-24", "2024-25", "2025-26"], "value": [100.0, 150.0, None], "status": ["", "", "c"]}
    )
    text = describe.trend(frame, what="young people reached", step="financial year")
    assert "latest published 150 in 2024-25 (2025-26 is suppressed)" in text
    assert "up 50% on the financial year before" in text


def test_trend_quotes_a_target_and_rating_beside_the_latest_value():
    frame = pd.DataFrame(
        {
            "quarter": ["2025-26 Q1", "2025-26 Q2"],
            "value": [61.0, 58.5],
            "status": ["", ""],
            "target": [60.0, 60.0],
            "rating": ["On track", "At risk"],
        }
    )
    text = describe.trend(
        frame,
        what="completion rate",
        step="quarter",
        x="quarter",
        fmt="{:,.1f}%",
        chart="Line chart",
        reference="target",
        rating="rating",
    )
    assert "latest 58.5% in 2025-26 Q2 against a target of 60.0% (At risk), down 4% on the quarter before" in text


def test_trend_with_everything_suppressed_says_so():
    frame = pd.DataFrame({"period": ["2025-26 Q1", "2025-26 Q2"], "value": [None, None], "status": ["c", "c"]})
    assert "every value is suppressed" in describe.trend(frame, what="x", step="quarter")


def test_ranking_names_the_ends_and_counts_the_unpublished():
    frame = pd.DataFrame({"name": ["A", "B", "C"], "cost": [1200.0, None, 450.0]})
    text = describe.ranking(
        frame, what="cost per young person", item="programme", label="name", value="cost", fmt="£{:,.0f}"
    )
    assert (
        text == "Bar chart ranking 2 programmes by cost per young person: highest A (£1,200), lowest C (£450); "
        "1 programme not published."
    )


def test_breakdown_names_largest_then_smallest_and_the_suppressed_groups():
    frame = pd.DataFrame(
        {"category": ["Female", "Male", "Other"], "value": [410.0, 1290.0, None], "status": ["", "", "c"]}
    )
    text = describe.breakdown(frame, what="young people reached", by="gender")
    assert text == (
        "Bar chart of young people reached by gender, 3 groups: largest Male (1,290), smallest Female (410); "
        "suppressed ([c]): Other."
    )


def test_area_map_names_highest_and_lowest_borough_and_counts_suppressed():
    frame = pd.DataFrame(
        {"borough_name": ["Camden", "Barnet", "City of London"], "rate": [12.5, 3.25, None], "status": ["", "", "c"]}
    )
    text = describe.area_map(frame, what="young people reached per 10,000 residents", value="rate")
    assert "2 boroughs with published figures: highest Camden (12.5), lowest Barnet (3.2)" in text
    assert "1 borough suppressed ([c])" in text


def test_groups_give_each_groups_range_without_averages():
    frame = pd.DataFrame(
        {
            "borough_name": ["Camden", "Hackney", "Barnet", "Bexley"],
            "inner_outer": ["Inner", "Inner", "Outer", "Outer"],
            "rate": [12.5, 20.0, 3.0, 4.0],
            "status": ["", "", "", ""],
        }
    )
    text = describe.groups(frame, what="rate", group="inner_outer", label="borough_name", value="rate")
    assert (
        "Inner London, 2 boroughs, from 12.5 (Camden) to 20.0 (Hackney); Outer London, 2 boroughs, from 3.0 (Barnet) "
        "to 4.0 (Bexley)" in text
    )


def test_scatter_gives_both_ranges_and_the_direction_of_the_relationship():
    frame = pd.DataFrame(
        {"borough_name": ["A", "B", "C", "D"], "need": [5.0, 10.0, 15.0, None], "money": [1.0, 2.1, 2.9, None]}
    )
    text = describe.scatter(
        frame, x="need", y="money", label="borough_name", x_what="need", y_what="allocation", y_fmt="£{:,.2f}"
    )
    assert "allocation from £1.00 (A) to £2.90 (C); need from 5.0 (A) to 15.0 (C)" in text
    assert "strongly positive relationship (r = 1.00)" in text
    assert "1 borough not shown" in text


def test_a_frame_whose_index_repeats_a_label_is_described_by_its_rows_not_its_labels():
    """A frame filtered from a larger one, or concatenated, may repeat an index label: the highest and lowest are
    the rows that hold them, not every row that shares their label."""
    frame = pd.DataFrame(
        {"period": ["2023-24", "2024-25", "2025-26"], "value": [100.0, 300.0, 200.0], "status": ["", "", ""]},
        index=[0, 0, 1],
    )
    text = describe.trend(frame, what="young people reached", step="financial year")
    assert "highest 300 in 2024-25" in text
    assert "lowest 100 in 2023-24" in text
