"""Embeds (dashboard/exports/embeds.py) over a real release: one chart alone, with its source, its words and its
height script, framed by other sites, and printing only the filters applied."""

from __future__ import annotations

import re


def test_embed_shows_one_chart_with_its_source_and_may_be_framed(app):
    """Given a chart, when its embed view is requested, then it has the chart's figure, table, source line and a link
    back, and it alone may be framed by other sites."""
    client = app.server.test_client()
    response = client.get("/embed/reach/reach-gender?programme=divert&period=2023-24")
    assert response.status_code == 200
    html = response.data.decode()
    assert "Young people reached by gender, financial year 2023-24" in html
    assert 'id="embed-figure"' in html and "<table" in html
    assert "Source: London Violence Reduction Unit, release" in html and "Open Government Licence v3.0" in html
    assert 'href="/reach?programme=divert&amp;period=2023-24"' in html
    assert (
        "frame-ancestors *" in response.headers["Content-Security-Policy"] and "X-Frame-Options" not in response.headers
    )
    page = client.get("/reach")
    assert (
        "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
        and page.headers["X-Frame-Options"] == "DENY"
    )
    assert client.get("/embed/reach/no-such-chart").status_code == 404


def test_the_embed_carries_the_description_and_its_height_script(client):
    html = client.get("/embed/reach/reach-gender?programme=divert").get_data(as_text=True)
    assert 'aria-describedby="embed-summary"' in html
    assert re.search(
        r'<p id="embed-summary" class="visually-hidden">Bar chart of young people reached[^<]*by gender', html
    )
    assert 'data-embed="reach/reach-gender"' in html
    script = client.get("/assets/embed-resize.js")
    assert script.status_code == 200 and b"vru-embed:height" in script.data
    # The host script is for other sites' pages, not loaded on the dashboard's own.
    assert 'src="/assets/embed-resize.js' not in client.get("/reach").get_data(as_text=True)


def test_embeds_print_only_the_filters_applied(app):
    """/embed/reach/reach-gender?Correction=These+figures+were+withdrawn+by+the+VRU must not print that text under the
    real figures: the Filters line and the link back hold the cleaned filters only."""
    client = app.server.test_client()
    html = client.get("/embed/reach/reach-gender?Correction=These+figures+were+withdrawn+by+the+VRU").data.decode()
    assert (
        "withdrawn" not in html and "Correction" not in html and "Filters: period: " in html
    )  # the latest year, as shown
    html = client.get("/embed/reach/reach-gender?programme=divert&period=1999-00&Correction=withdrawn").data.decode()
    assert "withdrawn" not in html and "Filters: programme: divert, period: " in html and "1999-00" not in html
    assert 'href="/reach?programme=divert' in html
