"""Links made from addresses in the published data (a service's referral form, a provider's website, a funding
round's page).

The register's data are checked by the ETL, but the pages treat them as hostile all the same: only an http(s) address
with a host becomes a link. Anything else (javascript:, data:, an address without a host, one that cannot be parsed)
is never put in an href."""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


def host(url) -> str | None:
    """The host of an http(s) address, or None for anything else (another scheme, no host, not text, unparseable)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        return parts.hostname if parts.scheme.lower() in WEB_SCHEMES and parts.hostname else None
    except ValueError:  # e.g. an invalid port or IPv6 address
        return None


def web_address(url) -> str | None:
    """The address, trimmed, when it may be a link (`host` finds one); None otherwise."""
    return url.strip() if host(url) else None
