"""Dashboard settings, all from the environment (documented in README.md, "Settings")."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MODES = ("public", "internal")


class SettingsError(Exception):
    """A setting is missing or wrong; the app refuses to start."""


@dataclass(frozen=True)
class Settings:
    mode: str
    database_url: str  # public mode: the public database, and nothing else
    redis_url: str | None = None  # REDIS_URL: the cache shared by every worker; None: each worker caches alone
    # VRU_PUBLIC_BASE_URL: the site's address as readers see it (https://host[/prefix], no trailing
    # slash). Absolute links (embed snippets, permalinks, share previews) are built from it and
    # never from the request's Host header, which anyone can set; None: links are relative.
    public_base_url: str | None = None
    # VRU_ALLOWED_HOSTS: host names this site answers for; a request for any other host is refused
    # (400). Empty: any host is served (links still never come from it).
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    # Internal mode's sign-in and sessions (dashboard/auth.py; README "Security").
    session_hours: float = 8.0  # VRU_SESSION_HOURS: a sign-in lasts at most a working day
    session_idle_minutes: float = 30.0  # VRU_SESSION_IDLE_MINUTES: a session unused this long ends
    cookie_secure: bool = True  # VRU_COOKIE_SECURE=0: plain-HTTP development hosts only
    # VRU_TRUSTED_PROXIES: how many proxies in front of the app append to X-Forwarded-For and set
    # X-Forwarded-Proto. The client's address (sign-in throttling) and scheme (HSTS) are read from
    # that many entries (werkzeug's ProxyFix); 0: the headers are ignored, since anyone can send them.
    trusted_proxies: int = 0
    # VRU_HSTS: "auto" sends Strict-Transport-Security on https requests, "always" on every response
    # (a site served only over https, behind a proxy that does not say so), "off" never.
    hsts: str = "auto"
    # VRU_IMAGE_WARMUP: draw every page's default chart images (dashboard/images.py) at start and when a
    # release goes live, in the background, so share previews answer from the cache. Public mode: on unless "0".
    image_warmup: bool = False

    @property
    def internal(self) -> bool:
        return self.mode == "internal"


def _default_sqlite(name: str) -> str:
    return f"sqlite:///{os.path.join(os.environ.get('VRU_DATA_DIR', 'data'), name)}"


def parse_base_url(value: str | None) -> str | None:
    """An http(s) origin with an optional path prefix, without query, fragment or trailing slash."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment or parts.username:
        raise SettingsError(f"VRU_PUBLIC_BASE_URL must be an http(s) address like https://dashboard.example.org, not {value!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def parse_hosts(value: str | None) -> frozenset[str]:
    return frozenset(host.strip().lower() for host in (value or "").split(",") if host.strip())


HSTS_CHOICES = ("auto", "always", "off")


def _positive_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    try:
        number = float(value) if value else default
    except ValueError:
        number = 0.0
    if not (number > 0 and math.isfinite(number)):
        raise SettingsError(f"{name} must be a positive number, not {value!r}")
    return number


def _security_settings() -> dict:
    proxies = os.environ.get("VRU_TRUSTED_PROXIES") or "0"
    if not (proxies.isascii() and proxies.isdigit()):
        raise SettingsError(f"VRU_TRUSTED_PROXIES must be a whole number of proxies (0 or more), not {proxies!r}")
    hsts = os.environ.get("VRU_HSTS") or "auto"
    if hsts not in HSTS_CHOICES:
        raise SettingsError(f"VRU_HSTS must be one of {', '.join(HSTS_CHOICES)}, not {hsts!r}")
    return {"session_hours": _positive_number("VRU_SESSION_HOURS", 8.0),
            "session_idle_minutes": _positive_number("VRU_SESSION_IDLE_MINUTES", 30.0),
            "cookie_secure": os.environ.get("VRU_COOKIE_SECURE", "1") != "0",
            "trusted_proxies": int(proxies), "hsts": hsts}


def from_environment(*, mode: str | None = None) -> Settings:
    mode = mode or os.environ.get("VRU_MODE", "public")
    if mode not in MODES:
        raise SettingsError(f"VRU_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "public":
        # The public app is never given the internal database's address.
        url = os.environ.get("VRU_PUBLIC_DATABASE_URL") or _default_sqlite("public.db")
    else:
        url = os.environ.get("VRU_INTERNAL_DATABASE_URL") or _default_sqlite("internal.db")
    return Settings(mode=mode, database_url=url, redis_url=os.environ.get("REDIS_URL") or None,
                    public_base_url=parse_base_url(os.environ.get("VRU_PUBLIC_BASE_URL")),
                    allowed_hosts=parse_hosts(os.environ.get("VRU_ALLOWED_HOSTS")), **_security_settings(),
                    # Internal mode has few readers and no share previews: drawn on request only, unless asked.
                    image_warmup=os.environ.get("VRU_IMAGE_WARMUP", "1" if mode == "public" else "0") != "0")
