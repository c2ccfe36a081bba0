"""Drawing a chart's image through the cache: images are cached by release, page, chart, format, size and the
cleaned filters (dashboard/exports/view_request.py: never the request's own text), in each worker's own LRU and,
with REDIS_URL, in the cache every worker shares; a release never changes, so an entry never goes stale. A miss is
drawn by the worker's renderer (dashboard/exports/renderer.py) with its words in the file (image_files.py).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from flask import current_app

from dashboard import charts
from dashboard.data import cache
from dashboard.exports import renderer, view_request
from dashboard.exports.image_files import (
    CARD_WIDTHS,
    card_figure,
    export_figure,
    png_with_text,
    svg_with_description,
)
from dashboard.ui import components

CACHE_ENTRIES = 1024  # per worker; PNGs are 30-120 kB and pictures 10-60 kB, so at most ~60 MB


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
    notes = view.image_notes.split("\n")
    if size in CARD_WIDTHS:
        # The picture a card shows until it is interactive: the chart as on the page, whose heading is its title.
        figure = card_figure(
            charts.as_on_page(view.spec.draw(record)).to_plotly_json(), width=width or CARD_WIDTHS[size]
        )
    else:
        figure = export_figure(view.figure.to_plotly_json(), title=record.title, notes=notes, og=size == "og")
    began = time.perf_counter()
    body = renderer._renderer.render(figure, fmt=fmt)
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
