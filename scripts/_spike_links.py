"""What a shared link to a page brings, read from the page's own HTML (scripts/bench_spike.py): its share preview
(og:image), its charts' pictures and its CSVs.

A chart card shows a <picture>: a <source> per range of screen widths, each with one address in its srcset
(size=card&width=N), and an <img> for any other screen (dashboard/charts/facade.py). A reader's browser fetches the
one that fits its screen, so for each chart the spike asks for what a phone and a laptop would fetch (SCREENS), read
from the <source> media queries as the browser reads them; and the PNG a journalist copies, which no page links:
the same view at /image/<page>/<chart>.png, at its default size.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

CARDS_PER_VIEW = 2  # chart pictures and CSVs taken from each page: its first charts, the ones a story shows
SCREENS = (390, 1280)  # CSS px wide: a phone held upright and a laptop, the readers a news story brings
PICTURE_PATH = re.compile(r"/image/[^?#]+\.svg")
_FEATURE = re.compile(r"\(\s*(min|max)-width\s*:\s*([\d.]+)px\s*\)")


def media_matches(media: str, width: float) -> bool:
    """Whether a screen `width` CSS px wide matches a media query list of min-width and max-width conditions (any of
    its comma-separated queries, each condition of it). A query with any other feature is taken as not matching."""
    if not media.strip():
        return True
    for query in media.split(","):
        conditions = [c.strip() for c in query.split(" and ") if c.strip()]
        features = [_FEATURE.fullmatch(c) for c in conditions]
        if (
            conditions
            and all(features)
            and all(
                width >= float(f.group(2)) if f.group(1) == "min" else width <= float(f.group(2)) for f in features if f
            )
        ):
            return True
    return False


def _srcset_urls(srcset: str) -> list[str]:
    """The addresses of a srcset, without their width or density descriptors."""
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


class _Page(HTMLParser):
    """The pictures (each a list of (media, addresses) and the <img>'s address), the og:image and the links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pictures: list[dict] = []
        self.og: list[str] = []
        self.hrefs: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "picture":
            self._open = {"sources": [], "img": ""}
            self.pictures.append(self._open)
        elif tag == "source" and self._open is not None:
            self._open["sources"].append((a.get("media", ""), _srcset_urls(a.get("srcset", ""))))
        elif tag == "img" and self._open is not None:
            srcset = _srcset_urls(a.get("srcset", ""))
            self._open["img"] = srcset[0] if srcset else a.get("src", "")
        elif tag == "meta" and a.get("property") == "og:image":
            self.og.append(a.get("content", ""))
        elif tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "picture":
            self._open = None


def _fetched(picture: dict, width: float) -> str:
    """The address a browser `width` px wide fetches for a <picture>: the first <source> whose media matches, else
    the <img>."""
    for media, urls in picture["sources"]:
        if urls and media_matches(media, width):
            return urls[0]
    return picture["img"]


def _path(url: str) -> str:
    u = urlsplit(url)
    return u.path + (f"?{u.query}" if u.query else "")


def png_of(picture: str) -> str:
    """The PNG of a card picture's view: the same chart and filters, at the image's default size."""
    u = urlsplit(picture)
    kept = [(k, v) for k, v in parse_qsl(u.query, keep_blank_values=True) if k not in ("size", "width")]
    return u.path.removesuffix(".svg") + ".png" + (f"?{urlencode(kept)}" if kept else "")


def links(page: str) -> dict[str, list[str]]:
    """The share preview, card pictures (what each of SCREENS fetches), PNG pictures and CSVs a page's HTML points
    at (paths only), of its first CARDS_PER_VIEW charts."""
    found = _Page()
    found.feed(page)
    found.close()
    charts: dict[str, list[str]] = {}  # a chart's picture path -> the addresses the screens fetch
    for picture in found.pictures:
        fetched = [_path(_fetched(picture, width)) for width in SCREENS]
        fetched = [f for f in fetched if PICTURE_PATH.fullmatch(urlsplit(f).path)]
        if fetched:
            charts.setdefault(urlsplit(fetched[0]).path, [])
            charts[urlsplit(fetched[0]).path] += fetched
        if len(charts) >= CARDS_PER_VIEW:
            break
    cards = list(dict.fromkeys(a for addresses in charts.values() for a in addresses))
    pngs = list(dict.fromkeys(png_of(addresses[0]) for addresses in charts.values()))
    csvs = [
        _path(h) for h in found.hrefs if urlsplit(h).path.startswith("/download/") and urlsplit(h).path.endswith(".csv")
    ]
    return {
        "share preview": [_path(u) for u in found.og if u],
        "picture": cards + pngs,
        "CSV": list(dict.fromkeys(csvs))[:CARDS_PER_VIEW],
    }
