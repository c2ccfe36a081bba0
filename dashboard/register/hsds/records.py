"""One service of the register as HSDS records: the service's own fields, its organisation, locations with
addresses, service areas, contacts and phones, funding and taxonomy terms.

Plain functions of the published `services`, `service_sites` and `boroughs` tables' rows (JSON-ready dicts out):
nothing here reads a database or a request.
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.register.hsds.ids import ident
from dashboard.register.hsds.taxonomies import (
    AT_A_SITE,
    DELIVERY_MODES,
    REFERRAL_ROUTES,
    SERVICE_AREAS,
    TAXONOMIES,
    Taxonomy,
    term_body,
)

LONDON_WIDE = "London-wide"
LONDON_GSS = "E12000007"  # the London region's GSS code: the service area of a London-wide service
GSS_URI = "http://statistics.data.gov.uk/id/statistical-geography/"
# HSDS service status: an ending contract still runs; an ended one is not running (it may be recommissioned).
STATUS = {"active": "active", "ending": "active", "ended": "inactive"}


def clean_text(value) -> str | None:
    """A cell's text without surrounding spaces, or None for an empty or missing cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _drop_empty(body: dict) -> dict:
    """HSDS leaves unknown fields out rather than null (the schemas type them as strings and numbers)."""
    return {k: v for k, v in body.items() if v is not None}


def _organization(row) -> dict:
    email = clean_text(row["public_contact"])
    return _drop_empty(
        {
            "id": ident("organization", row["provider_id"]),
            "name": row["provider_name"],
            "description": f"{row['provider_type']} delivering services commissioned by MOPAC and the London VRU.",
            "website": clean_text(row["website"]),
            "email": email if email and "@" in email else None,
        }
    )


def _alert(row) -> str | None:
    if row["status"] == "ending":
        return (
            f"The contract for this service ends on {row['contract_end']}: check it is still running before referring."
        )
    if row["status"] == "ended":
        return f"The contract for this service ended on {row['contract_end']}."
    return None


def one_to_one(row) -> dict:
    """The service's own fields: what /services lists (compiled/service_list.json)."""
    sid = ident("service", row["service_id"])
    return _drop_empty(
        {
            "id": sid,
            "organization_id": ident("organization", row["provider_id"]),
            "name": row["name"],
            "description": row["description"],
            "url": clean_text(row["contact_url"]) or clean_text(row["website"]),
            "email": clean_text(row["contact_email"]),
            "status": STATUS.get(row["status"], "active"),
            "minimum_age": None if pd.isna(row["min_age"]) else int(row["min_age"]),
            "maximum_age": None if pd.isna(row["max_age"]) else int(row["max_age"]),
            # HSDS 3.0's own field (not in the UK profile, whose schemas allow it): who can use the service, in plain
            # English.
            "eligibility_description": clean_text(row["eligibility"]),
            "assured_date": row["last_reviewed"],
            "alert": _alert(row),
            "last_modified": f"{row['last_reviewed']}T00:00:00Z",
            "organization": _organization(row),
        }
    )


def _attribute(service_id: str, taxonomy: Taxonomy, term: str) -> dict:
    body = term_body(taxonomy, term, dict(taxonomy.terms)[term])
    return {
        "id": ident("attribute", service_id, taxonomy.key, term),
        "link_id": service_id,
        "link_type": "service",
        "taxonomy_term_id": body["id"],
        "taxonomy_term": body,
    }


def _location(site, *, full: bool) -> dict:
    lid = ident("location", site["service_id"], site["site_id"])
    body = {"id": lid, "location_type": "physical", "name": site["site_name"]}
    if full:
        body["addresses"] = [
            {
                "id": ident("address", site["service_id"], site["site_id"]),
                "location_id": lid,
                "address_1": clean_text(site["address"]) or site["site_name"],
                "city": "London",
                "state_province": "Greater London",
                "postal_code": site["postcode"],
                "country": "GB",
                "address_type": "physical",
            }
        ]
    return body


def service_at_location(site, *, full: bool) -> dict:
    """A site of a service: its location alone (`full=False`, as lists show it) or with its address."""
    location = _location(site, full=full)
    return {
        "id": ident("service_at_location", site["service_id"], site["site_id"]),
        "service_id": ident("service", site["service_id"]),
        "location_id": location["id"],
        "location": location,
    }


def _service_areas(row, names: dict) -> list[dict]:
    sid = ident("service", row["service_id"])
    codes = [LONDON_GSS] if row["boroughs_covered"] == LONDON_WIDE else row["boroughs_covered"].split(";")
    return [
        {
            "id": ident("service_area", row["service_id"], code),
            "service_id": sid,
            "name": names.get(code, "London"),
            "extent_type": "GSS code",
            "extent": code,
            "uri": GSS_URI + code,
        }
        for code in codes
    ]


def _contacts(row) -> list[dict]:
    phone = clean_text(row["contact_phone"])
    if not phone:
        return []
    cid = ident("contact", row["service_id"])
    # phones under a contact, as HSDS 3.0 nests them (the UK profile's contact schema allows the field)
    return [
        {
            "id": cid,
            "service_id": ident("service", row["service_id"]),
            "name": f"{row['name']}: referrals and enquiries",
            "phones": [
                {
                    "id": ident("phone", row["service_id"]),
                    "contact_id": cid,
                    "number": phone,
                    "description": "Referrals and enquiries",
                }
            ],
        }
    ]


def _attributes(row, sites: pd.DataFrame) -> list[dict]:
    sid = ident("service", row["service_id"])
    area, routes, modes = TAXONOMIES
    out = [_attribute(sid, area, row["service_area"])] if row["service_area"] in SERVICE_AREAS else []
    out += [
        _attribute(sid, routes, r)
        for r in (clean_text(row["referral_routes"]) or "").split(";")
        if r in REFERRAL_ROUTES
    ]
    out += [_attribute(sid, modes, m) for m in dict.fromkeys(sites["delivery_mode"]) if m in DELIVERY_MODES]
    return out


def service_terms(row, sites: pd.DataFrame) -> frozenset[str]:
    """Ids of the taxonomy terms a service carries (for ?taxonomy_term_id=)."""
    return frozenset(a["taxonomy_term_id"] for a in _attributes(row, sites))


def full_service(row, sites: pd.DataFrame, names: dict) -> dict:
    """A fully nested service (compiled/service.json): organization, locations with addresses, contacts and
    phones, funding, service areas and taxonomy terms."""
    sid = ident("service", row["service_id"])
    at_site = sites[sites["delivery_mode"] == AT_A_SITE]
    return {
        **one_to_one(row),
        "service_areas": _service_areas(row, names),
        "service_at_locations": [service_at_location(s, full=True) for _, s in at_site.iterrows()],
        "contacts": _contacts(row),
        "funding": [
            {
                "id": ident("funding", row["service_id"]),
                "service_id": sid,
                "source": f"{row['commissioner']}: {row['funding_stream']}",
            }
        ],
        "attributes": _attributes(row, sites),
        "schedules": [],
        "languages": [],
        "cost_options": [],
    }
