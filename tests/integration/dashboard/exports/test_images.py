"""Server-drawn images of any chart (dashboard/exports/images.py) on the small release: PNG and SVG with their words
in the file, drawn once and then cached (in Redis too, across workers), the default views drawn at start, and what one
client can have drawn (dashboard/exports/render_budget.py, over the test client and against gunicorn).

Images are drawn by kaleido in the real Chromium (/usr/bin/chromium)."""

from __future__ import annotations

import io
import math
import re
import sys
import time
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from dashboard.app import create_app
from dashboard.exports import image_cache, image_files, view_request
from dashboard.exports import renderer as kaleido_renderer
from dashboard.settings import Settings
from tests.support import ROOT
from tests.support.servers import gunicorn_server, server_env

sys.path.insert(0, str(ROOT / "scripts"))
import render_limits

pytestmark = pytest.mark.integration  # a real Chromium through kaleido draws the images: not in make test-fast

SVG = "{http://www.w3.org/2000/svg}"


def test_share_preview_png_is_1200_by_630_with_its_words_in_the_file(client):
    """Given the reach page's main chart, when its og image is asked for, then it is a 1200x630 PNG whose text chunks
    carry the title, the chart in words, the source and the licence."""
    response = client.get("/image/reach/reach-trend.png?programme=divert&size=og")
    assert response.status_code == 200 and response.mimetype == "image/png"
    picture = Image.open(io.BytesIO(response.data))
    assert picture.size == (image_files.OG_WIDTH, image_files.OG_HEIGHT)
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


def test_a_card_picture_is_drawn_at_the_width_asked_for(client):
    """Given a card picture's width from the ladder, when asked for, then the SVG is that wide, at the chart's own
    height, with the chart's title and words in it."""
    response = client.get("/image/reach/reach-gender.svg?size=card&width=360")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    head = response.data[: response.data.index(b">")].decode()
    assert 'width="360"' in head and "<title" in response.data.decode()


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
        ("/image/reach/reach-trend.svg?size=card&width=333", 400),  # only the widths pages show are drawn
        ("/image/reach/reach-trend.svg?size=card&width=%EF%BC%93%EF%BC%96%EF%BC%90", 400),  # full-width digits
        ("/image/reach/reach-trend.svg?width=360", 400),  # a width goes with size=card
        ("/image/reach/reach-trend.png?size=og&width=360", 400),
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
                entries, _stats = image_cache._cache()
                view = view_request.resolve("reach", "reach-trend", {}, free_text=False, needs_figure=True)
                if entries.get(image_cache.image_key(view, fmt="png", size="og")) is not None:
                    break
            time.sleep(1)
        response = client.get("/image/reach/reach-trend.png?size=og")
        assert response.headers["X-Image-Cache"] == "hit"
        # ... as are the pictures the page shows first, at the width of a laptop's card and of a phone's
        for width in (1070, 300):
            picture = client.get(f"/image/reach/reach-trend.svg?size=card&width={width}")
            assert picture.headers["X-Image-Cache"] == "hit"
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


# --------------------------------------------------------------------------- what one client can have drawn


class BlankRenderer:
    """Chromium's stand-in for the tests of what is drawn, not how: a blank picture of the format asked for. Whether a
    request drew one is in its X-Image-Cache header (a picture drawn is always kept in the cache)."""

    def render(self, figure: dict, *, fmt: str) -> bytes:
        if fmt == "svg":
            return b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'
        out = io.BytesIO()
        Image.new("RGB", (1, 1)).save(out, format="PNG")
        return out.getvalue()


@pytest.fixture
def renderer(monkeypatch) -> BlankRenderer:
    blank = BlankRenderer()
    monkeypatch.setattr(kaleido_renderer, "_renderer", blank)
    return blank


def _budget_app(small_release, *, per_minute: int, **settings):
    return create_app(
        settings=Settings(
            mode="public",
            database_url=f"sqlite:///{small_release / 'public.db'}",
            image_renders_per_minute=per_minute,
            **settings,
        )
    )


UNLINKED = [f"/image/reach/reach-trend.svg?borough=E0900000{n}&size=card" for n in range(1, 6)]


