"""What a shared cache (nginx, a CDN) and a browser may keep of each answer, and for how long: every answer's
Cache-Control and ETag, set here and nowhere else.

Public mode. Every GET that succeeds is `public, max-age=<VRU_CACHE_MAX_AGE>, stale-while-revalidate=<...>,
stale-if-error=86400`, with a strong ETag made of the code (`code_version`: the files' contents, never their times,
so that every host running the same code gives the same ETags behind one CDN), the live release, the path and the
request's normalised key. A route names that key with `vary_on(...)`: the cleaned values of the view it answers (a
page's filters as `Page.values` cleans them, an API query as `params.parse` reads it), never the query string as
sent, so that `?programme=divert&utm_source=x` and `?programme=divert` share one ETag and nobody can make up a new
one. A route whose content changes without a new release (a calendar of announced dates) gives a `version` too; one
whose content depends on the day (the services register's "not reviewed for six months", funding rounds open
today) says `daily=True`, and only its ETag holds the date: every other ETag stays the same across midnight, so a
CDN does not fetch the whole site again each day. An If-None-Match that names the ETag gets a 304, before the
route does any work when it asks with `vary_on`.

- A view pinned to an earlier release (`?release=N`) is `immutable` for PINNED_MAX_AGE.
- An answer with no key whose request has no query string is keyed by its path (`/about`, `/_dash-layout`): its
  content depends on nothing else. One with a query string and no key gets Cache-Control but no ETag.
- A route's own validator (a static file's ETag) is kept; a route's own `public` policy (fingerprinted bundles
  kept a year) too.
- A client's mistake (400, 404, 405, 410, 414) is kept ERROR_MAX_AGE at most, so a broken link in a news story
  does not reach gunicorn once per reader, and a page that appears with the next release shows soon after.
  Any other error, the outage page, `/healthz` and whatever calls `never()` are `no-store`.
- Nothing varies but the normalised key and Accept-Encoding: `Vary: Accept-Encoding` only.

Internal mode: `private, no-store` on every answer; true figures are never kept by anything.

ETags, like everything in dashboard/data/cache.py's keys, hold the live release's id, so nothing is ever purged:
a new release is a new ETag everywhere, shown when the cached copies expire.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, g, request

from dashboard.data import state
from dashboard.ui import errors

ROOT = Path(__file__).resolve().parents[2]
# What an answer is made of besides the release: a deploy that changes any of these changes every ETag, so that a
# browser's copy of a page is never confirmed against new code. Their contents, not their times: a page's HTML names
# Dash's scripts and the assets with their files' times (Dash's fingerprints, ?m=), which differ between hosts, but
# every host serves every such name, so one host's copy of a page is as good as another's.
CODE_FOLDERS = ("dashboard", "assets", "docs")
CODE_DISTRIBUTIONS = ("dash", "plotly", "dash-bootstrap-components", "flask")
STALE_IF_ERROR = 86400  # a day of serving the last good copy while the app or its database is down
# A pinned view's figures never change, but its notice names the live release, and a release can be withdrawn:
# a day, not a year.
PINNED_MAX_AGE = 86400
ERROR_MAX_AGE = 60
SHORT_LIVED_ERRORS = frozenset({400, 404, 405, 410, 414})
INTERNAL = "private, no-store"
NEVER = "no-store"
_KEY = "vru.cache_key"
_NEVER = "vru.cache_never"


@dataclass(frozen=True)
class Key:
    """What one answer depends on besides the code and the live release."""

    key: str  # canonical JSON of the normalised request
    version: str = ""  # the route's own version of what it serves ("" : the release's)
    pinned: bool = False
    daily: bool = False  # its content depends on the day: the date is part of its ETag


@functools.cache
def code_version() -> str:
    """The running code's version (see `files_version`), computed once per process, at start-up (`register`)."""
    return files_version(ROOT)


