"""The data contract's services register: the services MOPAC and the VRU commission, where they are met, and
the reviews that rate them (published as Open Referral UK and in the searchable directory)."""

from __future__ import annotations

from etl.contract.columns import (
    MAX_BUDGET_GBP,
    MAX_SERVICE_AGE,
    between,
    boroughs_covered,
    date,
    integer,
    number,
    one_of,
    pattern,
    positive,
    referral_routes,
    review_period,
    text,
)
from etl.contract.table import extract
from etl.contract.vocabulary import (
    AT_A_SITE,
    AWARD_TYPES,
    COMMISSIONERS,
    DELIVERY_MODES,
    FUNDING_STREAMS,
    LISTED_STATUSES,
    LONDON_WIDE,
    RAG_RATINGS,
    REFERRAL_ROUTES,
    SERVICE_AREAS,
)

SERVICES = extract(
    "services",
    row="a service commissioned by MOPAC or the VRU (the commissioned-services register)",
    key=["service_id"],
    columns={
        "service_id": text("Register identifier.", checks=pattern(r"^SVC\d{3,6}$", "SVC001")),
        "name": text("Service name as published."),
        "provider_id": text("provider_id of the organisation delivering it (see providers)."),
        "programme_id": text("programme_id the service belongs to, if any (see programmes).", nullable=True),
        "description": text("What the service does, in plain English."),
        "service_area": text("Area of work.", checks=one_of(SERVICE_AREAS)),
        "boroughs_covered": text(
            f"'{LONDON_WIDE}' or the GSS codes of the boroughs covered, separated by ';'.", checks=boroughs_covered()
        ),
        "commissioner": text("Who commissioned the service.", checks=one_of(COMMISSIONERS)),
        "funding_stream": text("Where the money comes from.", checks=one_of(FUNDING_STREAMS)),
        "annual_value_gbp": number("Contract value per year, in pounds.", checks=positive(MAX_BUDGET_GBP, " pounds")),
        "contract_start": date("Contract start date."),
        "contract_end": date("Contract end date."),
        "performance_measure": text("The service's main performance measure."),
        "performance_value": number(
            "Latest value of the performance measure.", nullable=True, checks=between(0, 1_000_000)
        ),
        "performance_target": number(
            "Target for the performance measure.", nullable=True, checks=between(0, 1_000_000)
        ),
        "rag_rating": text("Latest red-amber-green rating from contract management.", checks=one_of(RAG_RATINGS)),
        "rag_rule": text("The rule that produced the rating, in plain English."),
        "last_reviewed": date("Date the record was last checked with the provider."),
        # Who can use it, how to get in and who keeps the record current: what a borough directory needs.
        "min_age": integer("Youngest age the service takes, in years.", checks=between(0, MAX_SERVICE_AGE)),
        "max_age": integer(
            "Oldest age the service takes, in years (at least min_age).", checks=between(0, MAX_SERVICE_AGE)
        ),
        "eligibility": text(
            "Who can use the service, in plain English (e.g. 'Young people aged 10 to 17 living in Lambeth')."
        ),
        "referral_routes": text(
            "How people get in, separated by ';': " + ", ".join(REFERRAL_ROUTES) + ".", checks=referral_routes()
        ),
        "contact_phone": text(
            "Public telephone number for referrals and enquiries.",
            nullable=True,
            checks=pattern(r"^(0|\+44 ?)[0-9]{2,4} ?[0-9]{3,4} ?[0-9]{3,4}$", "020 7946 0123"),
        ),
        "contact_email": text(
            "Public e-mail address for referrals and enquiries.",
            nullable=True,
            checks=pattern(r"^[^@\s;,]+@[^@\s;,]+\.[A-Za-z]{2,}$", "referrals@example.org"),
        ),
        "contact_url": text(
            "Web address of the referral form or the service's page.",
            nullable=True,
            checks=pattern(r"^https://", "https://example.org/refer"),
        ),
        "listed_status": text(
            "Whether the commissioning team lists the service as running; the published status is derived from the "
            "contract dates.",
            checks=one_of(LISTED_STATUSES),
        ),
        "owning_team": text("The commissioning team that owns the record and keeps it up to date."),
        "next_review_date": date("Date the owning team is next due to check the record with the provider."),
        "award_type": text(
            "How the service is paid for: 'grant' (a grant award, published as 360Giving data) or 'contract' "
            "(procured; not a grant).",
            checks=one_of(AWARD_TYPES),
        ),
    },
)

SERVICE_SITES = extract(
    "service_sites",
    row="a place or way in which a commissioned service is delivered (one or more per service); only public delivery "
    "addresses, never a refuge or a home",
    key=["service_id", "site_id"],
    columns={
        "service_id": text("service_id of the service (see services)."),
        "site_id": text(
            "The site's identifier within the service, kept the same across extracts.",
            checks=pattern(r"^[A-Z0-9-]{1,20}$", "S1"),
        ),
        "delivery_mode": text(
            f"'{AT_A_SITE}' for a named place with a postcode, or how the service is delivered without one.",
            checks=one_of(DELIVERY_MODES),
        ),
        "site_name": text(f"Name of the place; required when delivery_mode is '{AT_A_SITE}'.", nullable=True),
        "address": text("Street address of the place, without the postcode.", nullable=True),
        "postcode": text(
            f"Full UK postcode of the place, in capitals with one space; required when delivery_mode is '{AT_A_SITE}'.",
            nullable=True,
            checks=pattern(r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$", "SW9 8QB"),
        ),
    },
)


SERVICE_REVIEWS = extract(
    "service_reviews",
    row="a contract-management review of one commissioned service for one six-monthly period",
    key=["service_id", "period"],
    columns={
        "service_id": text("service_id of the service reviewed (see services)."),
        "period": text(
            "The half of the financial year reviewed: 'H1' is April to September, 'H2' October to March, e.g. '2025-26 "
            "H1'.",
            checks=review_period(),
        ),
        "review_date": date("Date of the review meeting; on or after the end of the period."),
        "performance_value": number(
            "Value of the service's performance measure over the period; empty when the provider made no return.",
            nullable=True,
            checks=between(0, 1_000_000),
        ),
        "performance_target": number(
            "Target for the performance measure in the period.", nullable=True, checks=between(0, 1_000_000)
        ),
        "rag_rating": text("Red-amber-green rating given at the review.", checks=one_of(RAG_RATINGS)),
        "rag_rule": text("The rule that produced the rating, in plain English."),
        "reviewer_note": text(
            "The contract manager's short note on the review. Internal: never published.", nullable=True
        ),
    },
)
