"""How many chart pictures one client may have drawn: a token bucket per client address.

Every valid combination of filters is a picture anyone may ask for (the reach trend alone has about
200,000), and each one not yet drawn costs Chromium a fraction of a second of CPU. So the pictures that
are not in the cache are drawn for a client while its bucket has a token: VRU_IMAGE_RENDERS_PER_MINUTE
(30 by default) at once, then that many a minute, in each worker. Past that it gets 503 with Retry-After
(the seconds until its next token) and nothing is drawn. What costs nothing is never counted: a picture
in either cache level, a HEAD request (answered without drawing: dashboard/exports/images.py), and the
pictures the site draws ahead, every page's default charts (`drawn_ahead`), which are never refused.

The client is the address sign-in throttling reads (dashboard/access/auth.py): the connection's, or
behind VRU_TRUSTED_PROXIES the one the nearest proxies saw (dashboard/access/security.py); an IPv6
address counts by its /64, which a single host or household is given whole. Each worker keeps at most
CLIENTS buckets, the least recently used dropped first.
"""

from __future__ import annotations

import collections
import ipaddress
import math
import threading
import time
from collections.abc import Callable

from flask import current_app, request

from dashboard.data import state
from dashboard.exports import view_request
from dashboard.pages import lookups

CLIENTS = 10_000  # buckets kept per worker (about 2 MB)
_KEY = "vru.render_budget"
_created = threading.Lock()


class TokenBuckets:
    """One bucket of at most `burst` tokens per client, refilled at `per_second`; thread-safe."""

    def __init__(
        self,
        *,
        burst: float,
        per_second: float,
        clients: int = CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.burst, self.per_second, self.clients, self._clock = burst, per_second, clients, clock
        self._buckets: collections.OrderedDict[str, tuple[float, float]] = collections.OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """Take a token of `client`'s bucket: 0.0 when it had one, else the seconds until it will (none taken)."""
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.per_second)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.per_second
            self._buckets[client] = (tokens - 1 if wait == 0.0 else tokens, now)
            while len(self._buckets) > self.clients:
                self._buckets.popitem(last=False)
        return wait


def client_key(address: str | None) -> str:
    """The bucket an address counts against: itself, or an IPv6 address's /64 network."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # an IPv4 client on an IPv6 socket
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def drawn_ahead(view: view_request.View) -> bool:
    """A page's default view of the live release: the image warmer draws these, and pages link to them."""
    page = lookups.by_id(view.page)
    return page is not None and view.query == page.query(page.shown_for({}).values)


def _buckets() -> TokenBuckets:
    config = current_app.config
    if _KEY not in config:
        # A chart page shows up to about eight pictures for a reader's filters (a programme's page): the default of
        # 30 lets a reader change filters every few seconds for a while, and then every 15 s or so, for ever.
        per_minute = state.settings().image_renders_per_minute
        with _created:
            config.setdefault(_KEY, TokenBuckets(burst=per_minute, per_second=per_minute / 60))
    return config[_KEY]


def wait_before_drawing(view: view_request.View) -> int:
    """Whole seconds the request's client must wait before `view` (not in the cache) may be drawn for it; 0 when
    it may be drawn now, which takes one of its tokens unless the view is one the site draws ahead."""
    if drawn_ahead(view):
        return 0
    return math.ceil(_buckets().take(client_key(request.remote_addr)))
