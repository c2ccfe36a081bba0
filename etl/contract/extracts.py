"""The data contract: one validation schema per internal extract (one CSV file per table).

This module is the single written form of the contract. The validator runs these
schemas, the generator writes files that satisfy them, and the data dictionary
(docs/data-dictionary.md, and the app's data dictionary page) is rendered from
them; a test fails when the rendered dictionary and this module drift apart.

Every column carries a description; every check carries, as its error text, what
was expected, so a failure reads "expected: one of Female, Male, ...". The allowed
values are in etl/contract/vocabulary.py, the column types and checks in etl/contract/columns.py.
Cross-file rules (foreign keys, date order, late returns) are listed in `etl.validation.rulebook`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandera.pandas as pa

from etl.contract.columns import (
    between,
    boroughs_covered,
    date,
    financial_year,
    flag,
    gss_code,
    integer,
    number,
    one_of,
    pattern,
    positive,
    quarter,
    referral_routes,
    review_period,
    text,
)
from etl.contract.vocabulary import (
    AT_A_SITE,
    AWARD_TYPES,
    COMMISSIONERS,
    DELIVERY_MODES,
    ETHNICITIES,
    EVIDENCE_RATINGS,
    FUNDING_STREAMS,
    GENDERS,
    KPI_DIRECTIONS,
    KPI_UNITS,
    LISTED_STATUSES,
    LONDON_WIDE,
    NEED_INDICATOR_NAMES,
    PARTICIPANT_STATUSES,
    PRIORITY_AREAS,
    PROVIDER_TYPES,
    RAG_RATINGS,
    REFERRAL_ROUTES,
    SERVICE_AREAS,
    SPEND_CATEGORIES,
)

# Ages a service may name: from birth (parenting services) to the oldest carers.
MAX_SERVICE_AGE = 120

# Amounts above these are taken to be keying errors (pence typed as pounds, extra zeros).
MAX_LEDGER_LINE_GBP = 5_000_000  # larger than any single VRU payment published to date
MAX_BUDGET_GBP = 100_000_000  # larger than MOPAC's whole commissioning budget (about £90m)
MAX_ALLOCATION_GBP = 50_000_000  # larger than a whole LCPF round across London


@dataclass(frozen=True)
class Extract:
    """One table of the contract: its file, what one row is, its key and its schema."""

    name: str
    row: str
    key: tuple[str, ...]
    schema: pa.DataFrameSchema
    may_be_empty: bool = False

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)

    @property
    def flags(self) -> list[str]:
        return [name for name, col in self.schema.columns.items() if (col.metadata or {}).get("flag")]


def _schema(name: str, columns: dict[str, pa.Column], key: Sequence[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, strict=True, unique=list(key), name=name, report_duplicates="all")


def _extract(
    name: str, *, row: str, key: Sequence[str], columns: dict[str, pa.Column], may_be_empty: bool = False
) -> Extract:
    return Extract(name=name, row=row, key=tuple(key), schema=_schema(name, columns, key), may_be_empty=may_be_empty)


PROVIDERS = _extract(
    "providers",
    row="an organisation that delivers a programme or a commissioned service",
    key=["provider_id"],
    columns={
        "provider_id": text(
            "Provider's identifier in the VRU's grants system.", checks=pattern(r"^PRV\d{3}$", "PRV001")
        ),
        "name": text("Registered name of the organisation."),
        "provider_type": text("Kind of organisation.", checks=one_of(PROVIDER_TYPES)),
        "website": text("Public website address.", nullable=True, checks=pattern(r"^https://", "https://example.org")),
        "public_contact": text(
            "Public contact e-mail address or telephone number for referrals and enquiries.", nullable=True
        ),
        "organisation_id": text(
            "The organisation's identifier in the Organisation Identifier standard (org-id.guide), e.g. GB-CHC-1234567 "
            "for a registered "
            "charity or GB-COH-01234567 for a company; empty where none is known.",
            nullable=True,
            checks=pattern(r"^[A-Z]{2}-[A-Z0-9]{2,}-\S+$", "GB-CHC-1234567"),
        ),
    },
)

PROGRAMMES = _extract(
    "programmes",
    row="a VRU programme",
    key=["programme_id"],
    columns={
        "programme_id": text(
            "Short identifier used in URLs, e.g. 'divert'.", checks=pattern(r"^[a-z][a-z0-9-]{1,39}$", "divert")
        ),
        "name": text("Programme name as published."),
        "priority_area": text("The VRU priority area the programme serves.", checks=one_of(PRIORITY_AREAS)),
        "description": text("One or two plain-English sentences on what the programme does."),
        "lead_provider_id": text("provider_id of the lead delivery partner (see providers)."),
        "start_date": date("Date the programme began delivery."),
        "end_date": date("Date delivery ends or ended; empty while open-ended.", nullable=True),
        "total_funding_gbp": number(
            "Total funding committed over the programme's life, in pounds.", checks=positive(MAX_BUDGET_GBP, " pounds")
        ),
        "benefit_cost_ratio": number(
            "Benefits per pound spent, from an independent evaluation; empty where none exists.",
            nullable=True,
            checks=between(0, 100),
        ),
        "evidence_rating": text(
            "Strength of the evaluation's evidence; empty where none exists.",
            nullable=True,
            checks=one_of(EVIDENCE_RATINGS),
        ),
        "evaluation_url": text(
            "Where the evaluation is published.",
            nullable=True,
            checks=pattern(r"^https://", "https://example.org/evaluation"),
        ),
    },
)

PARTICIPANTS = _extract(
    "participants",
    row="one referral of a young person (or parent or carer) to a programme (person-level, never published)",
    key=["referral_id"],
    columns={
        "referral_id": text(
            "Provider's reference for this referral.", checks=pattern(r"^[A-Z0-9-]{4,40}$", "PRV001-000123")
        ),
        "participant_ref": text(
            "The VRU case reference of the person, the same across programmes and years. Replaced by a keyed hash in "
            "the ETL; never stored.",
            checks=pattern(r"^[A-Z0-9]{6,20}$", "YP00012345"),
        ),
        "programme_id": text("programme_id of the programme referred to (see programmes)."),
        "provider_id": text("provider_id of the organisation delivering the support (see providers)."),
        "borough_code": text("GSS code of the borough the person lives in.", checks=gss_code()),
        "date_of_birth": date("Date of birth; used only to derive the age band at referral."),
        "gender": text("Gender as recorded by the provider.", checks=one_of(GENDERS)),
        "ethnicity": text(
            "Ethnic group (ONS Census 2021 high-level groups) or 'Not stated'.", checks=one_of(ETHNICITIES)
        ),
        "referral_date": date("Date the referral was received."),
        "start_date": date("Date support started; empty if it has not started.", nullable=True),
        "end_date": date("Date support ended; empty while active or not started.", nullable=True),
        "status": text("Where the referral stands at the extract date.", checks=one_of(PARTICIPANT_STATUSES)),
        "outcome_positive": flag(
            "Whether the programme's main outcome was achieved at closure (true/false); empty until closure.",
            nullable=True,
        ),
    },
)

KPI_DEFINITIONS = _extract(
    "kpi_definitions",
    row="a key performance indicator (KPI) of a programme",
    key=["kpi_id"],
    columns={
        "kpi_id": text(
            "KPI identifier, e.g. 'divert-rearrest-12m'.",
            checks=pattern(r"^[a-z][a-z0-9-]{1,59}$", "divert-rearrest-12m"),
        ),
        "programme_id": text("programme_id of the programme the KPI measures (see programmes)."),
        "name": text("What the KPI measures, in plain English."),
        "unit": text(
            "'percent' (a rate with numerator and denominator), 'count' (people) or 'score'.", checks=one_of(KPI_UNITS)
        ),
        "direction": text("Whether higher or lower values are better.", checks=one_of(KPI_DIRECTIONS)),
        "target": number("Target value for each quarter, in the KPI's unit.", checks=between(0, 1_000_000)),
        "amber_tolerance": number(
            "How far short of target, as a fraction of the target, still counts as amber (0.1 = within 10%).",
            checks=between(0, 1),
        ),
        "is_headline": flag("true for the one headline KPI of its priority area, otherwise false."),
    },
)

KPI_MEASUREMENTS = _extract(
    "kpi_measurements",
    row="a provider's return of one KPI for one quarter",
    key=["kpi_id", "quarter"],
    columns={
        "kpi_id": text("kpi_id of the KPI (see kpi_definitions)."),
        "quarter": text("Quarter the value covers, e.g. '2023-24 Q1' (April to June 2023).", checks=quarter()),
        "value": number("Measured value in the KPI's unit.", checks=between(0, 1_000_000)),
        "numerator": integer("For a percent: people meeting the measure.", nullable=True, checks=between(0, 1_000_000)),
        "denominator": integer(
            "For a percent: people the measure applies to; for a score: people who answered.",
            nullable=True,
            checks=between(0, 1_000_000),
        ),
        "provider_id": text("provider_id of the organisation that made the return (see providers)."),
        "submitted_date": date("Date the return reached the VRU; returns are due 30 days after the quarter ends."),
    },
)

BUDGETS = _extract(
    "budgets",
    row="a programme's budget for one financial year",
    key=["programme_id", "financial_year"],
    columns={
        "programme_id": text("programme_id (see programmes)."),
        "financial_year": text("Financial year, April to March, e.g. '2023-24'.", checks=financial_year()),
        "budget_gbp": number("Budget allocated, in pounds.", checks=positive(MAX_BUDGET_GBP, " pounds")),
    },
)

SPEND = _extract(
    "spend",
    row="one line of the spend ledger (a payment)",
    key=["spend_id"],
    columns={
        "spend_id": text("Ledger line identifier.", checks=pattern(r"^SP\d{6,9}$", "SP000123")),
        "payment_date": date("Date of payment."),
        "programme_id": text("programme_id the payment is for (see programmes)."),
        "provider_id": text("provider_id paid (see providers)."),
        "borough_code": text(
            "GSS code of the borough the spend can be attributed to; empty when it cannot.",
            nullable=True,
            checks=gss_code(),
        ),
        "category": text("What the money paid for.", checks=one_of(SPEND_CATEGORIES)),
        "funding_stream": text("Where the money came from.", checks=one_of(FUNDING_STREAMS)),
        "amount_gbp": number("Amount paid, in pounds.", checks=positive(MAX_LEDGER_LINE_GBP, " pounds")),
    },
)

SERVICES = _extract(
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

SERVICE_SITES = _extract(
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


SERVICE_REVIEWS = _extract(
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

FUNDING_OPPORTUNITIES = _extract(
    "funding_opportunities",
    row="a funding round open, upcoming or closed",
    key=["opportunity_id"],
    may_be_empty=True,
    columns={
        "opportunity_id": text("Funding round identifier.", checks=pattern(r"^FO\d{3,6}$", "FO001")),
        "title": text("Title of the funding round."),
        "service_area": text("Area of work funded.", checks=one_of(SERVICE_AREAS)),
        "boroughs": text(
            f"'{LONDON_WIDE}' or the GSS codes of eligible boroughs, separated by ';'.", checks=boroughs_covered()
        ),
        "commissioner": text("Who runs the round.", checks=one_of(COMMISSIONERS)),
        "total_value_gbp": number("Total money available, in pounds.", checks=positive(MAX_BUDGET_GBP, " pounds")),
        "opens": date("Date applications open."),
        "closes": date("Date applications close."),
        "url": text("Where to read more and apply.", checks=pattern(r"^https://", "https://example.org/apply")),
    },
)

LCPF_ALLOCATIONS = _extract(
    "lcpf_allocations",
    row="a borough's London Crime Prevention Fund allocation for one financial year",
    key=["borough_code", "financial_year"],
    columns={
        "borough_code": text("GSS code of the borough.", checks=gss_code()),
        "financial_year": text("Financial year, e.g. '2023-24'.", checks=financial_year()),
        "allocation_gbp": number("Direct LCPF allocation, in pounds.", checks=positive(MAX_ALLOCATION_GBP, " pounds")),
    },
)

NEED_INDICATORS = _extract(
    "need_indicators",
    row="a need indicator for one borough and financial year",
    key=["borough_code", "financial_year", "indicator"],
    columns={
        "borough_code": text("GSS code of the borough.", checks=gss_code()),
        "financial_year": text("Financial year, e.g. '2023-24'.", checks=financial_year()),
        "indicator": text(
            "Which indicator: 'violence_with_injury' = police-recorded violence-with-injury offences.",
            checks=one_of(NEED_INDICATOR_NAMES),
        ),
        "value": integer("Number of offences recorded in the year.", checks=between(0, 1_000_000)),
    },
)

EXTRACTS: tuple[Extract, ...] = (
    PROVIDERS,
    PROGRAMMES,
    PARTICIPANTS,
    KPI_DEFINITIONS,
    KPI_MEASUREMENTS,
    BUDGETS,
    SPEND,
    SERVICES,
    SERVICE_SITES,
    SERVICE_REVIEWS,
    FUNDING_OPPORTUNITIES,
    LCPF_ALLOCATIONS,
    NEED_INDICATORS,
)
BY_NAME = {e.name: e for e in EXTRACTS}
