"""How a chart is put on a page (dashboard/charts/facade.py): its picture first, the interactive chart on demand."""

from __future__ import annotations

import re

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.charts import facade
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
    loads), a button showing the wide and the narrow picture at the chart's height, and the figure in a Store."""
    fig = _figure()
    box = facade.graph(
        graph_id="reach-trend",
        figure=fig,
        described={"role": "figure", "aria-label": "Reach"},
        image_path="/image/reach/reach-trend?period=2025-26",
    )
    assert not list(_find(box, dcc.Graph))
    button = next(_find(box, html.Button))
    assert (
        button.id == {"type": facade.FACADE, "graph": "reach-trend"}
        and "Reach" in button.to_plotly_json()["props"]["aria-label"]
    )
    assert next(_find(box, html.Img)).src == "/image/reach/reach-trend.svg?period=2025-26&size=card"
    assert next(_find(box, html.Source)).srcSet == "/image/reach/reach-trend.svg?period=2025-26&size=card-narrow"
    assert next(_find(box, html.Img)).style == {"height": "300px"} and box.style == {"minHeight": "300px"}
    assert next(_find(box, dcc.Store)).data is fig


def test_without_a_picture_address_the_chart_is_interactive_at_once():
    box = facade.graph(graph_id="x", figure=_figure(), described={}, image_path=None)
    graph = next(_find(box, dcc.Graph))
    assert graph.config["topojsonURL"] == facade.TOPOJSON_URL and not list(_find(box, html.Button))


def test_the_picture_leaves_out_search_words_the_image_route_refuses():
    wide, narrow = facade.picture_urls("/image/services/services-map?q=knife&area=all&postcode=SE1")
    assert wide == "/image/services/services-map.svg?area=all&size=card" and narrow.endswith(
        "?area=all&size=card-narrow"
    )
    assert facade.picture_urls("/image/reach/reach-trend")[0] == "/image/reach/reach-trend.svg?size=card"


def test_the_first_paint_shows_the_picture_before_any_javascript():
    box = facade.graph(
        graph_id="reach-trend", figure=_figure(), described={}, image_path="/image/reach/reach-trend?period=2025-26"
    )
    out = first_paint._render(box, path="/reach")
    assert (
        '<source media="(max-width: 575.98px)" '
        'srcset="/image/reach/reach-trend.svg?period=2025-26&amp;size=card-narrow">' in out
    )
    assert re.search(r'<img [^>]*src="/image/reach/reach-trend\.svg\?period=2025-26&amp;size=card"', out)


def test_a_card_picture_is_the_figure_as_the_page_draws_it_at_the_card_width():
    """Given a page's figure (no title), when drawn as a card picture, then it keeps its height, data and margins
    and gains only a width: no export title, notes or licence lines (those are for downloaded images)."""
    from dashboard.exports import images

    page_figure = _figure().update_layout(title={"text": ""}, margin={"t": 30}).to_plotly_json()
    for width in images.CARD_WIDTHS.values():
        picture = images.card_figure(page_figure, width=width)
        assert picture["layout"]["width"] == width and picture["layout"]["height"] == 300
        assert picture["layout"]["margin"] == page_figure["layout"]["margin"] and not picture["layout"].get(
            "annotations"
        )
        assert picture["data"] == page_figure["data"]
    assert set(images.CARD_WIDTHS) <= set(images.SIZES)