def files_version(root: Path, folders: tuple[str, ...] = CODE_FOLDERS) -> str:
    """A digest of the dashboard's files under `root` (each one's path and contents, never its time, so two hosts
    serving the same code give the same ETags behind one CDN) and the versions of the libraries that draw its pages."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            contents = path.read_bytes()
            digest.update(f"{path.relative_to(root).as_posix()}|{len(contents)}\n".encode())
            digest.update(contents)
    for name in CODE_DISTRIBUTIONS:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=none\n".encode())
    return digest.hexdigest()[:16]


def etag(key: Key) -> str:
    """The strong ETag (without quotes) of an answer with this key, to this request's path, from the live release;
    of this day too when the key says its content depends on the day."""
    live = int(state.release()["release_id"])
    day = dt.date.today().isoformat() if key.daily else ""
    parts = [code_version(), live, day, key.version, request.path, key.key]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def _canonical(key) -> str:
    return json.dumps(key, sort_keys=True, default=str, separators=(",", ":"))


def vary_on(key, *, pinned: bool = False, version: str = "", daily: bool = False) -> Response | None:
    """Say that this answer depends only on `key` (the request's normalised form: cleaned values, never its own
    text), the path and the live release (and `version`, for content that changes between releases; and the day,
    with `daily`, for content that changes at midnight); `pinned` for a view of an earlier release. Returns a 304
    to send at once if the reader's copy is current; None otherwise (and always in internal mode). May raise
    errors.UNAVAILABLE (it reads the live release)."""
    declared = Key(key=_canonical(key), version=str(version), pinned=pinned, daily=daily)
    setattr(g, _KEY, declared)
    if state.settings().internal or request.method not in ("GET", "HEAD") or not request.if_none_match:
        return None
    tag = etag(declared)
    held = _held(tag)
    if held is None:
        return None
    response = Response(status=304)
    del response.headers["Content-Type"]  # no body
    response.set_etag(held)
    return response


def _held(tag: str) -> str | None:
    """The reader's ETag that stands for `tag`: itself, or it with the content-coding Flask-Compress adds
    ("<tag>:gzip"): a compressed copy is as current as the plain one."""
    given = request.if_none_match
    if given.star_tag:
        return tag
    for held in given.as_set(include_weak=True):
        if held == tag or (held.startswith(tag + ":") and held[len(tag) + 1 :].isalpha()):
            return held
    return None


def never() -> None:
    """This answer must not be kept at all (a layout drawn while the database is down)."""
    setattr(g, _NEVER, True)


def fresh_policy(*, pinned: bool = False) -> str:
    settings = state.settings()
    if pinned:
        return f"public, max-age={PINNED_MAX_AGE}, immutable, stale-if-error={STALE_IF_ERROR}"
    return (
        f"public, max-age={settings.cache_max_age}, stale-while-revalidate={settings.cache_stale_seconds}, "
        f"stale-if-error={STALE_IF_ERROR}"
    )


def _public(response: Response) -> Response:
    if request.method not in ("GET", "HEAD"):
        return response
    given = response.headers.get("Cache-Control", "")
    status = response.status_code
    if g.get(_NEVER) or NEVER in given or status >= 500 or (status >= 400 and status not in SHORT_LIVED_ERRORS):
        response.headers["Cache-Control"] = NEVER
        return response
    response.vary.clear()
    response.vary.add("Accept-Encoding")
    if status >= 300 and status != 304:
        response.headers["Cache-Control"] = f"public, max-age={min(ERROR_MAX_AGE, state.settings().cache_max_age)}"
        return response
    declared: Key | None = g.get(_KEY)
    if declared is None and "public" in given:
        return response  # the route's own policy (Dash's fingerprinted bundles)
    if declared is None and not request.query_string and response.get_etag()[0] is None:
        declared = Key(key=_canonical(None))  # nothing in the request but its path
    try:
        if declared is not None and status == 200:
            response.set_etag(etag(declared))
    except errors.UNAVAILABLE:
        response.headers["Cache-Control"] = NEVER
        return response
    response.headers["Cache-Control"] = fresh_policy(pinned=declared.pinned if declared else False)
    if status == 200 and response.get_etag()[0] is not None:
        response.make_conditional(request)
    return response


def register(server: Flask, *, internal: bool) -> None:
    """Set every answer's cache headers. Call after Flask-Compress is set up: Flask runs the hooks registered last
    first, and Compress must see the ETag set here (it adds the content-coding to it and answers 304 for it)."""
    code_version()  # read the files now, before any request waits for it

    @server.after_request
    def _cache_headers(response: Response) -> Response:
        if internal:
            # Internal figures must not be kept by shared caches or the browser's disk cache.
            response.headers["Cache-Control"] = INTERNAL
            return response
        return _public(response)
