"""The home page (dashboard/pages/overview.py, dashboard/pages/glance.py) over HTTP on the small release: headline
figures with their trends as pictures described in words, every programme at a glance with cells of the release's
programme_summary, and the map's picture leading to the geography page."""

from __future__ import annotations

import re
import sqlite3
from html import unescape

import pandas as pd
import pytest

from tests.support.web import BASE_URL, main_text, make_app


@pytest.fixture(scope="module")
def app(small_release):
    return make_app(f"sqlite:///{small_release / 'public.db'}", mode="public", public_base_url=BASE_URL)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _live(db, table: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return pd.read_sql(f"SELECT t.* FROM {table} t JOIN releases r USING (release_id) WHERE r.is_live", conn)


def _glance_rows(html: str) -> dict[str, str]:
    """Each row of the programmes at a glance, by programme id: its words."""
    table = re.search(r'<table class="table table-sm glance">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r'<tr><th scope="row"><a href="/programmes/([^"]+)">(.*?)</tr>', table, re.S)
    return {pid: main_text(cells) for pid, cells in rows}


def test_each_headline_figure_has_its_trend_as_a_picture_described_in_words(client):
    html = client.get("/").get_data(as_text=True)
    for chart in ("overview-reach", "overview-running", "overview-spend", "overview-kpis"):
        found = re.search(
            rf'<div [^>]*aria-describedby="first-paint-{chart}-summary"[^>]*>\s*<picture><img [^>]*src="([^"]+)"', html
        )
        assert found, chart
        words = re.search(rf'<p class="visually-hidden" id="first-paint-{chart}-summary">([^<]+)</p>', html).group(1)
        assert re.search(r"\d", words), (chart, words)
        picture = client.get(unescape(found.group(1)))
        assert picture.status_code == 200 and picture.data.lstrip().startswith(b"<svg"), chart


def test_programmes_at_a_glance_shows_each_running_programmes_published_cells(client, small_release):
    """Given the release's programme_summary for its latest year, then each programme that ran has a row linking to
    its page with its reach and change, its KPIs on track of all of them in words, and its share of the budget spent;
    those that did not run are named apart."""
    summary = _live(small_release / "public.db", "programme_summary")
    year = summary["financial_year"].max()
    this_year = summary[(summary["financial_year"] == year) & (summary["programme_id"] != "all")]
    html = client.get("/").get_data(as_text=True)
    rows = _glance_rows(html)
    running = this_year[this_year["programmes_running"] == 1]
    assert set(rows) == set(running["programme_id"]) and len(rows) >= 8
    for _, cell in running.iterrows():
        words = rows[cell["programme_id"]]
        reach = "[c]" if cell["participants_status"] == "c" else f"{int(cell['participants']):,}"
        assert words.startswith(reach) or f" {reach} " in f" {words} ", (cell["programme_id"], words)
        if cell["change_status"] == "" and cell["participants_change"]:
            direction = "up" if cell["participants_change"] > 0 else "down"
            assert f"{direction} {abs(int(cell['participants_change'])):,}" in words, words
        if cell["kpis"]:
            assert f"{cell['kpis_on_track']} of {cell['kpis']} on track" in words, words
        if pd.notna(cell["spend_share"]):
            assert f"{cell['spend_share']:.0%} of the budget" in words, words
    for _, idle in this_year[this_year["programmes_running"] == 0].iterrows():
        assert f'href="/programmes/{idle["programme_id"]}"' in html


def test_the_headline_figures_are_published_cells(client, small_release):
    summary = _live(small_release / "public.db", "programme_summary")
    everyone = summary[summary["programme_id"] == "all"].sort_values("financial_year").iloc[-1]
    text = main_text(client.get("/").get_data(as_text=True))
    assert f"Programmes running {int(everyone['programmes_running'])} " in text
    assert f"KPIs on track {int(everyone['kpis_on_track'])} of {int(everyone['kpis'])} " in text
    assert f"{everyone['spend_share']:.0%} of the budget" in text


def test_the_map_is_the_geography_pages_picture_and_leads_to_it(client):
    html = client.get("/?programme=divert").get_data(as_text=True)
    link = re.search(r'<a class="d-block home-map" href="(/geography[^"]*)">(.*?)</a>', html, re.S)
    assert link and unescape(link.group(1)).startswith("/geography?programme=divert&period=")
    alt = re.search(r'<img [^>]*alt="([^"]+)"', link.group(2)).group(1)
    src = unescape(re.search(r'<img [^>]*src="([^"]+)"', link.group(2)).group(1))
    assert src.startswith("/image/geography/geography-map.svg?programme=divert")
    assert "Map of London boroughs shaded by young people reached per 10,000 residents" in unescape(alt)
    assert client.get(src).status_code == 200


def test_the_filters_are_folded_and_still_a_form_to_this_page(client):
    html = client.get("/").get_data(as_text=True)
    folded = re.search(r'<details class="folded-filters mb-3"><summary>([^<]+)</summary>(.*?)</details>', html, re.S)
    assert folded and "period" in folded.group(1)
    assert 'method="get" action="/"' in folded.group(2)


def test_the_folded_filters_open_when_the_view_is_not_the_default_one(client):
    """A reader who followed a link to another period or programme sees at once which view they are looking at."""

    def folded(address: str) -> str:
        html = client.get(address).get_data(as_text=True)
        return re.search(r"<details[^>]*folded-filters[^>]*>", html).group(0)

    home = client.get("/").get_data(as_text=True)
    select = re.search(r'<select [^>]*id="first-paint-overview-period"[^>]*>(.*?)</select>', home, re.S).group(1)
    shown = re.search(r'<option value="([^"]+)" selected', select).group(1)
    other = next(p for p in re.findall(r'<option value="([^"]+)"', select) if p != shown)
    assert "open" not in folded("/")
    assert "open" in folded("/?programme=divert")
    assert "open" in folded(f"/?period={other}")
    assert "open" not in folded(f"/?period={shown}")  # the default period, named in the address


def test_the_home_pages_share_preview_is_the_reach_trend_for_its_filters(client):
    head = unescape(client.get("/?programme=divert").get_data(as_text=True).split("</head>")[0])
    image = re.search(r'<meta property="og:image" content="([^"]+)">', head).group(1)
    assert image.startswith(f"{BASE_URL}/image/reach/reach-trend.png?programme=divert")
    assert f'<link rel="canonical" href="{BASE_URL}/?programme=divert&period=' in head
