"""What every page and chart is drawn from: one release and its published dimensions.

A `ReleaseContext` is built once per request and release (`for_request`, which keeps it for
the rest of the request) and passed down explicitly: the page's layout, its first
paint, its share preview and every chart the request draws take the same object, and nothing
reads it from a side channel. Its release is the live one, unless a permalink's ?release= names
another; the live release itself is read once per request (dashboard/data/state.py).

This is the one place that decides what a ?release= may show, for every route that takes one
(pages, downloads, data packages, pictures, embeds, the Committee report):
- a published or superseded release: its figures, "as published";
- a release that does not exist, or is not published (a draft, or approved and waiting for its
  time): 404, the same answer for both, so the public site says nothing of what waits;
- a withdrawn release: 410 Gone, with a link to its withdrawal notice on /revisions;
- in internal mode only, a draft or approved release: a preview, drawn exactly as the public
  will see it (protected figures, from the pending tables: dashboard/data/pending.py), marked
  `preview`, with its cache entries kept apart (dashboard/data/cache.py) and the request noted
  for the audit trail (`state.previewed`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from werkzeug.exceptions import Gone, NotFound

from dashboard.data import cache, calendar, queries, state
from dashboard.data.vocabulary import ALL

# A release's states (etl/load/schema.py). The public database holds the last three only.
DRAFT, APPROVED, PUBLISHED, SUPERSEDED, WITHDRAWN = "draft", "approved", "published", "superseded", "withdrawn"
READABLE = (PUBLISHED, SUPERSEDED)  # what ?release= shows "as published"
WAITING = (DRAFT, APPROVED)  # what only a signed-in preview shows
PREVIEW_CACHE = "preview"  # the cache namespace of previews: never the same entries as the true figures


class ReleaseNotFound(NotFound):
    """No published release has this id (404): a draft's id gets the same answer as an id never used."""

    def __init__(self, number: int):
        super().__init__(description=f"There is no published release {number}.")


class ReleaseWithdrawn(Gone):
    """The release was withdrawn (410): nothing of it is served; its notice is on /revisions."""

    def __init__(self, release: dict):
        self.release = release
        super().__init__(description=f"Release {int(release['release_id'])} was withdrawn.")

    @property
    def release_id(self) -> int:
        return int(self.release["release_id"])

    @property
    def notice(self) -> str:
        """The address of its withdrawal notice."""
        return f"/revisions#release-{self.release_id}"


# Release ids are SQLite and PostgreSQL integers; a longer ?release= names no release (and
# would overflow the bound parameter).
MAX_RELEASE_DIGITS = 18


@dataclass(frozen=True)
class ReleaseContext:
    engine: sa.Engine
    release: dict
    live_release_id: int
    programmes: pd.DataFrame
    periods: tuple[str, ...]
    boroughs: pd.DataFrame
    internal: bool = False  # the internal app's true figures: no disclosure control applied
    preview: bool = False  # a release waiting for publication, shown to a signed-in user as the public will see it

    @property
    def release_id(self) -> int:
        return int(self.release["release_id"])

    @property
    def pinned(self) -> bool:
        """Whether this is an earlier release than the live one (a permalink "as published")."""
        return self.release_id != self.live_release_id

    def programme_name(self, programme_id: str) -> str:
        if programme_id == ALL:
            return "all programmes"
        return str(self.programmes.set_index("programme_id").loc[programme_id, "name"])

    def borough_name(self, gss_code: str) -> str:
        if gss_code == ALL:
            return "London"
        return str(self.boroughs.set_index("gss_code").loc[gss_code, "name"])

    def protection(self) -> str:
        """How this release protects individuals, in the words of its own disclosure rules
        (releases.rules), or that the figures are true ones (internal mode)."""
        if self.internal:
            return "Internal figures: true counts, not rounded or suppressed."
        return protection_sentence(self.release)


def protection_sentence(release: dict) -> str:
    """'Counts 1 to 9 shown as [c]; other counts rounded to the nearest 5.' from the release's rules JSON."""
    rules = release.get("rules")
    try:
        rules = json.loads(rules) if isinstance(rules, str) else dict(rules or {})
    except (TypeError, ValueError):
        rules = {}
    parts = [str(rules[k]) for k in ("primary_suppression", "rounding") if rules.get(k)]
    if not parts:
        return "Small counts are suppressed ([c]) to protect individuals."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def release_number(pinned) -> int | None:
    """The release a ?release= names: ASCII digits only (str.isdigit() also takes "²")."""
    text = str(pinned) if isinstance(pinned, (str, int)) and not isinstance(pinned, bool) else ""
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_RELEASE_DIGITS):
        return None
    return int(text)


def for_request(pinned=None) -> ReleaseContext:
    """The context of this request: the live release, or the one `pinned` names if it exists.
    Built once per request and release (a pin of the live release's own id, or of no release,
    is the live release's context), then kept for the rest of the request (state.once_per_request)."""
    number = release_number(pinned)
    return state.once_per_request("release-context", number, lambda: _for(number))


def release_state(release: dict) -> str:
    """A release's state; rows written before releases had states were all published when loaded."""
    value = release.get("state")
    return value if isinstance(value, str) and value else PUBLISHED


def built(pinned) -> ReleaseContext | None:
    """The context this request has built for `pinned`, if it has (a page that drew from it), without building one."""
    return state.kept("release-context", release_number(pinned))


def _for(number: int | None) -> ReleaseContext:
    live = state.release()
    if number is None:
        return _build(live, live=live)
    if number == int(live["release_id"]):
        return for_request(None)  # a pin of the live release is the live release's one context
    pin = queries.release_by_id(state.engine(), number)
    if pin is None:
        raise ReleaseNotFound(number)
    kind = release_state(pin)
    if kind == WITHDRAWN:
        raise ReleaseWithdrawn(pin)
    if kind in READABLE:
        return _build(pin, live=live)
    if kind in WAITING and state.settings().internal:
        return _preview(pin, live=live)
    raise ReleaseNotFound(number)


def _build(release: dict, *, live: dict) -> ReleaseContext:
    engine = state.engine()
    rid = int(release["release_id"])
    return ReleaseContext(
        engine=engine,
        release=release,
        live_release_id=int(live["release_id"]),
        programmes=queries.programmes(engine, rid),
        periods=tuple(queries.periods(engine, rid)),
        boroughs=queries.boroughs(engine, rid),
        internal=state.settings().internal,
    )


def _preview(release: dict, *, live: dict) -> ReleaseContext:
    """A waiting release as the public will see it: its protected tables, never the internal database's true ones."""
    cache.use_namespace(PREVIEW_CACHE)  # before any query: this request's entries are the preview's own
    state.previewed(int(release["release_id"]))
    engine = state.pending_engine()
    rid = int(release["release_id"])
    return ReleaseContext(
        engine=engine,
        release=release | {"announced_for": calendar.announced_for(state.engine(), rid)},
        live_release_id=int(live["release_id"]),
        programmes=queries.programmes(engine, rid),
        periods=tuple(queries.periods(engine, rid)),
        boroughs=queries.boroughs(engine, rid),
        internal=False,
        preview=True,
    )
