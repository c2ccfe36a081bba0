"""The Open Referral UK feed's query parameters: which each endpoint takes, each checked and read, so that a bad
one is a 400 naming it, and the cleaned query that keys an answer in the caches (never the query's own text)."""

from __future__ import annotations

import datetime as dt
import re

from flask import request

from dashboard.api.params import ApiError as FeedError
from dashboard.register import postcodes
from dashboard.register.hsds import feed

DEFAULT_PER_PAGE, MAX_PER_PAGE = 50, 500
MAX_PAGE = 100_000
MAX_TEXT = 200
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INT = re.compile(r"^[0-9]{1,9}$")
_AGE = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3})?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Parameters of the profile this feed cannot answer: the register holds no opening times and no coordinates.
UNSUPPORTED = {
    "start_time": "opening times",
    "end_time": "opening times",
    "day": "opening times",
    "proximity": "coordinates of sites",
    "minimal": "a minimal form",
    "full": "a fully nested list form",
}
LIST_PARAMETERS = (
    "search",
    "text",
    "page",
    "per_page",
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "modified_after",
    "organization_id",
)
PAGE_PARAMETERS = ("page", "per_page")


def check_names(allowed: tuple[str, ...]) -> None:
    for name in request.args:
        if name in UNSUPPORTED:
            raise FeedError(
                400,
                f"{name} is not supported: the register holds no {UNSUPPORTED[name]}",
                parameter=name,
                allowed=list(allowed),
            )
        if name not in allowed:
            raise FeedError(400, f"unknown parameter {name[:50]!r}", parameter=name[:50], allowed=list(allowed))
        if len(request.args.getlist(name)) > 1:
            raise FeedError(400, f"give {name} once", parameter=name)


def whole(name: str, *, default: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _INT.fullmatch(raw) or not 1 <= int(raw) <= high:
        raise FeedError(400, f"{name} must be a whole number from 1 to {high}", parameter=name, allowed=f"1 to {high}")
    return int(raw)


def uuid(name: str) -> str | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not _UUID.fullmatch(raw.lower()):
        raise FeedError(400, f"{name} must be a UUID (as the feed gives ids)", parameter=name)
    return raw.lower()


def age(name: str) -> float | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not _AGE.fullmatch(raw):
        raise FeedError(400, f"{name} must be an age in years, from 0 to 999", parameter=name)
    return float(raw)


def modified_after() -> str | None:
    """A date or date-time (ISO 8601; without a zone, UTC), as the comparable text of last_modified."""
    raw = request.args.get("modified_after")
    if raw is None:
        return None
    try:
        when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00")) if len(raw) <= 40 else None
    except ValueError:
        when = None
    if when is None:
        raise FeedError(
            400,
            "modified_after must be a date or date-time, e.g. 2026-01-31 or 2026-01-31T09:00:00Z",
            parameter="modified_after",
        )
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def words() -> list[str]:
    raw = request.args.get("search", request.args.get("text", ""))
    if len(raw) > MAX_TEXT or _CONTROL.search(raw):
        raise FeedError(400, f"search must be text of up to {MAX_TEXT} characters", parameter="search")
    return raw.lower().split()


def list_filters() -> dict:
    return {
        "words": words(),
        "term": uuid("taxonomy_term_id"),
        "taxonomy": uuid("taxonomy_id"),
        "minimum_age": age("minimum_age"),
        "maximum_age": age("maximum_age"),
        "modified_after": modified_after(),
        "organization": uuid("organization_id"),
    }


def page_of(items: list) -> dict:
    return feed.page(
        items,
        number=whole("page", default=1, high=MAX_PAGE),
        size=whole("per_page", default=DEFAULT_PER_PAGE, high=MAX_PER_PAGE),
    )


def near() -> tuple[str, ...] | None:
    raw = request.args.get("postcode")
    if raw is None:
        return None
    if len(raw) > 12 or _CONTROL.search(raw):
        raise FeedError(
            400, "postcode must be a UK postcode or postcode district, e.g. SE1 7PB or SE1", parameter="postcode"
        )
    place = postcodes.lookup(raw, {})
    if not place.found:
        raise FeedError(
            400, "postcode must be a London postcode or postcode district, e.g. SE1 7PB or SE1", parameter="postcode"
        )
    return place.boroughs


def cleaned_query() -> dict:
    """The query as the endpoints read it, every parameter with its default (the endpoint has checked them
    already): what an answer depends on besides its path, so its key for the caches, never the query's own text."""
    return {
        "page": whole("page", default=1, high=MAX_PAGE),
        "per_page": whole("per_page", default=DEFAULT_PER_PAGE, high=MAX_PER_PAGE),
        **list_filters(),
        "near": near(),
    }
