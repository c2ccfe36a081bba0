"""What a reader sees of each public chart before it is interactive: its picture (dashboard/charts/facade.py), in
headless Chromium at a phone's, a tablet's, a laptop's and a large desk screen's width.

For every chart picture a public page shows first, at 360, 768, 1,280 and 1,920 px:
- its smallest text as shown (the SVG's smallest font size times the width the picture is shown at over the width it
  was drawn at) is at least 10 px, and at least 11 px where the picture is shown wider than 400 px;
- it fills at least 90% of its card's width, and the card is no taller than the picture (no empty band under it);
- a borough map's boroughs span at least 480 px on a desk (1,280 px and wider), but for the home page's map: a preview
  in a quarter of the row, leading to the geography page's full map.
The home page's small trends are lines without words: nothing in them to read at a size.
"""

from __future__ import annotations

import pytest

from tests.support.browser import open_page

pytestmark = pytest.mark.slow

# Every public page that shows chart pictures in its default view, and the views that show other charts (a programme's
# KPIs, the tile map).
ROUTES = [
    "/",
    "/reach",
    "/geography",
    "/geography?view=tiles",
    "/kpis?programme=divert",
    "/kpis/trajectories?programme=divert",
    "/spend",
    "/programmes/divert",
    "/services",
    "/funding-need",
]
WIDTHS = [360, 768, 1280, 1920]
MIN_TEXT_PX, MIN_WIDE_TEXT_PX, WIDE_PX = 10, 11, 400
MIN_FILL = 0.90
BAND_SLACK_PX = 4  # the button's own border and rounding
DESK_PX, MIN_MAP_PX = 1280, 480
HOME_MAP = "home map"

# Each visible chart picture: its chart, the width it was drawn at and is shown at, its smallest text (px, in the SVG's
# own units: font size times any scale of the text), the share of its box's width it fills, the box's height less the
# picture's, and a map's boroughs' width in the SVG's units. object-fit may paint the picture smaller than its <img>:
# the painted size is what counts.
MEASURE_JS = (
    """async () => {
  const HOME_MAP = '"""
    + HOME_MAP
    + """';
  const out = [];
  const pictures = [...document.querySelectorAll('button.chart-facade img, a.home-map img')]
    .filter(i => i.getClientRects().length);
  for (const img of pictures) {
    if (!img.complete || !img.naturalWidth) { await img.decode().catch(() => null); }
    const text = await (await fetch(img.currentSrc)).text();
    const holder = document.createElement('div');
    holder.style.cssText = 'position:fixed;left:-20000px;top:0;';
    holder.innerHTML = text;
    document.body.appendChild(holder);
    const svg = holder.querySelector('svg');
    const drawn = parseFloat(svg.getAttribute('width'));
    const drawnHeight = parseFloat(svg.getAttribute('height'));
    // A text's size as drawn: its font size times any scale plotly gave it (bar labels shrunk to fit a bar).
    const drawnSize = (t) => {
      const m = t.getCTM();
      return parseFloat(getComputedStyle(t).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    };
    const sizes = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() && t.getBBox().width > 0)
      .map(drawnSize);
    const boroughs = svg.querySelector('.choroplethlayer');
    const mapWidth = boroughs ? boroughs.getBBox().width : null;
    holder.remove();
    const r = img.getBoundingClientRect();
    const scale = Math.min(r.width / drawn, r.height / drawnHeight);
    const box = img.closest('.chart-box, .home-map');
    const b = box.getBoundingClientRect();
    out.push({
      chart: img.closest('button') ? img.closest('button').dataset.graph : HOME_MAP, src: img.currentSrc, drawn,
      shown: drawn * scale, minFont: Math.min(...sizes), fill: drawn * scale / box.clientWidth,
      band: b.height - drawnHeight * scale, mapWidth,
    });
  }
  return out;
}"""
)


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def width(request) -> int:
    return request.param


@pytest.mark.parametrize("route", ROUTES)
def test_each_chart_picture_is_drawn_for_the_space_it_fills(route, width, browser, dashboard_url):
    context, page, _log = open_page(browser)
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(dashboard_url + route, wait_until="networkidle")
        pictures = page.evaluate(MEASURE_JS)
    finally:
        context.close()
    assert pictures, f"{route} shows no chart picture"
    problems = []
    for p in pictures:
        where = f"{p['chart']} at {width} px (drawn {p['drawn']:.0f} px wide, shown {p['shown']:.0f} px)"
        smallest = p["minFont"] * p["shown"] / p["drawn"]
        limit = MIN_WIDE_TEXT_PX if p["shown"] > WIDE_PX else MIN_TEXT_PX
        if smallest < limit - 0.05:
            problems.append(f"{where}: smallest text {smallest:.1f} px, under {limit} px")
        if p["fill"] < MIN_FILL:
            problems.append(f"{where}: fills {p['fill']:.0%} of its card's width, under {MIN_FILL:.0%}")
        if p["band"] > BAND_SLACK_PX:
            problems.append(f"{where}: an empty band of {p['band']:.0f} px under the picture")
        if p["mapWidth"] is not None and width >= DESK_PX and p["chart"] != HOME_MAP:
            shown_map = p["mapWidth"] * p["shown"] / p["drawn"]
            if shown_map < MIN_MAP_PX:
                problems.append(f"{where}: its boroughs span {shown_map:.0f} px, under {MIN_MAP_PX} px")
    assert not problems, f"{route}:\n" + "\n".join(problems)
