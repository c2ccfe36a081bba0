"""Server-drawn images of any chart: /image/<page>/<chart>.png and .svg, with the page's filters
and release=, drawn with the title, filters, source, release, licence and [c] note as the
browser's "Save as image" draws them (assets/chart-export.js), and the chart in words in the
file's metadata (PNG text chunks, SVG <title> and <desc>). size=og draws the 1200x630 share
preview (dashboard/exports/share.py), with a title big enough to read on a thumbnail. size=card&width=N
draws the chart as its card shows it, N px wide (one of the widths of dashboard/charts/slots.py): the
picture a chart page shows first (dashboard/charts/facade.py).

Drawn by kaleido 1.x in a headless Chromium (Debian's /usr/bin/chromium) that stays open between
requests: opening it takes seconds, drawing a chart in it a fraction of one. At most RENDER_TABS
charts are drawn at once; a request that cannot start within QUEUE_SECONDS gets 503. A picture not in
the cache is drawn only within its client's budget (dashboard/exports/render_budget.py), and a HEAD
request is answered without drawing.

Images are cached by release, page, chart, format, size and the cleaned filters
(dashboard/exports/view_request.py: never the request's own text), in each worker's own LRU and, with
REDIS_URL, in the cache every worker shares; a release never changes, so an entry never goes stale. When a release goes
live, and at start, a background thread draws every page's default charts (their pictures at every width their
cards are shown at, the PNG and the share preview), so a page's first readers and a shared link's preview
answer from the cache.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import struct
import textwrap
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from flask import Flask, Response, abort, current_app, request

from dashboard import charts, pages
from dashboard.charts import slots
from dashboard.data import cache, state
from dashboard.exports import render_budget, view_request
from dashboard.ui import components, errors, filters

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
SIZES = ("", "og", "card", "card-narrow")
# size=card and card-narrow: the chart as the page shows it, with nothing added: the picture a chart page shows until
# plotly.js is loaded (dashboard/charts/facade.py), width= px wide, one of slots.WIDTHS (no other width is drawn, so
# nobody can fill the cache with widths no page shows). Without width=, at these widths (addresses kept from before
# the pages asked for widths).
CARD_WIDTHS = {"card": 900, "card-narrow": 360}
# The width a chart image is drawn at without size=og: a column of a news page at 2x, or a slide.
DEFAULT_WIDTH = 1200
NOTES_EXTRA_HEIGHT = 130  # as chart-export.js: room under the chart for the notes lines
OG_WIDTH, OG_HEIGHT = 1200, 630  # the share-preview size Facebook, LinkedIn and X crop to (1.91:1)
# Title and notes sizes (px): 16/11 as the browser export; on a preview shown ~500 px wide,
# 34 px becomes ~14 px, still readable.
TITLE_SIZE, NOTE_SIZE, OG_TITLE_SIZE, OG_NOTE_SIZE, OG_FONT_SIZE = 16, 11, 34, 16, 18
TITLE_CHARS, NOTE_CHARS, OG_TITLE_CHARS, OG_NOTE_CHARS = 120, 190, 58, 125  # wrap at about the image's width
RENDER_TABS = 2  # charts drawn at once: one per core of a small app server
QUEUE_SECONDS = 20  # a request waits this long for a free tab, then gets 503
RENDER_TIMEOUT_SECONDS = 60
START_TIMEOUT_SECONDS = 90  # opening Chromium on a busy machine
CACHE_ENTRIES = 1024  # per worker; PNGs are 30-120 kB and pictures 10-60 kB, so at most ~60 MB
WARM_POLL_SECONDS = 60  # how often the warmer looks for a new live release
# plotly.js's geo (the borough map) fetches a world topojson even with no base layer shown (locationmode
# "geojson-id" counts as needing one, plotly.js 4.1): kaleido's tab reads the empty one in assets/, not cdn.plot.ly's.
TOPOJSON_URL = (Path(__file__).resolve().parents[2] / "assets" / "topojson").as_uri() + "/"
log = logging.getLogger(__name__)


class RendererBusy(Exception):
    """No tab was free within QUEUE_SECONDS (503)."""


class RenderFailed(Exception):
    """Chromium could not draw the figure (503: the next request starts a fresh browser)."""


# --------------------------------------------------------------------------- composing the image (pure)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def export_figure(figure: dict, *, title: str, notes: list[str], og: bool) -> dict:
    """The figure as an image draws it: `figure` (plotly JSON, the chart as on the page) with its
    title and the notes lines under it, at the image's size. The page's figure is not changed."""
    layout = dict(figure.get("layout", {}))
    margin = dict(layout.get("margin") or {})
    bottom, left = margin.get("b", 50), margin.get("l", 60)
    title_lines = _wrap(title, OG_TITLE_CHARS if og else TITLE_CHARS)
    note_lines = [line for note in notes for line in _wrap(note, OG_NOTE_CHARS if og else NOTE_CHARS)]
    note_size = OG_NOTE_SIZE if og else NOTE_SIZE
    step = round(note_size * 1.6)
    title_size = OG_TITLE_SIZE if og else TITLE_SIZE
    top = 24 + round(title_size * 1.3) * len(title_lines)
    width, height = (
        (OG_WIDTH, OG_HEIGHT) if og else (DEFAULT_WIDTH, int(layout.get("height") or 450) + NOTES_EXTRA_HEIGHT)
    )
    notes_annotations = [
        {
            "text": xml_escape(line),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "xanchor": "left",
            "xshift": 10 - left,
            "y": 0,
            "yanchor": "top",
            "yshift": -(bottom + step + step * i),
            "showarrow": False,
            "font": {"size": note_size, "color": "#333"},
        }
        for i, line in enumerate(note_lines)
    ]
    layout.update(
        {
            "title": {
                "text": "<br>".join(xml_escape(line) for line in title_lines),
                "x": 0.01,
                "xref": "container",
                "xanchor": "left",
                # plotly anchors a multi-line title's top by its first line's baseline: moved down a line per extra
                # line.
                "y": 1 - (18 + round(title_size * 1.3) * (len(title_lines) - 1)) / height,
                "yref": "container",
                "yanchor": "top",
                "font": {"size": title_size},
            },
            "margin": {
                **margin,
                "t": top,
                "b": bottom + step * len(note_lines) + 30,
                "r": max(margin.get("r", 20), 40),
            },
            "annotations": list(layout.get("annotations") or []) + notes_annotations,
            "width": width,
            "height": height,
        }
    )
    if og:
        layout["font"] = {**(layout.get("font") or {}), "size": OG_FONT_SIZE}
    return {"data": figure.get("data", []), "layout": layout}


def card_figure(figure: dict, *, width: int) -> dict:
    """The figure as the page draws it (no title, notes or extra margin), at `width` and its own height (less, for a
    map narrower than its height allows), without labels placed for a wider chart (slots.fit)."""
    return slots.fit(figure, width=width)


# --------------------------------------------------------------------------- metadata in the files (pure)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_text(png: bytes, items: dict[str, str]) -> bytes:
    """The PNG with a text chunk per item after its header: tEXt where the text is Latin-1 (the
    PNG standard's keywords: Title, Description, Source, Copyright...), iTXt (UTF-8) otherwise."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise RenderFailed("not a PNG")
    end_of_header = 8 + 12 + struct.unpack(">I", png[8:12])[0]
    chunks = b""
    for key, text in items.items():
        try:
            chunks += _png_chunk(b"tEXt", key.encode("latin-1") + b"\0" + text.encode("latin-1"))
        except UnicodeEncodeError:
            chunks += _png_chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))
    return png[:end_of_header] + chunks + png[end_of_header:]


