"""Charts that fit from a phone to a desktop (the figure modules of dashboard/charts/, drawn in the shared look of
dashboard/charts/style.py), in real Chromium.

Every chart page, at 360, 768 and 1,280 px wide: each chart's text (tick labels, axis titles, legend, colour bar,
annotations, value labels) lies inside the chart's SVG, and no two tick labels of an axis overlap (rotated ones are
spaced by their height across the slant). A screenshot of each page and width is kept in the test's temporary folder.
"""

from __future__ import annotations

import pytest

from tests.support.browser import open_page, settle

pytestmark = pytest.mark.slow

ROUTES = ["/reach", "/geography", "/geography?view=tiles", "/spend", "/services", "/funding-need", "/programmes/divert"]
WIDTHS = [360, 768, 1280]
SLACK_PX = 1  # antialiasing: a glyph's box may pass an edge by a pixel

# Returns one line per problem: the chart's id, the text and what is wrong with it.
PROBLEMS_JS = """(slack) => {
  const problems = [];
  const overlap = (a, b) => a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top <
  a.bottom - slack;
  const visible = (t) => t.textContent.trim() && t.getClientRects().length && getComputedStyle(t).visibility !==
  'hidden'
    && getComputedStyle(t).display !== 'none' && !t.closest('.hoverlayer');
  const angle = (t) => { const m = /rotate\\((-?[\\d.]+)/.exec(t.getAttribute('transform') || ''); return m ? +m[1] : 0;
  };
  for (const gd of document.querySelectorAll('#react-entry-point .js-plotly-plot')) {
    const id = (gd.closest('.dash-graph') || {}).id || '(no id)';
    const svg = gd.querySelector('.main-svg');
    const box = svg.getBoundingClientRect();
    const texts = [...gd.querySelectorAll('.main-svg text')].filter(visible);
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      if (!r.width) { continue; }
      if (r.left < box.left - slack || r.right > box.right + slack || r.top < box.top - slack || r.bottom > box.bottom +
      slack) {
        problems.push(`${id}: "${t.textContent}" goes past the chart's edge (text ${Math.round(r.left -
        box.left)}..${Math.round(r.right - box.left)} x, `
          + `${Math.round(r.top - box.top)}..${Math.round(r.bottom - box.top)} y; chart ${Math.round(box.width)} x
          ${Math.round(box.height)})`);
      }
    }
    for (const layer of gd.querySelectorAll('.xaxislayer-above, .yaxislayer-above')) {
      const ticks = [...layer.querySelectorAll('.xtick text, .ytick text')].filter(visible);
      const horizontal = layer.classList.contains('xaxislayer-above');
      const rects = ticks.map(t => ({t, r: t.getBoundingClientRect(), a: angle(t), size:
      parseFloat(getComputedStyle(t).fontSize)}));
      rects.sort((p, q) => horizontal ? p.r.left - q.r.left : p.r.top - q.r.top);
      for (let i = 1; i < rects.length; i++) {
        const p = rects[i - 1], q = rects[i];
        if (p.a && horizontal) {
          // Slanted labels are parallel lines: apart by their height, measured across the slant.
          const gap = (q.r.left - p.r.left) * Math.abs(Math.sin(p.a * Math.PI / 180));
          if (gap < p.size * 0.9) { problems.push(`${id}: slanted tick labels "${p.t.textContent}" and
          "${q.t.textContent}" overlap (${gap.toFixed(1)} px apart)`); }
        } else if (overlap(p.r, q.r)) {
          problems.push(`${id}: tick labels "${p.t.textContent}" and "${q.t.textContent}" overlap`);
        }
      }
      // An axis title must not sit on its own tick labels.
      const letter = horizontal ? 'x' : 'y';
      for (const title of gd.querySelectorAll(`.g-${letter}title text`)) {
        if (!visible(title)) { continue; }
        const r = title.getBoundingClientRect();
        for (const p of rects) {
          if (overlap(r, p.r)) { problems.push(`${id}: axis title "${title.textContent}" covers tick label
          "${p.t.textContent}"`); break; }
        }
      }
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("route", ROUTES)
def test_chart_text_fits_and_tick_labels_do_not_overlap(browser, dashboard_url, route, width, tmp_path):
    """Given a chart page at `width` px, when its interactive charts have drawn, then no chart's text goes past
    the chart's edge and no tick labels overlap."""
    context, page, log = open_page(browser)
    try:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(dashboard_url + route, wait_until="domcontentloaded")  # settle() waits for the rest
        settle(page, timeout_ms=60_000)  # the server's first pictures wait for its image renderer to start
        charts = page.locator("#react-entry-point .js-plotly-plot").count()
        assert charts >= 1, f"{route}: no chart drawn"
        page.screenshot(
            path=str(tmp_path / f"{route.strip('/').replace('/', '-').replace('?', '-')}-{width}.png"), full_page=True
        )
        problems = page.evaluate(PROBLEMS_JS, SLACK_PX)
        assert not problems, f"{route} at {width} px:\n" + "\n".join(problems)
        assert not log.errors(), f"{route}: " + "\n".join(log.errors())
    finally:
        context.close()
