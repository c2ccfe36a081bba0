"""Caches of query results and built page contents, shared by every worker when REDIS_URL is set.

Two levels, looked up in order:
1. an in-process LRU (each worker's own; no copy, no network);
2. with `REDIS_URL`, Flask-Caching's Redis backend, shared by every worker and host
   (without it, each worker has its LRU alone).

Every key holds the release id, and a published release never changes, so no entry goes
stale and nothing is ever invalidated: a new release means new keys, which every worker
reads afresh at once, without a restart. The live release itself is never cached (see
dashboard/data/queries.py). Keys are prefixed with the app's mode and database, so a public
and an internal app never share an entry, even on one Redis (give the internal app its
own Redis database all the same: see docs/operating.md, "Deployment").

If Redis stops answering, pages are built without it (a warning is logged, at most once
a minute) and it is tried again every RETRY_SECONDS.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import pickle
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, has_app_context, has_request_context
from flask_caching import Cache

from dashboard.settings import Settings

LOCAL, SHARED = "vru.local_cache", "vru.shared_cache"  # Flask config keys
LOCAL_SIZE = 2048  # entries per worker: every page's queries and contents for a few releases
# ... and at most this many bytes of them (pickled, as Redis holds them): a page's contents
# are up to about 0.6 MB, so a count of entries alone would let a worker grow past 1 GB.
LOCAL_BYTES = 96 * 1024 * 1024
# Entries are immutable, so the timeout only bounds Redis memory for releases nobody views.
SHARED_TIMEOUT_SECONDS = 7 * 24 * 3600
RETRY_SECONDS = 5  # after Redis fails to answer, it is tried again this much later
NAMESPACE = "vru.cache_namespace"  # flask.g: the namespace of this request's entries ("" for most)
_MISSING = object()
log = logging.getLogger(__name__)


def pickled_size(value) -> int:
    """Bytes of `value` pickled: what it takes in Redis, and a measure of its size in memory
    that counts numpy arrays and nested components alike (sys.getsizeof sees only the top)."""
    return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class LRU:
    """A thread-safe least-recently-used map of at most `size` entries and, with `max_bytes`,
    at most that many bytes as `weigh` measures them (a value larger than that is not kept)."""

    def __init__(self, size: int, *, max_bytes: int | None = None, weigh: Callable[[Any], int] = pickled_size):
        self.size, self._items, self._lock = size, collections.OrderedDict(), threading.Lock()
        self.max_bytes, self._weigh, self._weights, self.bytes = max_bytes, weigh, {}, 0

    def get(self, key: str, default=None):
        with self._lock:
            if key not in self._items:
                return default
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value) -> None:
        weight = self._weigh(value) if self.max_bytes is not None else 0  # outside the lock: pickling takes a while
        with self._lock:
            if key in self._items:
                self.bytes -= self._weights.pop(key, 0)
                del self._items[key]
            if self.max_bytes is not None and weight > self.max_bytes:
                return
            self._items[key] = value
            self._weights[key] = weight
            self.bytes += weight
            while len(self._items) > self.size or (self.max_bytes is not None and self.bytes > self.max_bytes):
                old, _ = self._items.popitem(last=False)
                self.bytes -= self._weights.pop(old, 0)

    def __len__(self) -> int:
        return len(self._items)


class _Shared:
    """The Flask-Caching backend (None: no shared cache), tolerant of a Redis that has gone away."""

    def __init__(self, cache: Cache | None):
        self.cache, self._quiet_until, self._retry_at = cache, 0.0, 0.0

    def _failed(self, err: Exception) -> None:
        now = time.monotonic()
        self._retry_at = now + RETRY_SECONDS  # not one connection timeout per query while Redis is down
        if now >= self._quiet_until:
            log.warning("shared cache unavailable, building without it for %d s: %s", RETRY_SECONDS, err)
            self._quiet_until = now + 60

    def _usable(self) -> bool:
        return self.cache is not None and time.monotonic() >= self._retry_at

    def get(self, key: str):
        if not self._usable():
            return _MISSING
        try:
            value = self.cache.get(key)
        except Exception as err:  # redis.exceptions.RedisError and socket errors: serve uncached
            self._failed(err)
            return _MISSING
        return _MISSING if value is None else value

    def set(self, key: str, value) -> None:
        if not self._usable():
            return
        try:
            self.cache.set(key, value, timeout=SHARED_TIMEOUT_SECONDS)
        except Exception as err:
            self._failed(err)


def configure(server: Flask, settings: Settings) -> None:
    """This app's two levels, from its settings: called once by create_app (dashboard/app.py),
    before the app serves anything, so no request ever finds them half set up."""
    app_id = hashlib.sha256(f"{settings.mode}|{settings.database_url}".encode()).hexdigest()[:12]
    cache = None
    if settings.redis_url:
        cache = Cache()
        cache.init_app(
            server,
            config={
                "CACHE_TYPE": "RedisCache",
                "CACHE_REDIS_URL": settings.redis_url,
                "CACHE_KEY_PREFIX": f"vru:{app_id}:",
                "CACHE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            },
        )
    server.config[SHARED] = _Shared(cache)
    server.config[LOCAL] = LRU(LOCAL_SIZE, max_bytes=LOCAL_BYTES)


def _caches() -> tuple[LRU, _Shared] | None:
    """This app's two levels; None outside an app that configured them (scripts, some tests)."""
    if not has_app_context() or LOCAL not in current_app.config:
        return None
    return current_app.config[LOCAL], current_app.config[SHARED]


def shared_get(digest: str):
    """The shared (Redis) level's value for `digest`, or None (no Redis, or not there): for callers
    with a local level of their own (dashboard/exports/images.py keeps image bytes out of the LRU above)."""
    caches = _caches()
    value = caches[1].get(digest) if caches else _MISSING
    return None if value is _MISSING else value


def shared_set(digest: str, value) -> None:
    caches = _caches()
    if caches:
        caches[1].set(digest, value)


def use_namespace(name: str) -> None:
    """Keep this request's entries apart under `name`: a preview of a waiting release reads the pending tables,
    whose release id the internal database also has (with true figures), so the two must never share a key."""
    if has_request_context():
        g.setdefault(NAMESPACE, name)


def namespace() -> str:
    return g.get(NAMESPACE, "") if has_request_context() else ""


def memoize(name: str, key: tuple, compute: Callable[[], Any]):
    """The value for `key` (which must hold the release id) from either cache level, or
    `compute()` stored in both. Outside an app (scripts, some tests) it just computes."""
    caches = _caches()
    if caches is None:
        return compute()
    local, shared = caches
    digest = hashlib.sha256(f"{namespace()}|{name}:{key!r}".encode()).hexdigest()
    value = local.get(digest, _MISSING)
    if value is not _MISSING:
        return value
    value = shared.get(digest)
    if value is _MISSING:
        value = compute()
        shared.set(digest, value)
    local.put(digest, value)
    return value
