"""The services register as Human Services Data Specification (HSDS 3.0, Open Referral UK profile) objects.

Plain functions of the published `services`, `service_sites` and `boroughs` tables of one release
(DataFrames in, JSON-ready dicts out); dashboard/register/openreferral.py serves them. Nothing here reads a
database or a request, so tests build a feed from three-row frames.

Identifiers are UUID v5 of one fixed namespace and the register's own keys ("service:SVC001",
"site:SVC001:S1"), so a record keeps its id across releases and a borough directory that has
imported it updates it rather than adding a copy.
"""

from __future__ import annotations

import dataclasses
import math
import uuid

import pandas as pd

# Fixed for good: changing it would give every record a new id in every directory that imported the feed.
NAMESPACE = uuid.UUID("4ca57725-98f6-5d80-9728-886fcc181b5a")  # uuid5(NAMESPACE_URL, the VRU's Open Referral page)
LONDON_WIDE = "London-wide"
LONDON_GSS = "E12000007"  # the London region's GSS code: the service area of a London-wide service
GSS_URI = "http://statistics.data.gov.uk/id/statistical-geography/"
AT_A_SITE = "at a site"

# The register's published vocabularies (etl/contract/extracts.py; the dashboard cannot import etl,
# tests/unit/dashboard/register/test_hsds.py compares them).
SERVICE_AREAS = (
    "Youth work",
    "Mentoring",
    "Exploitation support",
    "Custody and hospital intervention",
    "Parenting and families",
    "Schools",
    "Community projects",
    "Victim support",
)
REFERRAL_ROUTES = ("self-referral", "family", "professional", "police", "school")
DELIVERY_MODES = ("outreach across the boroughs covered", "online", "in custody suites", "in hospitals", "in schools")
REFERRAL_WORDS = {
    "self-referral": "Self-referral",
    "family": "Referral by a family member",
    "professional": "Referral by a professional",
    "police": "Referral by the police",
    "school": "Referral by a school",
}


@dataclasses.dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    terms: tuple[tuple[str, str], ...]  # (term key, description)

    @property
    def id(self) -> str:
        return ident("taxonomy", self.key)


TAXONOMIES = (
    Taxonomy(
        "service-area",
        "London VRU service areas",
        "The area of work of a service commissioned by MOPAC or the London VRU.",
        tuple((a, f"Commissioned services in the area of work '{a}'.") for a in SERVICE_AREAS),
    ),
    Taxonomy(
        "referral-route",
        "London VRU referral routes",
        "How people get into a commissioned service.",
        tuple((r, REFERRAL_WORDS[r] + ".") for r in REFERRAL_ROUTES),
    ),
    Taxonomy(
        "delivery-mode",
        "London VRU delivery modes",
        "How a commissioned service is delivered when not (only) at a site of its own.",
        tuple((m, f"Delivered {m}.") for m in DELIVERY_MODES),
    ),
)
# HSDS service status: an ending contract still runs; an ended one is not running (it may be recommissioned).
STATUS = {"active": "active", "ending": "active", "ended": "inactive"}


def ident(kind: str, *keys: str) -> str:
    """The stable id of a record: UUID v5 of the namespace and its kind and register keys."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *keys))))


def term_id(taxonomy_key: str, term: str) -> str:
    return ident("taxonomy_term", taxonomy_key, term)


def taxonomy_body(taxonomy: Taxonomy) -> dict:
    return {"id": taxonomy.id, "name": taxonomy.name, "description": taxonomy.description, "version": "1"}


def term_body(taxonomy: Taxonomy, term: str, description: str) -> dict:
    return {
        "id": term_id(taxonomy.key, term),
        "name": term,
        "description": description,
        "taxonomy": taxonomy.name,
        "taxonomy_id": taxonomy.id,
        "term": term,
    }


def all_terms() -> list[dict]:
    return [term_body(t, term, description) for t in TAXONOMIES for term, description in t.terms]


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _drop_empty(body: dict) -> dict:
    """HSDS leaves unknown fields out rather than null (the schemas type them as strings and numbers)."""
    return {k: v for k, v in body.items() if v is not None}


def _organization(row) -> dict:
    email = _text(row["public_contact"])
    return _drop_empty(
        {
            "id": ident("organization", row["provider_id"]),
            "name": row["provider_name"],
            "description": f"{row['provider_type']} delivering services commissioned by MOPAC and the London VRU.",
            "website": _text(row["website"]),
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


def _one_to_one(row) -> dict:
    """The service's own fields: what /services lists (compiled/service_list.json)."""
    sid = ident("service", row["service_id"])
    return _drop_empty(
        {
            "id": sid,
            "organization_id": ident("organization", row["provider_id"]),
            "name": row["name"],
            "description": row["description"],
            "url": _text(row["contact_url"]) or _text(row["website"]),
            "email": _text(row["contact_email"]),
            "status": STATUS.get(row["status"], "active"),
            "minimum_age": None if pd.isna(row["min_age"]) else int(row["min_age"]),
            "maximum_age": None if pd.isna(row["max_age"]) else int(row["max_age"]),
            # HSDS 3.0's own field (not in the UK profile, whose schemas allow it): who can use the service, in plain
            # English.
            "eligibility_description": _text(row["eligibility"]),
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
                "address_1": _text(site["address"]) or site["site_name"],
                "city": "London",
                "state_province": "Greater London",
                "postal_code": site["postcode"],
                "country": "GB",
                "address_type": "physical",
            }
        ]
    return body


