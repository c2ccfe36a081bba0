"""Share previews (dashboard/exports/share.py) on the small release: every public page's <head> names the view its
address shows, with the server's picture of it, from the configured address only."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from PIL import Image

from dashboard.app import create_app
from dashboard.settings import Settings
from tests.support.web import BASE_URL

pytestmark = pytest.mark.integration  # a real Chromium through kaleido draws the images: not in make test-fast


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
