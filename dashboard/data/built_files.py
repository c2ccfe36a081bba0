"""Files that cost seconds of a worker's CPU to make (the Committee report's PDF): each made once per key
(a key holds the release id, so a file never goes stale), kept in both levels of dashboard/data/cache.py
like every other cached thing, and at most `at_once` of a kind made at a time in one worker.

A request that finds no copy while the worker is already making as many as it may is refused at once
(`Busy`, which the route answers with 503 and Retry-After), not queued: a queued request holds one of
the worker's threads for as long as it waits, and enough of them would leave no thread to answer
anything else, the health check included. Whoever asks again after Retry-After gets the copy.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.data import cache


class Busy(Exception):
    """This worker is already making as many of these files as it may: ask again in `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"busy; try again in {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Built:
    body: bytes
    cached: bool  # from a cache level, not made by this request
    seconds: float  # spent making it (0 when cached)


class Builds:
    """One kind of costly file (`name`, also its cache namespace), made at most `at_once` at a time per worker."""

    def __init__(self, name: str, *, at_once: int, retry_after: int):
        self.name, self.retry_after = name, retry_after
        self._slots = threading.BoundedSemaphore(at_once)
        self.made = 0  # files made by this worker: scripts/render_limits.py and the tests read it

    def get(self, key: tuple, make: Callable[[], bytes]) -> Built:
        """The file for `key` (which must hold the release id) from either cache level, or `make()` now if
        a slot is free; Busy if none is. An error from `make` is raised and nothing is kept."""
        timing: list[float] = []

        def bounded() -> bytes:
            if not self._slots.acquire(blocking=False):
                raise Busy(self.retry_after)
            try:
                began = time.perf_counter()
                body = make()
                timing.append(time.perf_counter() - began)
                self.made += 1
                return body
            finally:
                self._slots.release()

        body = cache.memoize(self.name, key, bounded)
        return Built(body=body, cached=not timing, seconds=timing[0] if timing else 0.0)
