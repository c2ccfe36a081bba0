"""For journalists (issue 18): server-drawn images, share previews, data packages, charts in words.

Images are drawn by kaleido in the real Chromium (/usr/bin/chromium); data packages are checked
with the Frictionless reference implementation."""

from __future__ import annotations

import io
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser

import pytest
from PIL import Image

from dashboard import pages
from dashboard.app import create_app
from dashboard.exports import images, view_request
from dashboard.settings import Settings

pytestmark = pytest.mark.integration  # a real Chromium through kaleido draws the images: not in make test-fast

BASE_URL = "https://vru.example.org"
SVG = "{http://www.w3.org/2000/svg}"
# A view of each public page that shows its charts (KPI charts appear once a programme is chosen,
# a borough's own trend once a borough is).
PUBLIC_VIEWS = [
    "/",
    "/reach",
    "/reach?programme=divert",
    "/geography",
    "/geography?borough=E09000007&view=tiles",
    "/kpis",
    "/kpis?programme=divert",
    "/spend",
    "/funding-need",
    "/services",
    "/programmes/divert",
    "/about",
    "/revisions",
    "/programmes",
]


@pytest.fixture(scope="module")
def client(small_release):
    app = create_app(
        settings=Settings(
            mode="public", database_url=f"sqlite:///{small_release / 'public.db'}", public_base_url=BASE_URL
        )
    )
    return app.server.test_client()


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.metas, self.links = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.metas.append(dict(attrs))
        elif tag == "link":
            self.links.append(dict(attrs))


def _head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html[: html.index("</head>")])
    return parser


def _meta(head: _Head, key: str) -> list[str]:
    return [m["content"] for m in head.metas if m.get("property") == key or m.get("name") == key]


# --------------------------------------------------------------------------- images


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
        ("/image/reach/reach-trend.png?release=9999", 400),
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


# --------------------------------------------------------------------------- share previews


def test_every_public_page_has_one_description_and_a_share_preview_of_its_view(client):
    for url in PUBLIC_VIEWS:
        response = client.get(url)
        assert response.status_code == 200, url
        head = _head(response.get_data(as_text=True))
        assert len(_meta(head, "description")) == 1, url
        (description,) = _meta(head, "description")
        assert description and _meta(head, "og:description") == [description], url
        assert _meta(head, "twitter:card") == ["summary_large_image"], url
        assert _meta(head, "og:title") and _meta(head, "og:title")[0], url
        (image,) = _meta(head, "og:image")
        assert image.startswith(BASE_URL + "/image/") and "size=og" in image, url
        assert _meta(head, "twitter:image") == [image]
        (canonical,) = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical.startswith(BASE_URL + url.split("?")[0]), url


def test_the_share_preview_follows_the_filters_in_the_address_and_its_image_answers(client):
    head = _head(client.get("/reach?programme=divert&period=2023-24").get_data(as_text=True))
    (image,) = _meta(head, "og:image")
    assert "programme=divert" in image and "period=2023-24" in image
    assert "DIVERT" in _meta(head, "og:title")[0]
    assert re.search(r"latest [\d,]+ in 20\d\d-\d\d Q\d", _meta(head, "og:description")[0])
    picture = client.get(image.removeprefix(BASE_URL))
    assert picture.status_code == 200
    assert Image.open(io.BytesIO(picture.data)).size == (1200, 630)


def test_without_a_public_base_url_no_absolute_address_is_made_from_the_request(small_release):
    app = create_app(settings=Settings(mode="public", database_url=f"sqlite:///{small_release / 'public.db'}"))
    html = app.server.test_client().get("/reach", headers={"Host": "evil.example"}).get_data(as_text=True)
    head = _head(html)
    assert not _meta(head, "og:image") and not _meta(head, "og:url")
    assert not [link for link in head.links if link.get("rel") == "canonical"]
    assert "evil.example" not in html[: html.index("</head>")]
    assert _meta(head, "og:description") and _meta(head, "twitter:card") == ["summary_large_image"]


