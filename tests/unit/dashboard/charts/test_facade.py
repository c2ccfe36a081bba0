"""How a chart is put on a page (dashboard/charts/facade.py): its picture first, the interactive chart on demand."""

from __future__ import annotations

import re

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.charts import facade, slots
from dashboard.ui import first_paint


def _figure() -> go.Figure:
    return go.Figure(go.Bar(x=["a"], y=[1])).update_layout(height=300)


def _find(node, kind):
    if isinstance(node, kind):
        yield node
    children = getattr(node, "children", None)
    for child in children if isinstance(children, list) else [children] if children is not None else []:
        yield from _find(child, kind)


def test_a_public_chart_is_its_picture_in_a_button_with_the_figure_kept_for_later():
    """Given a chart with a picture address, when put on a page, then the page holds no dcc.Graph (so no plotly.js
    loads), a button showing the chart's picture at each width of its slot, each with its size, and the figure in a
    Store."""
    fig = _figure()
    box = facade.graph(
        graph_id="reach-trend",
        figure=fig,
        described={"role": "figure", "aria-label": "Reach"},
        image_path="/image/reach/reach-trend?period=2025-26",
        slot=slots.THIRD,
    )
    assert not list(_find(box, dcc.Graph))
    button = next(_find(box, html.Button))
    assert (
        button.id == {"type": facade.FACADE, "graph": "reach-trend"}
        and "Reach" in button.to_plotly_json()["props"]["aria-label"]
    )
    sources = list(_find(box, html.Source))
    assert [s.srcSet for s in sources] == [
        f"/image/reach/reach-trend.svg?period=2025-26&size=card&width={w}" for w in slots.widths(slots.THIRD)
    ]
    first = sources[0].to_plotly_json()["props"]
    assert first["data-width"] == str(slots.WIDTHS[0]) and first["data-height"] == "300"
    img = next(_find(box, html.Img))
    assert img.src == f"/image/reach/reach-trend.svg?period=2025-26&size=card&width={slots.at(slots.THIRD, 1280)}"
    assert (
        img.height == "300" and "style" not in img.to_plotly_json()["props"]
    )  # the picture's own proportions give its height (no empty band)
    assert box.style == {"minHeight": "300px"}
    assert next(_find(box, dcc.Store)).data is fig


def test_a_map_picture_is_no_taller_than_the_map_at_each_width():
    """Given a figure whose plot keeps its shape (a map), when put on a page, then each narrower picture is drawn
    shorter, and the box holds the shortest picture's height until a picture has loaded."""
    fig = _figure().update_layout(
        height=600, margin={"l": 10, "r": 10, "t": 30, "b": 70}, meta={slots.PLOT_ASPECT: 1.25}
    )
    box = facade.graph(graph_id="map", figure=fig, described={}, image_path="/image/geography/geography-map")
    heights = {
        int(s.to_plotly_json()["props"]["data-width"]): int(s.to_plotly_json()["props"]["data-height"])
        for s in _find(box, html.Source)
    }
    assert heights[260] == round(240 / 1.25) + 100 and heights[1850] == 600
    assert box.style == {"minHeight": f"{heights[260]}px"}


def test_without_a_picture_address_the_chart_is_interactive_at_once():
    box = facade.graph(graph_id="x", figure=_figure(), described={}, image_path=None)
    graph = next(_find(box, dcc.Graph))
    assert graph.config["topojsonURL"] == facade.TOPOJSON_URL and not list(_find(box, html.Button))


def test_the_picture_leaves_out_search_words_the_image_route_refuses():
    url = facade.picture_url("/image/services/services-map?q=knife&area=all&postcode=SE1", width=430)
    assert url == "/image/services/services-map.svg?area=all&size=card&width=430"
    assert (
        facade.picture_url("/image/reach/reach-trend", width=260) == "/image/reach/reach-trend.svg?size=card&width=260"
    )


def test_the_first_paint_shows_the_picture_before_any_javascript():
    """Given a chart's picture, when the first paint renders it, then each source has its media query and its size
    as the width and height attributes the browser reserves the picture's space by."""
    box = facade.graph(
        graph_id="reach-trend", figure=_figure(), described={}, image_path="/image/reach/reach-trend?period=2025-26"
    )
    out = first_paint._render(box, path="/reach")
    assert (
        '<source media="(min-width: 1145px) and (max-width: 1354.98px)" '
        'srcset="/image/reach/reach-trend.svg?period=2025-26&amp;size=card&amp;width=1070" height="300" width="1070">'
        in out
    )
    assert re.search(r'<img [^>]*src="/image/reach/reach-trend\.svg\?period=2025-26&amp;size=card&amp;width=1070"', out)
    assert "data-width" not in out


def test_a_card_picture_is_the_figure_as_the_page_draws_it_at_the_card_width():
    """Given a page's figure (no title), when drawn as a card picture, then it keeps its height, data and margins
    and gains only a width: no export title, notes or licence lines (those are for downloaded images)."""
    from dashboard.exports import image_files, images

    page_figure = _figure().update_layout(title={"text": ""}, margin={"t": 30}).to_plotly_json()
    for width in (*image_files.CARD_WIDTHS.values(), *slots.WIDTHS):
        picture = image_files.card_figure(page_figure, width=width)
        assert picture["layout"]["width"] == width and picture["layout"]["height"] == 300
        assert picture["layout"]["margin"] == page_figure["layout"]["margin"] and not picture["layout"].get(
            "annotations"
        )
        assert picture["data"] == page_figure["data"]
    assert set(image_files.CARD_WIDTHS) <= set(images.SIZES)
