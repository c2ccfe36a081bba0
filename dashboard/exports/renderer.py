"""The image renderer: kaleido 1.x in one headless Chromium (Debian's /usr/bin/chromium) per worker, kept open
between requests: opening it takes seconds, drawing a chart in it a fraction of one. At most RENDER_TABS charts are
drawn at once; a request that cannot start within QUEUE_SECONDS gets RendererBusy (503 at the route,
dashboard/exports/images.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from pathlib import Path

RENDER_TABS = 2  # charts drawn at once: one per core of a small app server
QUEUE_SECONDS = 20  # a request waits this long for a free tab, then gets 503
RENDER_TIMEOUT_SECONDS = 60
# The renderer's Chromium runs at a lower priority than the workers (a nice value this much higher): drawing the
# picture of a view nobody asked for before takes a core for a fraction of a second, and a reader is waiting for the
# page and its figures, not for a picture the browser loads after them.
RENDER_NICENESS = 10
START_TIMEOUT_SECONDS = 90  # opening Chromium on a busy machine
# plotly.js's geo (the borough map) fetches a world topojson even with no base layer shown (locationmode
# "geojson-id" counts as needing one, plotly.js 4.1): kaleido's tab reads the empty one in assets/, not cdn.plot.ly's.
TOPOJSON_URL = (Path(__file__).resolve().parents[2] / "assets" / "topojson").as_uri() + "/"
log = logging.getLogger(__name__)


def process_tree(root: int) -> list[int]:
    """`root` and every process under it (Linux: /proc), at any depth."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, todo = [root], [root]
    while todo:
        parent = todo.pop()
        kids = [pid for pid, ppid in parents.items() if ppid == parent]
        tree += kids
        todo += kids
    return tree


def lower_priority(browser_pid: int) -> None:
    """Renice the browser and the processes it has started (its zygote forks the tabs opened later, which inherit
    the lower priority). Best effort: where it cannot (not Linux, no permission) the pictures are drawn as before."""
    for pid in process_tree(browser_pid):
        try:
            os.setpriority(os.PRIO_PROCESS, pid, max(os.getpriority(os.PRIO_PROCESS, pid), RENDER_NICENESS))
        except OSError:
            continue


class RendererBusy(Exception):
    """No tab was free within QUEUE_SECONDS (503)."""


class RenderFailed(Exception):
    """Chromium could not draw the figure (503: the next request starts a fresh browser)."""


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
                browser = getattr(k, "subprocess", None)
                if browser is not None:
                    lower_priority(browser.pid)
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