def test_one_client_has_only_its_budget_of_pictures_nobody_links_to(small_release, renderer):
    """Given a budget of 2 pictures a minute, when one client asks for 3 views nobody links to, then 2 are drawn and
    the third is refused with 503, Retry-After (the seconds until its next picture) and no-store, drawing nothing;
    a picture drawn before is still served, a page's default view is never refused, and another address has its
    own budget."""
    client = _budget_app(small_release, per_minute=2).server.test_client()
    drawn = [client.get(url) for url in UNLINKED[:2]]
    assert [(r.status_code, r.headers["X-Image-Cache"]) for r in drawn] == [(200, "miss"), (200, "miss")]
    refused = client.get(UNLINKED[2])
    assert refused.status_code == 503 and refused.headers["Cache-Control"] == "no-store"
    assert 1 <= int(refused.headers["Retry-After"]) <= 30
    assert client.get(UNLINKED[0]).headers["X-Image-Cache"] == "hit"
    default = client.get("/image/reach/reach-gender.svg?size=card")
    assert default.status_code == 200 and default.headers["X-Image-Cache"] == "miss"
    elsewhere = client.get(UNLINKED[2], environ_overrides={"REMOTE_ADDR": "203.0.113.9"})
    assert elsewhere.status_code == 200 and elsewhere.headers["X-Image-Cache"] == "miss"
    # The refused request drew nothing: the other address's was the first drawing of the view.


def test_head_answers_from_the_cache_or_without_drawing(small_release, renderer):
    """Given a picture not drawn yet, when HEAD asks for it, then the answer says what a GET would get (200, its
    type, X-Image-Cache: miss) and nothing is drawn or counted against the client; once drawn, HEAD answers from
    the cache with the picture's length."""
    client = _budget_app(small_release, per_minute=1).server.test_client()
    for _ in range(5):
        head = client.head(UNLINKED[3])
        assert head.status_code == 200 and head.mimetype == "image/svg+xml" and head.data == b""
        assert head.headers["X-Image-Cache"] == "miss" and head.headers["Cache-Control"] == "no-store"
    got = client.get(UNLINKED[3])  # a miss: no HEAD drew it; and drawn, though the budget is 1: no HEAD took it
    assert got.status_code == 200 and got.headers["X-Image-Cache"] == "miss"
    head = client.head(UNLINKED[3])
    assert head.headers["X-Image-Cache"] == "hit" and int(head.headers["Content-Length"]) == len(got.data)


def test_the_budget_counts_the_address_the_trusted_proxies_saw(small_release, renderer):
    """Behind one trusted proxy each forwarded client has its own budget; without one, X-Forwarded-For is the
    client's own words and changes nothing."""
    behind = _budget_app(small_release, per_minute=1, trusted_proxies=1).server.test_client()
    for n, address in enumerate(("203.0.113.1", "203.0.113.2")):
        asked = behind.get(UNLINKED[n], headers={"X-Forwarded-For": address})
        assert asked.status_code == 200, address
    assert behind.get(UNLINKED[2], headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 503
    direct = _budget_app(small_release, per_minute=1).server.test_client()
    assert direct.get(UNLINKED[0], headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 200
    assert direct.get(UNLINKED[1], headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 503


def test_one_client_cannot_keep_gunicorn_drawing(small_release, tmp_path):
    """Distinct valid views from 8 connections of one client used to be drawn as fast as Chromium could (5.3 a
    second at 8 connections, /healthz slowing with them). Against gunicorn (one worker, real Chromium) with a budget
    of 3 a minute, one client gets at most its burst and its rate drawn in 15 s; the rest are 503 with
    Retry-After."""
    env = server_env(VRU_MODE="public", VRU_DATA_DIR=str(small_release), VRU_IMAGE_RENDERS_PER_MINUTE="3")
    with gunicorn_server(env, tmp_path / "gunicorn.log", workers=1) as base:
        storm = render_limits.picture_storm(base, connections=8, seconds=15)
    assert storm["drawn"] <= 3 + math.ceil(3 / 60 * storm["seconds"]), storm
    assert set(storm["statuses"]) <= {"200", "503"} and storm["refused_without_retry_after"] == 0, storm
    assert storm["statuses"].get("503", 0) > 0 and storm["health"]["failed"] == 0, storm
