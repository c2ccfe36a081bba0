"""The borough maps on tiny inline frames: suppressed boroughs drawn apart, nothing fetched."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import maps


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
