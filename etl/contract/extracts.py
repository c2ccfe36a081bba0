"""The data contract: one validation schema per internal extract (one CSV file per table).

This module is the single written form of the contract. The validator runs these
schemas, the generator writes files that satisfy them, and the data dictionary
(docs/data-dictionary.md, and the app's data dictionary page) is rendered from
them; a test fails when the rendered dictionary and this module drift apart.

Every column carries a description; every check carries, as its error text, what
was expected, so a failure reads "expected: one of Female, Male, ...". The allowed
values are in etl/contract/vocabulary.py, the column types and checks in etl/contract/columns.py. This module
holds the programmes' extracts and the list of all; the register's are in `register_extracts`, funding and need in
`funding_extracts`.
Cross-file rules (foreign keys, date order, late returns) are listed in `etl.validation.rulebook`.
"""

from __future__ import annotations

from etl.contract.columns import (
    MAX_BUDGET_GBP,
    MAX_LEDGER_LINE_GBP,
    between,
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
    text,
)
from etl.contract.funding_extracts import FUNDING_OPPORTUNITIES, LCPF_ALLOCATIONS, NEED_INDICATORS
from etl.contract.register_extracts import SERVICE_REVIEWS, SERVICE_SITES, SERVICES
from etl.contract.table import Extract, extract
from etl.contract.vocabulary import (
    ETHNICITIES,
    EVIDENCE_RATINGS,
    FUNDING_STREAMS,
    GENDERS,
    KPI_DIRECTIONS,
    KPI_UNITS,
    PARTICIPANT_STATUSES,
    PRIORITY_AREAS,
    PROVIDER_TYPES,
    SPEND_CATEGORIES,
)

PROVIDERS = extract(
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

PROGRAMMES = extract(
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

PARTICIPANTS = extract(
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

KPI_DEFINITIONS = extract(
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

KPI_MEASUREMENTS = extract(
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

BUDGETS = extract(
    "budgets",
    row="a programme's budget for one financial year",
    key=["programme_id", "financial_year"],
    columns={
        "programme_id": text("programme_id (see programmes)."),
        "financial_year": text("Financial year, April to March, e.g. '2023-24'.", checks=financial_year()),
        "budget_gbp": number("Budget allocated, in pounds.", checks=positive(MAX_BUDGET_GBP, " pounds")),
    },
)

SPEND = extract(
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
