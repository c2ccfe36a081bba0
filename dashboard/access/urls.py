"""Absolute addresses of this site, from configuration only, never from the request.

The request's Host header is chosen by whoever sends the request: a link built from it and
cached (page contents are, per release: dashboard/data/cache.py) would carry an attacker's host to
every later visitor. So absolute links (embed snippets, canonical addresses, share previews)
come from VRU_PUBLIC_BASE_URL, and are relative when it is not set; and where
VRU_ALLOWED_HOSTS is set, a request for any other host is refused with 400 (except the health
check, which load balancers and orchestrators send to the pod's own address). Redirects stay on this
site the same way: werkzeug writes the Location of its own redirects (a missing trailing slash:
/api/v1 -> /api/v1/) from the Host header, so every Location is made relative, or put under
VRU_PUBLIC_BASE_URL, before it leaves.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, request
from werkzeug.exceptions import BadRequest

from dashboard.settings import Settings


class UnsafePath(ValueError):
    """A path given to absolute() that could leave this site (another host, a scheme)."""


def absolute(path: str, *, settings: Settings | None) -> str:
    """`path` (starting with "/", with any query) under the configured public base URL, e.g.
    "/embed/reach/reach-gender?period=2023-24" -> "https://dashboard.example/embed/...";
    the path itself, relative to the site, when no base URL is configured (or no settings: outside an app)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        raise UnsafePath(f"not a path on this site: {path!r}")
    return f"{(settings and settings.public_base_url) or ''}{path}"


def _host_name(host: str) -> str:
    """The name in a Host header, without its port ("[::1]:8050" -> "::1")."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def refuse_other_hosts(server: Flask, settings: Settings, *, exempt: tuple[str, ...] = ()) -> None:
    """With VRU_ALLOWED_HOSTS set, 400 for a request whose Host is not one of them, except on the
    `exempt` paths: a health probe is sent to the pod's IP (Host: 10.0.3.7:8050), and answering it
    is safe, since its answer builds no link and is never cached (Cache-Control: no-store)."""
    if not settings.allowed_hosts:
        return

    @server.before_request
    def _allowed_host():
        if request.path not in exempt and _host_name(request.host) not in settings.allowed_hosts:
            raise BadRequest("This site does not answer for that host name.")


# Browsers drop tabs and newlines anywhere in an address, and C0 controls and spaces before it, and
# read a backslash as a slash: so " /\t/host" and "/\\host" are "//host", another site.
_DROPPED = re.compile(r"[\t\n\r]")
_LEADING = "".join(map(chr, range(0x21)))


def _path_of(location: str) -> str:
    """The path, query and fragment of `location` as a path on this site, read as a browser reads it:
    one leading slash, however many slashes or backslashes it had."""
    parts = urlsplit(location)
    path = "/" + parts.path.replace("\\", "/").lstrip("/")
    rest = (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    return path + rest.replace("\\", "%5C")


def on_this_site(location: str, *, settings: Settings | None) -> str:
    """A redirect's Location as a path on this site: unchanged when it is already a path (or under the
    configured base URL); otherwise, whatever host it names, its path, relative or under the base URL
    as `absolute` makes it."""
    base = settings.public_base_url if settings else None
    if base and location.startswith(base + "/"):
        return location
    read = _DROPPED.sub("", location).lstrip(_LEADING)
    parts = urlsplit(read)
    if read == location and not parts.scheme and not parts.netloc and not read.startswith(("//", "/\\", "\\")):
        return location
    return absolute(_path_of(read), settings=settings)


def redirects_stay_on_this_site(server: Flask, settings: Settings) -> None:
    """Every response's Location (strict-slash redirects, sign-in and sign-out) names this site from
    configuration, never the request's Host."""

    @server.after_request
    def _location(response):
        location = response.headers.get("Location")
        if location:
            response.headers["Location"] = on_this_site(location, settings=settings)
        return response
