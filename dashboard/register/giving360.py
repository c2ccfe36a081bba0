"""The grants of the live release as a 360Giving data package: /api/360giving/grants.json.

360Giving is the UK standard for grants data, which GrantNav indexes. Only grants are in it:
the register says which commissioned services are grant-funded (award_type 'grant'); contracts
are not grants. Each grant-funded service is one award, under its VRU programme (grantProgramme).
The ETL works out each award's amount and dates (the service_grants table); this module only
puts them in the standard's shape. tests/test_giving360.py validates the package against the
standard's own schema (dashboard/register/standards/360giving/, CC BY 4.0).

Settings (dashboard/settings.py): VRU_360GIVING_PREFIX, the registered identifier prefix 360Giving
issued to the publisher (e.g. 360G-londonvru; every grant id starts with it); VRU_360GIVING_FUNDER_ID,
the funder's organisation identifier (default: the prefix followed by -VRU).
"""

from __future__ import annotations

import json
import re

from flask import Flask, Response, request

from dashboard.api import http
from dashboard.api.datasets import SPEC_DIGEST
from dashboard.api.params import ApiError
from dashboard.data import queries, state
from dashboard.data.vocabulary import LICENCE_URL
from dashboard.settings import Settings
from dashboard.ui.errors import UNAVAILABLE

PATH = "/api/360giving/grants.json"
PREFIX_SETTING = "VRU_360GIVING_PREFIX"  # Settings.giving360_prefix
STANDARD_VERSION = "1.4"
PUBLISHER = "London Violence Reduction Unit (Mayor's Office for Policing and Crime)"
FUNDER_NAME = "Mayor's Office for Policing and Crime"
FUNDER_DEPARTMENT = "London Violence Reduction Unit"
LONDON = {"name": "London", "geoCode": "E12000007", "geoCodeType": "RGN/GOR", "countryCode": "GB"}


def funder_id(settings: Settings) -> str:
    return settings.giving360_funder_id or f"{settings.giving360_prefix}-VRU"


def _locations(boroughs_covered: str, names: dict) -> list[dict]:
    if boroughs_covered == "London-wide":
        return [dict(LONDON)]
    return [
        {"name": names.get(code, code), "geoCode": code, "geoCodeType": "LONB", "countryCode": "GB"}
        for code in boroughs_covered.split(";")
    ]


def grant(row: dict, *, grant_prefix: str, funder: str, names: dict, modified: str) -> dict:
    """One award in 360Giving's shape."""
    recipient = {"id": row["organisation_id"] or f"{grant_prefix}-{row['provider_id']}", "name": row["provider_name"]}
    programme = (
        {"code": row["programme_id"], "title": row["programme_name"]}
        if row["programme_id"]
        else {
            "code": re.sub(r"[^a-z0-9]+", "-", row["funding_stream"].lower()).strip("-"),
            "title": row["funding_stream"],
        }
    )
    return {
        "id": f"{grant_prefix}-{row['service_id']}",
        "title": row["title"][:140],
        "description": row["description"],
        "currency": "GBP",
        "amountAwarded": float(row["amount_awarded_gbp"]),
        "awardDate": str(row["award_date"])[:10],
        "plannedDates": [
            {
                "startDate": str(row["planned_start"])[:10],
                "endDate": str(row["planned_end"])[:10],
                "duration": int(row["duration_months"]),
            }
        ],
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": funder, "name": FUNDER_NAME, "department": FUNDER_DEPARTMENT}],
        "beneficiaryLocation": _locations(row["boroughs_covered"], names),
        "grantProgramme": [programme],
        "dateModified": modified,
    }


def _date_time(created_at) -> str:
    """The release's time in full date-time form (what the package's dates and dateModified want)."""
    text = str(created_at)
    return text if re.search(r"[+-]\d\d:\d\d$|Z$", text) else text + "+00:00"


def package(*, grants: list[dict], release: dict) -> dict:
    modified = _date_time(release["created_at"])
    return {
        "version": STANDARD_VERSION,
        "title": "London Violence Reduction Unit: grants to commissioned services",
        "description": (
            "Grant-funded services commissioned by the London VRU, one grant per award, from release "
            f"{int(release['release_id'])} of the VRU performance dashboard. Contracts are not included."
            + (" Synthetic demonstration data, not real VRU grants." if release.get("synthetic_data") else "")
        ),
        "identifier": f"london-vru-grants-release-{int(release['release_id'])}",
        "publisher": {"name": PUBLISHER},
        "license": LICENCE_URL,
        "issued": modified,
        "modified": modified,
        "grants": grants,
    }


def build(engine, release: dict, *, settings: Settings) -> dict:
    from dashboard.register import reviews  # the service_grants query

    rid = int(release["release_id"])
    grant_prefix = settings.giving360_prefix
    names = dict(zip(*[queries.boroughs(engine, rid)[c] for c in ("gss_code", "name")]))
    modified = _date_time(release["created_at"])
    rows = reviews.service_grants(engine, rid).astype(object).where(lambda f: f.notna(), None).to_dict("records")
    funder = funder_id(settings)
    return package(
        grants=[grant(r, grant_prefix=grant_prefix, funder=funder, names=names, modified=modified) for r in rows],
        release=release,
    )


def _serve():
    if request.method == "OPTIONS":
        return http.preflight()
    settings = state.settings()
    if settings.internal:
        return http.error(ApiError(404, "the open-data API is served by the public dashboard only"))
    if request.args:
        return http.error(ApiError(400, "this address takes no parameters", allowed=[]))
    try:
        release = state.release()
        # Per release (in every ETag) and settings: a new release, prefix or funder id is a new package.
        if (cached := http.not_modified([SPEC_DIGEST, settings.giving360_prefix, funder_id(settings)])) is not None:
            return cached
        body = build(state.engine(), release, settings=settings)
    except UNAVAILABLE as err:
        return http.unavailable(err)
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, indent=1)
    response = Response(text, mimetype="application/json")
    response.headers["X-Release-Id"] = str(int(release["release_id"]))
    response.headers["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return http.cacheable(response)


def register(server: Flask) -> None:
    # A wrong prefix stopped the app at start-up already: Settings refuses it.
    server.add_url_rule(
        PATH, "giving360_grants", _serve, methods=list(http.ALLOWED_METHODS), provide_automatic_options=False
    )
