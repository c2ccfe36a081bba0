"""scripts/_page_choices.py: the filter combinations the load test and the benchmarks send are made of the values
the page's own controls offer, never of the release's periods or any list kept in the script."""

from __future__ import annotations

import random
import sys

from tests.support import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from _page_choices import combination, combinations

SHOWN = "?period=2024-25&indicator=knife_crime_with_injury"
INDICATORS = ["knife_crime_with_injury", "knife_injury_victims_1_24_non_domestic"]


def _funding_need_callback() -> dict:
    """The filter callback a browser sent on /funding-need when its financial year was changed."""
    return {
        "output": "..funding-need-content.children...page-query.data...funding-need-shown.data..",
        "outputs": [
            {"id": "funding-need-content", "property": "children"},
            {"id": "page-query", "property": "data"},
            {"id": "funding-need-shown", "property": "data"},
        ],
        "inputs": [
            {"id": "funding-need-period", "property": "value", "value": "2023-24"},
            {"id": "funding-need-indicator", "property": "value", "value": INDICATORS[0]},
        ],
        "changedPropIds": ["funding-need-period.value"],
        "state": [
            {"id": "funding-need-release", "property": "data", "value": ""},
            {"id": "funding-need-shown", "property": "data", "value": SHOWN},
        ],
    }


# What the page's controls offered, as read_choices reads them: financial years of the fund only, and the indicators.
FUNDING_NEED_CHOICES = {
    "period": {"kind": "select", "options": ["2025-26", "2024-25", "2023-24", "2022-23"], "value": "2024-25"},
    "indicator": {"kind": "radio", "options": INDICATORS, "value": INDICATORS[0]},
}
# The release's periods: quarters and years the fund's page does not offer.
PUBLISHED = {
    "programmes": [("p1", "Youth"), ("p2", "Youth"), ("p3", "Families")],
    "periods": ["2023-24", "2023-24 Q1", "2024-25", "2024-25 Q3", "2024-25 Q4", "2025-26 Q1"],
    "boroughs": ["E09000001", "E09000002"],
    "service_areas": ["Mentoring"],
}


def _values(body: dict) -> dict:
    return {i["id"].removeprefix("funding-need-"): i["value"] for i in body["inputs"]}


def test_every_combination_is_one_the_page_offers_and_not_the_view_it_showed():
    body = _funding_need_callback()
    drawn = combinations(
        body, "funding-need", PUBLISHED, {combination(body)}, 6, random.Random(1), choices=FUNDING_NEED_CHOICES
    )
    values = [_values(b) for b in drawn]
    assert len(values) == 6  # 4 years x 2 indicators, less the view shown and the one the browser asked for
    assert {v["period"] for v in values} <= set(FUNDING_NEED_CHOICES["period"]["options"])
    assert {v["indicator"] for v in values} == set(INDICATORS)  # the page's other indicator is sent too
    assert {"period": "2024-25", "indicator": INDICATORS[0]} not in values  # sent again, it would update nothing
    assert {"period": "2023-24", "indicator": INDICATORS[0]} not in values  # the browser asked for it already
    assert all(b["state"] == body["state"] for b in drawn)


def test_a_programme_is_drawn_from_the_chosen_area_and_free_text_is_left_as_sent():
    body = {
        "inputs": [
            {"id": "reach-area", "property": "value", "value": "all"},
            {"id": "reach-programme", "property": "value", "value": "all"},
            {"id": "reach-q", "property": "value", "value": None},
        ]
    }
    choices = {
        "area": {"kind": "select", "options": ["all", "Youth", "Families"], "value": "all"},
        "programme": {"kind": "select", "options": ["all", "p1", "p2", "p3"], "value": "all"},
        "q": {"kind": "text", "options": [], "value": ""},
    }
    drawn = [
        {i["id"].removeprefix("reach-"): i["value"] for i in b["inputs"]}
        for b in combinations(body, "reach", PUBLISHED, set(), 8, random.Random(3), choices=choices)
    ]
    assert drawn
    areas = dict(PUBLISHED["programmes"])
    for v in drawn:
        assert v["programme"] == "all" or v["area"] in ("all", areas[v["programme"]]), v
        assert v["q"] is None or v["q"] in (
            "mentoring",
            "youth",
            "sport",
            "family",
            "mental health",
            "knife",
            "school",
            "trauma",
        )