# --------------------------------------------------------------------------- data packages


@pytest.mark.parametrize(
    ("page", "chart", "query"),
    [
        ("reach", "reach-trend", "?programme=divert"),
        ("reach", "reach-ethnicity", ""),
        ("funding-need", "funding-ranked", ""),
        ("services", "services-directory", "?q=youth"),
    ],
)
def test_the_data_package_validates_and_its_csv_is_the_csv_download(client, tmp_path, page, chart, query):
    import frictionless

    response = client.get(f"/download/{page}/{chart}.zip{query}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    csv_download = client.get(f"/download/{page}/{chart}.csv{query}")
    with zipfile.ZipFile(io.BytesIO(response.data)) as z:
        names = z.namelist()
        csv_name = next(n for n in names if n.endswith(".csv"))
        assert sorted(names) == sorted([csv_name, "datapackage.json", "README.txt"])
        assert z.read(csv_name) == csv_download.data
        z.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = frictionless.Package(str(tmp_path / "datapackage.json"))
    descriptor = package.to_descriptor()
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    assert descriptor["release"]["id"] == int(csv_download.headers["X-Release-Id"])
    resource = descriptor["resources"][0]
    assert "[c]" in resource["schema"]["missingValues"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["release_id"]["type"] == "integer"
    assert all(f.get("description") for f in fields.values())
    readme = (tmp_path / "README.txt").read_text()
    assert (
        "[c]" in readme and "How to cite them" in readme and "Open Government Licence" in readme and "/about" in readme
    )
    if chart != "services-directory":
        assert descriptor["description"].startswith(("Bar chart", "Map", "Scatter"))
        assert any(f["type"] in ("integer", "number") and f.get("unit") for f in fields.values())


def test_a_suppressed_cell_is_a_missing_value_in_a_numeric_column(client, tmp_path):
    """Given a breakdown with [c] cells, the package types its count column as integer with [c] missing (Frictionless
    reads the cell as null), rather than as text."""
    import frictionless

    response = client.get("/download/reach/reach-ethnicity.zip?programme=divert&period=2023-24")
    with zipfile.ZipFile(io.BytesIO(response.data)) as z:
        z.extractall(tmp_path)
        csv_text = z.read(next(n for n in z.namelist() if n.endswith(".csv"))).decode()
    assert "[c]" in csv_text
    resource = frictionless.Package(str(tmp_path / "datapackage.json")).resources[0]
    rows = resource.read_rows()
    assert resource.schema.get_field("Young people").type == "integer"
    assert any(r["Young people"] is None for r in rows) and any(isinstance(r["Young people"], int) for r in rows)


# --------------------------------------------------------------------------- charts in words


def test_every_chart_on_every_public_page_is_described_with_its_figures(client):
    """Given every public page's chart views, each chart record has a description stating a figure, and the page's
    HTML (first paint) carries it, tied to the chart by aria-describedby."""
    seen = 0
    for url in PUBLIC_VIEWS:
        html = client.get(url).get_data(as_text=True)
        path, _, query = url.partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if p)
        with client.application.app_context():
            page = pages.by_path(path)
            if page is None:
                continue
            records = {view.chart: view.record for view in view_request.views_of(page, params)}
        for chart, record in records.items():
            seen += 1
            assert re.search(r"\d", record.summary), (url, chart, record.summary)
            assert f'id="first-paint-{chart}-summary"' in html, (url, chart)
            assert f'aria-describedby="first-paint-{chart}-summary"' in html, (url, chart)
    assert seen >= 12


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


def test_an_image_drawn_by_one_worker_is_a_hit_in_another_through_redis(small_release, tmp_path):
    """Given two workers on one Redis, when the first draws an image, then the second answers it from the shared
    cache without drawing it."""
    from tests.integration.dashboard.data.test_cache import RedisServer

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