def svg_with_description(svg: bytes, *, title: str, description: str) -> bytes:
    """The SVG with <title> and <desc> as the root's first children, and role="img" naming them,
    so the file describes itself wherever it is opened or inlined."""
    text = svg.decode("utf-8")
    start = text.find("<svg")
    close = text.find(">", start)
    if start < 0 or close < 0:
        raise RenderFailed("not an SVG")
    head = text[start:close]
    if 'role="img"' not in head:
        head += ' role="img" aria-labelledby="vru-title" aria-describedby="vru-desc"'
    inner = f'<title id="vru-title">{xml_escape(title)}</title><desc id="vru-desc">{xml_escape(description)}</desc>'
    return (text[:start] + head + ">" + inner + text[close + 1 :]).encode("utf-8")


# --------------------------------------------------------------------------- the renderer


class Renderer:
    """One headless Chromium through kaleido, kept open, drawing at most `tabs` figures at once.

    kaleido's own sync server takes one call at a time from one caller (its queue is shared by
    every thread), so this runs kaleido's async API on an event loop of its own and hands it
    figures from the server's threads."""

    def __init__(self, *, tabs: int = RENDER_TABS):
        self.tabs = tabs
        self._slots = threading.BoundedSemaphore(tabs)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self.starts = 0  # browsers opened: scripts/bench_images.py reports it

    def _started(self):
        with self._lock:
            if self._kaleido is None:
                import kaleido  # here: only processes that draw images open a browser

                if self._loop is None:
                    self._loop = asyncio.new_event_loop()
                    threading.Thread(target=self._loop.run_forever, name="vru-image-renderer", daemon=True).start()
                # mathjax=False: the charts have no LaTeX, and kaleido would fetch MathJax from a CDN;
                # plotly.js is the one installed with plotly.py.
                k = kaleido.Kaleido(n=self.tabs, timeout=RENDER_TIMEOUT_SECONDS, mathjax=False)
                asyncio.run_coroutine_threadsafe(k.open(), self._loop).result(START_TIMEOUT_SECONDS)
                self._kaleido = k
                self.starts += 1
            return self._kaleido

    def _discard(self, k) -> None:
        with self._lock:
            if self._kaleido is k:
                self._kaleido = None
        try:
            asyncio.run_coroutine_threadsafe(k.close(), self._loop).result(30)
        except Exception:  # a browser that failed may not close cleanly; a new one is opened next time
            log.warning("could not close the image renderer's browser", exc_info=True)

    def render(self, figure: dict, *, fmt: str) -> bytes:
        if not self._slots.acquire(timeout=QUEUE_SECONDS):
            raise RendererBusy()
        try:
            k = self._started()
            opts = {"format": fmt, "width": figure["layout"]["width"], "height": figure["layout"]["height"]}
            try:
                out = asyncio.run_coroutine_threadsafe(
                    k.calc_fig(figure, opts=opts, topojson=TOPOJSON_URL), self._loop
                ).result(RENDER_TIMEOUT_SECONDS + 5)
            except Exception as err:
                log.exception("image render failed; the browser will be restarted")
                self._discard(k)
                raise RenderFailed(str(err)) from err
            return out
        finally:
            self._slots.release()


