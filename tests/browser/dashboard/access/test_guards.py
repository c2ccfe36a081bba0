"""What a request must look like (dashboard/access/guards.py), against what real Chromium sends."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from dashboard.access import guards
from tests.support.browser import settle


def test_the_largest_real_callback_body_is_well_within_the_limit(page, dashboard_url):
    """Every callback a real browser sends is answered (none refused by the checks of dashboard/access/guards.py).
    Measured in Chromium: every callback body the pages send on load, on a filter change, with the longest search
    (100 characters) and postcode, and on a click on the map; the limit leaves 8 times the largest."""
    sizes: dict[str, int] = {}
    refused: list[tuple] = []

    def on_response(response):
        if urlsplit(response.url).path == "/_dash-update-component":
            body = response.request.post_data or ""
            output = json.loads(body).get("output", "?")
            sizes[output] = max(sizes.get(output, 0), len(body.encode()))
            if response.status not in (200, 204):
                refused.append((response.status, output))

    page.on("response", on_response)
    for path in ("/", "/reach", "/geography", "/kpis", "/spend", "/funding-need", "/programmes/divert", "/services"):
        page.goto(dashboard_url + path)
        settle(page)
    page.select_option("#services-borough", index=3)
    page.fill("#services-q", "mentoring " * 10)
    page.press("#services-q", "Enter")
    page.fill("#services-postcode", "SE1 7PB")
    page.press("#services-postcode", "Enter")
    page.evaluate("""() => document.querySelector('#services-map .js-plotly-plot')
        .emit('plotly_click',
              {points: [{location: 'E09000012', curveNumber: 0, pointNumber: 11, z: 12}], event: {}})""")
    settle(page)
    assert refused == []  # every body a real browser sends passes dashboard/access/guards.py's checks
    assert len(sizes) >= 8, sizes
    largest = max(sizes.values())
    print(f"largest callback body: {largest} bytes ({max(sizes, key=sizes.get)})")
    assert largest * 8 <= guards.MAX_BODY_BYTES, sizes
