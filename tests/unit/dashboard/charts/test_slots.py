"""Where a chart card sits and the widths its picture is drawn at (dashboard/charts/slots.py)."""

from __future__ import annotations

import re

import pytest

from dashboard.charts import slots

SLOTS = [slots.FULL, slots.HALF, slots.THIRD, slots.NESTED, slots.SCROLLING]
# The ladder's widest step over its next: a picture is never scaled up by more than this (and a scrollbar's width).
MOST_SCALE = 1.3
DESK_SCROLLBAR_PX = 17  # a classic scrollbar (Windows, Linux): the page is this much narrower than media queries see


def _matches(media: str, screen: int) -> bool:
    """Whether a media query list of min-width and max-width features matches a screen `screen` px wide."""
    for query in media.split(", "):
        low = re.search(r"min-width: ([\d.]+)px", query)
        high = re.search(r"max-width: ([\d.]+)px", query)
        if (not low or screen >= float(low[1])) and (not high or screen <= float(high[1])):
            return True
    return False


@pytest.mark.parametrize("slot", SLOTS, ids=lambda s: s.name)
def test_every_screen_width_matches_one_picture_never_wider_than_its_card(slot):
    """Given a slot, for every screen width from a small phone to a wide desk, then exactly one of its pictures'
    media queries matches, and that picture is no wider than the card (with a desk's scrollbar) and scaled up by
    less than one step of the ladder."""
    for screen in range(360, 2561):
        matching = [width for width, media in slots.media(slot) if _matches(media, screen)]
        assert len(matching) == 1, f"{slot.name} at {screen} px: pictures {matching}"
        scrollbar = DESK_SCROLLBAR_PX if screen >= slots.PHONE_PX else 0
        narrowest, widest = slot.width(screen, scrollbar=scrollbar), slot.width(screen)
        assert matching[0] == slots.at(slot, screen)
        assert matching[0] <= narrowest or matching[0] == slots.WIDTHS[0], f"{slot.name} at {screen} px"
        if screen <= 1920:
            assert widest / matching[0] < MOST_SCALE, f"{slot.name} at {screen} px: {matching[0]} for {widest:.0f}"


def test_a_card_is_as_wide_as_the_grid_makes_it():
    """Given the pages' Bootstrap grid at 1,280 px with no scrollbar, then a full card's chart is 1,222 px wide, a
    third's 369, a half's 582, and a chart in a card in a card 1,188."""
    assert slots.FULL.width(1280) == 1222
    assert round(slots.THIRD.width(1280)) == 369 and slots.THIRD.width(991) == slots.FULL.width(991)
    assert slots.HALF.width(1280) == 582
    assert slots.NESTED.width(1280) == 1188
    assert slots.SCROLLING.width(360) == 960


def test_a_map_is_drawn_no_taller_than_it_needs_and_other_figures_at_their_height():
    layout = {"height": 600, "margin": {"l": 10, "r": 10, "t": 30, "b": 70}, "meta": {slots.PLOT_ASPECT: 1.3}}
    assert slots.picture_height(layout, 300) == round(280 / 1.3) + 100
    assert slots.picture_height(layout, 1850) == 600
    assert slots.picture_height({"height": 360}, 260) == 360 and slots.picture_height({}, 260) == 450


def test_labels_placed_for_a_wide_chart_are_left_off_a_narrower_picture():
    """Given a scatter whose labels are placed for a chart 900 px wide, when fitted to narrower and wider pictures,
    then the narrower draws markers only, the wider keeps its labels, and the figure given is unchanged."""
    figure = {
        "data": [{"type": "scatter", "mode": "markers+text", "text": ["Brent"]}, {"type": "bar"}],
        "layout": {"height": 520, "meta": {slots.LABELS_FROM: 900}},
    }
    narrow, wide = slots.fit(figure, width=740), slots.fit(figure, width=1070)
    assert narrow["data"][0]["mode"] == "markers" and narrow["data"][1] == {"type": "bar"}
    assert wide["data"][0]["mode"] == "markers+text" and figure["data"][0]["mode"] == "markers+text"
    assert (narrow["layout"]["width"], narrow["layout"]["height"]) == (740, 520) and "width" not in figure["layout"]
