"""A click on a borough of a map chooses it (dashboard/ui/borough_click.py), on a frame of two boroughs."""

from __future__ import annotations

import pandas as pd


def test_a_frame_of_boroughs_names_the_clicked_borough():
    from dashboard.ui import borough_click

    boroughs = pd.DataFrame({"gss_code": ["E09000007", "E09000001"], "name": ["Camden", "City of London"]})
    assert borough_click.borough_of({"points": [{"location": "E09000007"}]}, boroughs) == "E09000007"
    assert borough_click.borough_of({"points": [{"customdata": ["City of London", 3.2]}]}, boroughs) == "E09000001"
    for crafted in (
        None,
        {},
        {"points": []},
        {"points": [{"location": "E09999999"}]},
        {"points": "x"},
        {"points": [5]},
        [1, 2],
    ):
        assert borough_click.borough_of(crafted, boroughs) is None
