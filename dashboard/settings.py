"""Dashboard settings: every environment variable the dashboard reads, read here and only here
(documented in docs/operating.md, "Settings"; tests/unit/test_docs_in_step.py fails when one is not).

`from_environment` builds a `Settings` once: `create_app` for the web app (request code reads it
from `dashboard.data.state.settings()`), `dashboard/cli.py` for the command line. Nothing reads the
environment at import time, and a wrong value stops start-up with a message naming the variable.
Each field's `env` metadata names the variables it comes from.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field
from urllib.parse import urlsplit

MODES = ("public", "internal")
HSTS_CHOICES = ("auto", "always", "off")
# Two years: long enough for an information-governance review of a year's access, short
# enough not to keep who-looked-at-what for ever (UK GDPR storage limitation).
DEFAULT_AUDIT_RETENTION_DAYS = 730
# A placeholder that says what it is: a real publisher sets the prefix 360Giving registered for it.
DEFAULT_360GIVING_PREFIX = "360G-example-londonvru"
GIVING360_PREFIX_PATTERN = re.compile(r"^360G?-[A-Za-z0-9][A-Za-z0-9_-]{1,60}$")
DEFAULT_DATA_DIR = "data"
# How long a shared cache (nginx, a CDN) and a browser may keep a public answer of the live release: a new
# release shows within this many seconds (dashboard/access/caching.py).
DEFAULT_CACHE_MAX_AGE = 300
# ... and how much longer a cache may answer with the old copy while it fetches the new one in the background,
# so that no reader waits for gunicorn when a popular page expires.
DEFAULT_CACHE_STALE_SECONDS = 60


class SettingsError(Exception):
    """A setting is missing or wrong; the app refuses to start."""


def _env(*names: str, default=MISSING, **options):
    """A field read from the environment variables `names` (the first one is its own; no default: required)."""
    return field(default=default, metadata={"env": names}, **options)


@dataclass(frozen=True)
class Settings:
    mode: str = _env("VRU_MODE")
    # Public mode: the public database, and nothing else (the public app is never given the internal address).
    database_url: str = _env("VRU_PUBLIC_DATABASE_URL", "VRU_INTERNAL_DATABASE_URL", "VRU_DATA_DIR")
    redis_url: str | None = _env(
        "REDIS_URL", default=None
    )  # the cache shared by every worker; None: each worker caches alone
    # The site's address as readers see it (https://host[/prefix], no trailing slash). Absolute links
    # (embed snippets, permalinks, share previews) are built from it and never from the request's Host
    # header, which anyone can set; None: links are relative.
    public_base_url: str | None = _env("VRU_PUBLIC_BASE_URL", default=None)
    # Host names this site answers for; a request for any other host is refused (400), except the
    # health check. Empty: any host is served (links still never come from it).
    allowed_hosts: frozenset[str] = _env("VRU_ALLOWED_HOSTS", default=frozenset())
    # Internal mode's sign-in, sessions and audit trail (dashboard/access/auth.py; docs/security.md).
    # The cookie-signing key: kept out of repr, so that no log or traceback of the settings shows it.
    secret_key: str = _env("VRU_SECRET_KEY", default="", repr=False)
    # Users, sessions, the sign-in throttle and the audit trail (sql/auth.sql).
    auth_database_url: str = _env(
        "VRU_AUTH_DATABASE_URL", "VRU_DATA_DIR", default=f"sqlite:///{DEFAULT_DATA_DIR}/auth.db"
    )
    session_hours: float = _env("VRU_SESSION_HOURS", default=8.0)  # a sign-in lasts at most a working day
    session_idle_minutes: float = _env("VRU_SESSION_IDLE_MINUTES", default=30.0)  # a session unused this long ends
    audit_retention_days: int = _env("VRU_AUDIT_RETENTION_DAYS", default=DEFAULT_AUDIT_RETENTION_DAYS)
    cookie_secure: bool = _env("VRU_COOKIE_SECURE", default=True)  # 0: plain-HTTP development hosts only
    # How many proxies in front of the app append to X-Forwarded-For and set X-Forwarded-Proto. The
    # client's address (sign-in throttling) and scheme (HSTS) are read from that many entries
    # (werkzeug's ProxyFix); 0: the headers are ignored, since anyone can send them.
    trusted_proxies: int = _env("VRU_TRUSTED_PROXIES", default=0)
    # "auto" sends Strict-Transport-Security on https requests, "always" on every response (a site
    # served only over https, behind a proxy that does not say so), "off" never.
    hsts: str = _env("VRU_HSTS", default="auto")
    # Draw every page's default chart images (dashboard/exports/images.py) at start and when a release goes
    # live, in the background, so share previews answer from the cache. Public mode: on unless "0".
    image_warmup: bool = _env("VRU_IMAGE_WARMUP", default=False)
    # Chart pictures not in the cache that one client may have drawn in each worker: this many at once, then this
    # many a minute (dashboard/exports/render_budget.py); past that, 503 with Retry-After.
    image_renders_per_minute: int = _env("VRU_IMAGE_RENDERS_PER_MINUTE", default=30)
    # The 360Giving identifier prefix registered for the publisher; every grant id starts with it.
    giving360_prefix: str = _env("VRU_360GIVING_PREFIX", default=DEFAULT_360GIVING_PREFIX)
    giving360_funder_id: str | None = _env("VRU_360GIVING_FUNDER_ID", default=None)  # None: the prefix followed by -VRU
    # Public answers' Cache-Control: max-age and stale-while-revalidate, in seconds (dashboard/access/caching.py).
    cache_max_age: int = _env("VRU_CACHE_MAX_AGE", default=DEFAULT_CACHE_MAX_AGE)
    cache_stale_seconds: int = _env("VRU_CACHE_STALE_WHILE_REVALIDATE", default=DEFAULT_CACHE_STALE_SECONDS)
    # Internal mode: where providers' returns uploaded on the Returns page are kept and checked (one folder each);
    # `vru-etl returns import` reads it.
    returns_inbox: str = _env("VRU_RETURNS_INBOX", "VRU_DATA_DIR", default=f"{DEFAULT_DATA_DIR}/returns-inbox")

    def __post_init__(self):
        # Checked here as well as when read, since tests and scripts build Settings directly.
        if self.mode not in MODES:
            raise SettingsError(f"VRU_MODE must be one of {', '.join(MODES)}, not {self.mode!r}")
        if self.hsts not in HSTS_CHOICES:
            raise SettingsError(f"VRU_HSTS must be one of {', '.join(HSTS_CHOICES)}, not {self.hsts!r}")
        if self.image_renders_per_minute < 1:
            raise SettingsError(f"VRU_IMAGE_RENDERS_PER_MINUTE must be 1 or more, not {self.image_renders_per_minute}")
        if not GIVING360_PREFIX_PATTERN.fullmatch(self.giving360_prefix):
            raise SettingsError(
                f"VRU_360GIVING_PREFIX must be a 360Giving identifier prefix like 360G-londonvru, "
                f"not {self.giving360_prefix!r}"
            )

    @property
    def internal(self) -> bool:
        return self.mode == "internal"


def parse_base_url(value: str | None) -> str | None:
    """An http(s) origin with an optional path prefix, without query, fragment or trailing slash."""
    if not value:
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment or parts.username:
        raise SettingsError(
            f"VRU_PUBLIC_BASE_URL must be an http(s) address like https://dashboard.example.org, not {value!r}"
        )
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def parse_hosts(value: str | None) -> frozenset[str]:
    return frozenset(host.strip().lower() for host in (value or "").split(",") if host.strip())


def _positive_number(environ: Mapping[str, str], name: str, default: float) -> float:
    value = environ.get(name)
    try:
        number = float(value) if value else default
    except ValueError:
        number = 0.0
    if not (number > 0 and math.isfinite(number)):
        raise SettingsError(f"{name} must be a positive number, not {value!r}")
    return number


def _whole_number(environ: Mapping[str, str], name: str, *, default: int, minimum: int, what: str) -> int:
    value = environ.get(name) or str(default)
    if not (value.isascii() and value.isdigit() and int(value) >= minimum):
        raise SettingsError(f"{name} must be a whole number of {what} ({minimum} or more), not {value!r}")
    return int(value)


def _default_sqlite(environ: Mapping[str, str], name: str) -> str:
    # As etl/settings.py reads it (an empty VRU_DATA_DIR is the working directory), so both find the same files.
    return f"sqlite:///{os.path.join(environ.get('VRU_DATA_DIR', DEFAULT_DATA_DIR), name)}"


def _sign_in_settings(environ: Mapping[str, str]) -> dict:
    return {
        "secret_key": environ.get("VRU_SECRET_KEY") or "",
        "auth_database_url": environ.get("VRU_AUTH_DATABASE_URL") or _default_sqlite(environ, "auth.db"),
        "session_hours": _positive_number(environ, "VRU_SESSION_HOURS", 8.0),
        "session_idle_minutes": _positive_number(environ, "VRU_SESSION_IDLE_MINUTES", 30.0),
        "audit_retention_days": _whole_number(
            environ, "VRU_AUDIT_RETENTION_DAYS", default=DEFAULT_AUDIT_RETENTION_DAYS, minimum=1, what="days"
        ),
        "cookie_secure": environ.get("VRU_COOKIE_SECURE", "1") != "0",
    }


def from_environment(*, mode: str | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in `environ` (default: the process environment); `mode` overrides VRU_MODE."""
    environ = os.environ if environ is None else environ
    mode = mode or environ.get("VRU_MODE") or "public"
    if mode not in MODES:
        raise SettingsError(f"VRU_MODE must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "public":
        # The public app is never given the internal database's address.
        url = environ.get("VRU_PUBLIC_DATABASE_URL") or _default_sqlite(environ, "public.db")
    else:
        url = environ.get("VRU_INTERNAL_DATABASE_URL") or _default_sqlite(environ, "internal.db")
    return Settings(
        mode=mode,
        database_url=url,
        redis_url=environ.get("REDIS_URL") or None,
        public_base_url=parse_base_url(environ.get("VRU_PUBLIC_BASE_URL")),
        allowed_hosts=parse_hosts(environ.get("VRU_ALLOWED_HOSTS")),
        **_sign_in_settings(environ),
        trusted_proxies=_whole_number(environ, "VRU_TRUSTED_PROXIES", default=0, minimum=0, what="proxies"),
        hsts=environ.get("VRU_HSTS") or "auto",
        # Internal mode has few readers and no share previews: drawn on request only, unless asked.
        image_warmup=environ.get("VRU_IMAGE_WARMUP", "1" if mode == "public" else "0") != "0",
        image_renders_per_minute=_whole_number(
            environ, "VRU_IMAGE_RENDERS_PER_MINUTE", default=30, minimum=1, what="pictures"
        ),
        giving360_prefix=(environ.get("VRU_360GIVING_PREFIX") or "").strip() or DEFAULT_360GIVING_PREFIX,
        giving360_funder_id=(environ.get("VRU_360GIVING_FUNDER_ID") or "").strip() or None,
        cache_max_age=_whole_number(
            environ, "VRU_CACHE_MAX_AGE", default=DEFAULT_CACHE_MAX_AGE, minimum=0, what="seconds"
        ),
        cache_stale_seconds=_whole_number(
            environ, "VRU_CACHE_STALE_WHILE_REVALIDATE", default=DEFAULT_CACHE_STALE_SECONDS, minimum=0, what="seconds"
        ),
        returns_inbox=environ.get("VRU_RETURNS_INBOX")
        or os.path.join(environ.get("VRU_DATA_DIR", DEFAULT_DATA_DIR), "returns-inbox"),
    )
