"""Server-drawn images of any chart (dashboard/exports/images.py) on the small release: PNG and SVG with their words
in the file, drawn once and then cached (in Redis too, across workers), and the default views drawn at start.

Images are drawn by kaleido in the real Chromium (/usr/bin/chromium)."""

from __future__ import annotations

import io
import re
import time
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from dashboard.app import create_app
from dashboard.exports import images
from dashboard.settings import Settings

pytestmark = pytest.mark.integration  # a real Chromium through kaleido draws the images: not in make test-fast

SVG = "{http://www.w3.org/2000/svg}"


def test_share_preview_png_is_1200_by_630_with_its_words_in_the_file(client):
    """Given the reach page's main chart, when its og image is asked for, then it is a 1200x630 PNG whose text chunks
    carry the title, the chart in words, the source and the licence."""
    response = client.get("/image/reach/reach-trend.png?programme=divert&size=og")
    assert response.status_code == 200 and response.mimetype == "image/png"
    picture = Image.open(io.BytesIO(response.data))
    assert picture.size == (images.OG_WIDTH, images.OG_HEIGHT)
    text = picture.text
    assert text["Title"].startswith("Young people reached by quarter: DIVERT")
    assert re.search(r"highest [\d,]+ in \d{4}-\d\d Q\d", text["Description"])
    assert text["Copyright"] == "Open Government Licence v3.0" and "London Violence Reduction Unit" in text["Source"]


def test_svg_parses_and_draws_title_source_licence_and_describes_itself(client):
    response = client.get("/image/geography/geography-map.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    root = ET.fromstring(response.data)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("Young people reached per 10,000 residents")
    assert "Map of London boroughs shaded by young people reached per 10,000 residents" in root.find(f"{SVG}desc").text
    drawn = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert "Young people reached per 10,000 residents" in drawn
    assert (
        "Source: London Violence Reduction Unit, release" in drawn and "Licence: Open Government Licence v3.0" in drawn
    )
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_a_view_drawn_before_comes_from_the_cache(client):
    first = client.get("/image/spend/spend-cost.png")
    again = client.get("/image/spend/spend-cost.png")
    assert first.status_code == again.status_code == 200
    assert first.headers["X-Image-Cache"] == "miss" and again.headers["X-Image-Cache"] == "hit"
    assert first.data == again.data
    # The same view named with the live release's own number, or the default period spelt out, is the same entry.
    live = first.headers["X-Release-Id"]
    assert client.get(f"/image/spend/spend-cost.png?release={live}").headers["X-Image-Cache"] == "hit"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/image/nowhere/reach-trend.png", 404),
        ("/image/reach/no-such-chart.png", 404),
        ("/image/reach/reach-trend.gif", 404),
        ("/image/services/services-directory.png", 404),  # a list, not a chart
        ("/image/reach/reach-trend.png?programme=nope", 400),
        ("/image/reach/reach-trend.png?period=1999-00", 400),
        ("/image/reach/reach-trend.png?colour=red", 400),
        ("/image/reach/reach-trend.png?size=huge", 400),
        ("/image/reach/reach-trend.png?release=abc", 400),
        ("/image/reach/reach-trend.png?release=9999", 404),  # no such release: the same 404 as every route
        ("/image/reach/reach-trend.png?borough=%3Cscript%3E", 400),
        ("/image/services/services-map.png?q=mentoring", 400),  # free text never reaches the image cache
        ("/download/reach/reach-trend.zip?programme=nope", 400),
        ("/download/reach/no-such-chart.zip", 404),
    ],
)
def test_unknown_views_are_404_and_bad_filters_400(client, url, status):
    assert client.get(url).status_code == status


def test_the_default_views_are_drawn_in_the_background_at_start(small_release):
    """Given an app with the warm-up on, when it starts, then the default views are drawn without a request, so a
    share preview's first request is a cache hit."""
    app = create_app(
        settings=Settings(mode="public", database_url=f"sqlite:///{small_release / 'public.db'}", image_warmup=True)
    )
    try:
        client = app.server.test_client()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with app.server.app_context():
                entries, _stats = images._cache()
                view = images.view_request.resolve("reach", "reach-trend", {}, free_text=False, needs_figure=True)
                if entries.get(images.image_key(view, fmt="png", size="og")) is not None:
                    break
            time.sleep(1)
        response = client.get("/image/reach/reach-trend.png?size=og")
        assert response.headers["X-Image-Cache"] == "hit"
    finally:
        app.server.config["vru.image_warmer_stop"].set()


def test_an_image_drawn_by_one_worker_is_a_hit_in_another_through_redis(small_release, tmp_path):
    """Given two workers on one Redis, when the first draws an image, then the second answers it from the shared
    cache without drawing it."""
    from tests.support.servers import RedisServer

    server = RedisServer(tmp_path)
    server.start()
    try:
        url = f"sqlite:///{small_release / 'public.db'}"
        first, second = (
            create_app(settings=Settings(mode="public", database_url=url, redis_url=server.url)) for _ in range(2)
        )
        drawn = first.server.test_client().get("/image/reach/reach-gender.png?programme=divert")
        shared = second.server.test_client().get("/image/reach/reach-gender.png?programme=divert")
        assert drawn.headers["X-Image-Cache"] == "miss" and shared.headers["X-Image-Cache"] == "hit"
        assert shared.data == drawn.data
    finally:
        server.stop()