# One per process: it owns a browser, which gunicorn's workers must each open after the fork.
_renderer = Renderer()


# --------------------------------------------------------------------------- the cache and the route


@dataclass
class Stats:
    hits: int = 0
    misses: int = 0


_STATS = "vru.image_stats"
_CACHE = "vru.image_cache"


def _cache() -> tuple[cache.LRU, Stats]:
    config = current_app.config
    if _CACHE not in config:
        config.setdefault(_CACHE, cache.LRU(CACHE_ENTRIES))
        config.setdefault(_STATS, Stats())
    return config[_CACHE], config[_STATS]


def image_key(view: view_request.View, *, fmt: str, size: str, width: int | None = None) -> str:
    """Release, page, chart, format, size (and a card's width) and the canonical query of cleaned filters."""
    drawn = f"{size}:{width}" if width else size
    return hashlib.sha256(
        f"image|{cache.namespace()}|{view.release_id}|{view.page}|{view.chart}|{fmt}|{drawn}|{view.query}".encode()
    ).hexdigest()


def cached(view: view_request.View, *, fmt: str, size: str, width: int | None = None) -> bytes | None:
    """The image from this worker's cache or the shared one (drawn by another worker or host: REDIS_URL); None."""
    entries, _stats = _cache()
    key = image_key(view, fmt=fmt, size=size, width=width)
    found = entries.get(key)
    if found is None:
        found = cache.shared_get(key)
        if found is not None:
            entries.put(key, found)
    return found


def draw(view: view_request.View, *, fmt: str, size: str, width: int | None = None) -> tuple[bytes, bool, float]:
    """The image's bytes, whether they came from the cache, and the seconds spent drawing. `width`: a card
    picture's width (size card only)."""
    entries, stats = _cache()
    key = image_key(view, fmt=fmt, size=size, width=width)
    found = cached(view, fmt=fmt, size=size, width=width)
    if found is not None:
        stats.hits += 1
        return found, True, 0.0
    stats.misses += 1
    record = view.record
    notes = components.image_notes_for(
        record.table,
        query=view.query,
        release=view.release,
        internal=view.ctx.internal,
        protection=view.ctx.protection(),
        sources=record.sources,
    ).split("\n")
    if size in CARD_WIDTHS:
        # The picture a card shows until it is interactive: the chart as on the page, whose heading is its title.
        figure = card_figure(
            charts.as_on_page(view.spec.draw(record)).to_plotly_json(), width=width or CARD_WIDTHS[size]
        )
    else:
        figure = export_figure(view.figure.to_plotly_json(), title=record.title, notes=notes, og=size == "og")
    began = time.perf_counter()
    body = _renderer.render(figure, fmt=fmt)
    seconds = time.perf_counter() - began
    created = str(view.release["created_at"])[:10]
    licence = components.licence_text()
    source = "; ".join([f"{components.SOURCE}, release {view.release_id} of {created}", *record.sources])
    if fmt == "png":
        body = png_with_text(
            body,
            {
                "Title": record.title,
                "Description": record.summary or record.title,
                "Source": source,
                "Copyright": licence,
                "Creation Time": created,
            },
        )
    else:
        body = svg_with_description(
            body,
            title=record.title,
            description=f"{record.summary} Source: {source}. Licence: {licence}.",
        )
    entries.put(key, body)
    cache.shared_set(key, body)
    return body, False, seconds


