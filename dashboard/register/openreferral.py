"""The services register as an Open Referral UK feed for borough directories: HSDS 3.0, UK profile, /api/openreferral/.

`register(server)` adds one API stub for every endpoint, as the profile asks:

- /api/openreferral/                          version, profile and openapi_url
- /api/openreferral/services                  paginated; search, taxonomy_term_id, taxonomy_id, minimum_age,
                                              maximum_age, modified_after, organization_id, page, per_page
- /api/openreferral/services/{id}             fully nested (compiled/service.json)
- /api/openreferral/service_at_locations      paginated; the same filters and postcode (a service area covering it)
- /api/openreferral/service_at_locations/{id} fully nested (compiled/service_at_location.json)
- /api/openreferral/taxonomies[/{id}], /api/openreferral/taxonomy_terms[/{id}]
- /api/openreferral/openapi.json              the profile's OpenAPI document, with this server

Public mode only (internal mode answers 404), read-only, no key, `Access-Control-Allow-Origin: *` on
every response, from the live release. The records are built once per release (dashboard/register/hsds/)
and cached like the queries. Unknown ids are 404s; bad parameters 400s, with a JSON body naming them.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

from flask import Flask, Response, request

from dashboard.api import http
from dashboard.api.params import (
    ApiError as FeedError,
)  # the same JSON error body as /api/v1/: error, parameter, allowed
from dashboard.data import cache, queries, state
from dashboard.register import openreferral_query as query
from dashboard.register.hsds import feed, taxonomies
from dashboard.ui import errors

PREFIX = "/api/openreferral"
STANDARD = Path(__file__).resolve().parent / "standards" / "openreferral-uk"
VERSION = "3.0"
PROFILE = "https://github.com/openreferral/uk-profile"
METHODS = ("GET", "HEAD", "OPTIONS")
ENDPOINTS = (
    "",
    "services",
    "services/{id}",
    "service_at_locations",
    "service_at_locations/{id}",
    "taxonomies",
    "taxonomies/{id}",
    "taxonomy_terms",
    "taxonomy_terms/{id}",
    "openapi.json",
)


# ------------------------------------------------------------------ the feed of the live release
def _feed() -> feed.Feed:
    engine = state.engine()
    release_id = int(queries.live_release(engine)["release_id"])

    def build():
        return feed.build(
            queries.services(engine, release_id),
            queries.service_sites(engine, release_id),
            queries.boroughs(engine, release_id),
            release_id=release_id,
        )

    return cache.memoize("openreferral.feed", (release_id,), build)


# ------------------------------------------------------------------ endpoints
def _root() -> dict:
    base = state.settings().public_base_url or ""  # from configuration, never from the request's Host
    return {"version": VERSION, "profile": PROFILE, "openapi_url": f"{base}{PREFIX}/openapi.json"}


def _services() -> dict:
    query.check_names(query.LIST_PARAMETERS)
    live, filters = _feed(), query.list_filters()
    return query.page_of([r.summary for r in live.services.values() if feed.matches(r, **filters)])


def _service(service_id: str) -> dict:
    query.check_names(())
    record = _feed().services.get(service_id.lower())
    if record is None:
        raise FeedError(404, "there is no service with this id in the live release")
    return record.full


def _service_at_locations() -> dict:
    query.check_names((*query.LIST_PARAMETERS, "postcode"))
    live, filters, near = _feed(), query.list_filters(), query.near()
    return query.page_of(
        [
            listed
            for listed, _, record in live.service_at_locations.values()
            if feed.matches(record, **filters) and (near is None or feed.covers(record, near))
        ]
    )


def _service_at_location(sal_id: str) -> dict:
    query.check_names(())
    found = _feed().service_at_locations.get(sal_id.lower())
    if found is None:
        raise FeedError(404, "there is no service_at_location with this id in the live release")
    return found[1]


def _taxonomies() -> dict:
    query.check_names(query.PAGE_PARAMETERS)
    return query.page_of([taxonomies.taxonomy_body(t) for t in taxonomies.TAXONOMIES])


def _taxonomy(taxonomy_id: str) -> dict:
    query.check_names(())
    found = next((t for t in taxonomies.TAXONOMIES if t.id == taxonomy_id.lower()), None)
    if found is None:
        raise FeedError(404, "there is no taxonomy with this id")
    return taxonomies.taxonomy_body(found)


def _taxonomy_terms() -> dict:
    query.check_names((*query.PAGE_PARAMETERS, "taxonomy_id"))
    taxonomy = query.uuid("taxonomy_id")
    return query.page_of([t for t in taxonomies.all_terms() if taxonomy is None or t["taxonomy_id"] == taxonomy])


def _taxonomy_term(term: str) -> dict:
    query.check_names(())
    found = next((t for t in taxonomies.all_terms() if t["id"] == term.lower()), None)
    if found is None:
        raise FeedError(404, "there is no taxonomy term with this id")
    return found


def _unknown(rest: str):
    raise FeedError(404, f"no such endpoint: {PREFIX}/{rest[:100]}", allowed=[f"{PREFIX}/{p}" for p in ENDPOINTS])


@functools.cache
def _profile_document() -> dict:
    return json.loads((STANDARD / "openapi.json").read_text())


def openapi_document(base_url: str | None) -> dict:
    """The profile's OpenAPI document (CC BY-SA 4.0, dashboard/register/standards/openreferral-uk/), pointed at this
    feed."""
    doc = copy.deepcopy(_profile_document())
    doc["servers"] = [
        {"url": f"{base_url or ''}{PREFIX}", "description": "London VRU commissioned-services register, live release"}
    ]
    doc["info"]["description"] += (
        " Served by the London VRU performance dashboard from its live release (commissioned services of MOPAC and the "
        "VRU). "
        "Not supported, as the register has no opening times or coordinates: start_time, end_time, day, proximity. "
        "Document: Open Referral UK (github.com/OpenReferralUK/uk-profile), CC BY-SA 4.0."
    )
    return doc


# ------------------------------------------------------------------ HTTP
EXPOSED_HEADERS = ("ETag", "X-Release-Id")  # what a script on another site may read


def _cors(response: Response) -> Response:
    return http.cors(response, expose=EXPOSED_HEADERS)


def _error(err: FeedError) -> Response:
    response = http.error(err, expose=EXPOSED_HEADERS)
    if err.status == 405:
        response.headers["Allow"] = ", ".join(METHODS)
    return response


def _answer(view, *args, per_release: bool = True) -> Response:
    """Run one endpoint: CORS always, a strong ETag per release and cleaned query, 304 on If-None-Match, JSON
    errors."""
    if request.method == "OPTIONS":
        return http.preflight(methods=METHODS, expose=EXPOSED_HEADERS)
    try:
        if request.method not in METHODS:
            raise FeedError(405, f"{request.method} is not allowed: the feed is read-only", allowed=list(METHODS))
        if state.settings().internal:
            raise FeedError(404, "the Open Referral UK feed is served by the public dashboard only")
        release_id = int(queries.live_release(state.engine())["release_id"]) if per_release else 0
        body = view(*args)  # checks the query: a bad one is a 400 before anything is keyed by it
        response = http.not_modified(query.cleaned_query(), expose=EXPOSED_HEADERS) or http.json_response(body)
    except FeedError as err:
        return _error(err)
    except errors.UNAVAILABLE as err:
        return http.unavailable(
            err,
            message="the register is unavailable at the moment: please try again in a few minutes",
            expose=EXPOSED_HEADERS,
        )
    if per_release:
        response.headers["X-Release-Id"] = str(release_id)
    return _cors(response)


def register(server: Flask) -> None:
    """Add the feed's routes to the dashboard's server; a second call does nothing."""
    if server.extensions.get("vru_openreferral"):
        return
    server.extensions["vru_openreferral"] = True

    @server.after_request
    def _feed_answers_carry_cors(response: Response) -> Response:
        # Every answer under the feed, those refused before its views run too (a path with a
        # control character is a 404 from dashboard/access/guards.py), is readable from any origin.
        return _cors(response) if request.path.startswith(PREFIX) else response

    # Other methods are answered here (405 with CORS and JSON), so the API's own 405 handler stays the API's.
    methods = [*METHODS, "POST", "PUT", "PATCH", "DELETE"]

    def route(rule: str, endpoint: str, view, *, per_release: bool = True) -> None:
        server.add_url_rule(
            rule,
            f"vru_openreferral.{endpoint}",
            lambda **kw: _answer(view, *kw.values(), per_release=per_release),
            methods=methods,
            provide_automatic_options=False,
            strict_slashes=False,
        )

    route(f"{PREFIX}/", "root", _root, per_release=False)
    route(
        f"{PREFIX}/openapi.json",
        "openapi",
        lambda: openapi_document(state.settings().public_base_url),
        per_release=False,
    )
    route(f"{PREFIX}/services", "services", _services)
    route(f"{PREFIX}/services/<service_id>", "service", _service)
    route(f"{PREFIX}/service_at_locations", "service_at_locations", _service_at_locations)
    route(f"{PREFIX}/service_at_locations/<sal_id>", "service_at_location", _service_at_location)
    route(f"{PREFIX}/taxonomies", "taxonomies", _taxonomies, per_release=False)
    route(f"{PREFIX}/taxonomies/<taxonomy_id>", "taxonomy", _taxonomy, per_release=False)
    route(f"{PREFIX}/taxonomy_terms", "taxonomy_terms", _taxonomy_terms, per_release=False)
    route(f"{PREFIX}/taxonomy_terms/<term>", "taxonomy_term", _taxonomy_term, per_release=False)
    # Without this, Dash's catch-all page route would answer unknown feed paths with the app's HTML.
    route(f"{PREFIX}/<path:rest>", "unknown", _unknown, per_release=False)
