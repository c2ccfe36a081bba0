"""Server-drawn images of any chart: /image/<page>/<chart>.png and .svg, with the page's filters
and release=, drawn with the title, filters, source, release, licence and [c] note as the
browser's "Save as image" draws them (assets/chart-export.js), and the chart in words in the
file's metadata (PNG text chunks, SVG <title> and <desc>). size=og draws the 1200x630 share
preview (dashboard/exports/share.py), with a title big enough to read on a thumbnail. size=card&width=N
draws the chart as its card shows it, N px wide (one of the widths of dashboard/charts/slots.py): the
picture a chart page shows first (dashboard/charts/facade.py).

Drawn by kaleido 1.x in a headless Chromium that stays open between requests (dashboard/exports/renderer.py);
a request that cannot start within its QUEUE_SECONDS gets 503. The image is composed and described in
dashboard/exports/image_files.py. A picture not in
the cache is drawn only within its client's budget (dashboard/exports/render_budget.py), and a HEAD
request is answered without drawing.

Images are cached by release and the cleaned view (dashboard/exports/image_cache.py), in each worker's own LRU and,
with REDIS_URL, in the cache every worker shares. When a release goes
live, and at start, a background thread draws every page's default charts (their pictures at every width their
cards are shown at, the PNG and the share preview), so a page's first readers and a shared link's preview
answer from the cache.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, Response, abort, request

from dashboard.charts import slots
from dashboard.data import state
from dashboard.exports import render_budget, view_request
from dashboard.exports.image_cache import cached, draw
from dashboard.exports.renderer import RendererBusy, RenderFailed
from dashboard.pages import lookups
from dashboard.ui import components, errors, filters

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
SIZES = ("", "og", "card", "card-narrow")
WARM_POLL_SECONDS = 60  # how often the warmer looks for a new live release
log = logging.getLogger(__name__)


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
        for page in lookups.filtered_pages().values():
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