def _service_at_location(site, *, full: bool) -> dict:
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
    phone = _text(row["contact_phone"])
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
        _attribute(sid, routes, r) for r in (_text(row["referral_routes"]) or "").split(";") if r in REFERRAL_ROUTES
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
        **_one_to_one(row),
        "service_areas": _service_areas(row, names),
        "service_at_locations": [_service_at_location(s, full=True) for _, s in at_site.iterrows()],
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


@dataclasses.dataclass(frozen=True)
class Record:
    """One service of the feed, with what its list filters need."""

    full: dict
    summary: dict
    terms: frozenset[str]
    boroughs: tuple[str, ...]  # GSS codes covered ("London-wide" covers every borough)
    text: str  # lower-case words searched by ?search=


@dataclasses.dataclass(frozen=True)
class Feed:
    release_id: int
    services: dict[str, Record]  # by HSDS id, in the register's order (by name)
    service_at_locations: dict[str, tuple[dict, dict, Record]]  # id -> (list form, full form, its service)


def build(services: pd.DataFrame, sites: pd.DataFrame, boroughs: pd.DataFrame, *, release_id: int) -> Feed:
    """The whole feed of one release: every service of the register, and every site of each."""
    names = dict(zip(boroughs["gss_code"], boroughs["name"]))
    # not dict(groupby): a GroupBy has a .keys attribute, which dict() would call
    by_service = {k: g for k, g in sites.groupby("service_id")} if len(sites) else {}  # noqa: C416
    empty = sites.iloc[0:0]
    records, sals = {}, {}
    for _, row in services.sort_values(["name", "service_id"]).iterrows():
        own = by_service.get(row["service_id"], empty)
        full = full_service(row, own, names)
        summary = _one_to_one(row)
        covered = (
            ("London-wide",) if row["boroughs_covered"] == LONDON_WIDE else tuple(row["boroughs_covered"].split(";"))
        )
        text = " ".join(
            [
                row["name"],
                row["description"],
                row["provider_name"],
                row["service_area"],
                _text(row["eligibility"]) or "",
            ]
        ).lower()
        record = Record(full, summary, service_terms(row, own), covered, text)
        records[full["id"]] = record
        without_sites = {k: v for k, v in full.items() if k != "service_at_locations"}
        for _, site in own[own["delivery_mode"] == AT_A_SITE].iterrows():
            listed = {**_service_at_location(site, full=False), "service": summary}
            nested = {**_service_at_location(site, full=True), "service": without_sites}
            sals[listed["id"]] = (listed, nested, record)
    return Feed(release_id, records, sals)


def covers(record: Record, boroughs: tuple[str, ...]) -> bool:
    return record.boroughs == ("London-wide",) or any(b in record.boroughs for b in boroughs)


def matches(
    record: Record,
    *,
    words=(),
    term: str | None = None,
    taxonomy: str | None = None,
    minimum_age=None,
    maximum_age=None,
    modified_after: str | None = None,
    organization: str | None = None,
) -> bool:
    """The profile's list filters: every word in the service's text; a taxonomy term, or any term of a taxonomy;
    a minimum age of at least `minimum_age`, a maximum age of at most `maximum_age` (the profile's definitions);
    modified on or after a date-time; provided by an organisation."""
    s = record.summary
    if any(w not in record.text for w in words):
        return False
    if term is not None and term not in record.terms:
        return False
    if taxonomy is not None:
        t = next((t for t in TAXONOMIES if t.id == taxonomy), None)
        if t is None or not any(term_id(t.key, name) in record.terms for name, _ in t.terms):
            return False
    if minimum_age is not None and not ("minimum_age" in s and s["minimum_age"] >= minimum_age):
        return False
    if maximum_age is not None and not ("maximum_age" in s and s["maximum_age"] <= maximum_age):
        return False
    if modified_after is not None and s["last_modified"] < modified_after:
        return False
    return not (organization is not None and s["organization_id"] != organization)


def page(items: list, *, number: int, size: int) -> dict:
    """The profile's page: total_items, total_pages, page_number, size (items on this page), first/last page, empty."""
    total = len(items)
    pages = max(1, math.ceil(total / size))
    contents = items[(number - 1) * size : number * size]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not contents,
        "contents": contents,
    }