def _card_width(given: str | None, *, size: str) -> int | None:
    """width= as a number of px, one of the widths pictures are drawn at, with size=card only (else 400)."""
    if given is None:
        return None
    allowed = ", ".join(str(w) for w in slots.WIDTHS)
    if size != "card" or not given.isascii() or not given.isdigit() or int(given) not in slots.WIDTHS:
        abort(400, description=f"width goes with size=card and is one of {allowed}")
    return int(given)


def image(page: str, chart: str, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    args = filters.query_of(request.args)
    size = args.get("size", "")
    if size not in SIZES:
        abort(400, description="size must be og, card or card-narrow, or left out")
    width = _card_width(args.get("width"), size=size)
    try:
        view = view_request.resolve(page, chart, args, extra=("size", "width"), free_text=False, needs_figure=True)
    except view_request.UnknownView:
        abort(404)
    except view_request.BadFilters as err:
        abort(400, description=str(err))
    if unchanged := view.vary_on(fmt=fmt, size=size, width=width):  # the reader's copy is current: nothing to draw
        return unchanged
    if cached(view, fmt=fmt, size=size, width=width) is None:
        if request.method == "HEAD":  # says what a GET would get, without drawing it
            return Response(
                iter(()), mimetype=FORMATS[fmt], headers={"X-Image-Cache": "miss", "Cache-Control": "no-store"}
            )
        if wait := render_budget.wait_before_drawing(view):
            return Response(
                "Many pictures were drawn for your address just now; try again in a few seconds.\n",
                status=503,
                mimetype="text/plain",
                headers={"Retry-After": str(wait), "Cache-Control": "no-store"},
            )
    try:
        body, hit, seconds = draw(view, fmt=fmt, size=size, width=width)
    except (RendererBusy, RenderFailed):
        return Response(
            "The image could not be drawn just now; try again in a few seconds.\n",
            status=503,
            mimetype="text/plain",
            headers={"Retry-After": str(errors.RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
        )
    response = Response(body, mimetype=FORMATS[fmt])
    if fmt == "svg":  # opened on its own, an SVG is a document: it may run nothing and load nothing
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    response.headers["X-Image-Cache"] = "hit" if hit else "miss"
    response.headers["Server-Timing"] = f"render;dur={seconds * 1000:.0f}"
    response.headers["X-Release-Id"] = str(view.release_id)
    response.headers["Content-Disposition"] = f'inline; filename="london-vru-{chart}-release-{view.release_id}.{fmt}"'
    if components.licence_text() == components.LICENCE:
        response.headers["Link"] = f'<{components.LICENCE_URL}>; rel="license"'
    return response  # Cache-Control and ETag: dashboard/access/caching.py


# --------------------------------------------------------------------------- drawing the default views ahead


def warm_defaults(server: Flask) -> int:
    """Draw every page's default charts (PNG, and the SVG pictures chart pages show first at every width their
    cards are shown at) and each page's share preview; the number drawn."""
    drawn = 0
    with server.app_context():
        for page in pages.filtered_pages().values():
            try:
                views = view_request.default_views(page)
            except errors.UNAVAILABLE:
                return drawn
            for n, view in enumerate(views):  # the first chart is the page's share preview
                pictures = [("svg", "card", width) for width in slots.widths(view.spec.slot)]
                for fmt, size, width in pictures + [("png", "", None)] + ([("png", "og", None)] if n == 0 else []):
                    if not draw(view, fmt=fmt, size=size, width=width)[1]:
                        drawn += 1
    return drawn


def _warmer(server: Flask, stop: threading.Event) -> None:
    seen = None
    while not stop.is_set():
        try:
            with server.app_context():
                live = int(state.release()["release_id"])
            if live != seen:
                began = time.perf_counter()
                drawn = warm_defaults(server)
                seen = live
                log.info(
                    "drew %d default chart images for release %d in %.1f s", drawn, live, time.perf_counter() - began
                )
        except errors.UNAVAILABLE:
            pass  # no database yet: look again later
        except (RendererBusy, RenderFailed):
            log.warning("could not draw the default chart images; trying again later", exc_info=True)
        except Exception:  # the warmer must never take the worker down; requests still draw on demand
            log.exception("drawing the default chart images failed")
        stop.wait(WARM_POLL_SECONDS)


def start_warmer(server: Flask) -> threading.Event:
    """A daemon thread that draws the default views at start and whenever a new release goes live."""
    stop = threading.Event()
    threading.Thread(target=_warmer, args=(server, stop), name="vru-image-warmer", daemon=True).start()
    server.config["vru.image_warmer_stop"] = stop
    return stop


def register(server: Flask) -> None:
    server.add_url_rule("/image/<page>/<chart>.<fmt>", "image", image)
    if server.config[state.SETTINGS].image_warmup:
        start_warmer(server)
