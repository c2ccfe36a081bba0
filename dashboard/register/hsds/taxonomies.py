"""The register's published vocabularies as HSDS taxonomies and taxonomy terms (service areas, referral routes,
delivery modes), with their stable ids."""

from __future__ import annotations

import dataclasses

from dashboard.register.hsds.ids import ident

AT_A_SITE = "at a site"

# The register's published vocabularies (etl/contract/extracts.py; the dashboard cannot import etl,
# tests/unit/dashboard/register/hsds/test_taxonomies.py compares them).
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
