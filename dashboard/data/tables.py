"""The published tables the app reads, as lightweight SQLAlchemy tables for select(): the column
names of sql/schema.sql (tests/test_api.py and tests/test_renamed_columns.py compare them with the
schema). `TABLES` holds them by name for the open-data API, which serves them as they are."""

from __future__ import annotations

import sqlalchemy as sa


def table(name: str, columns: tuple[str, ...]) -> sa.TableClause:
    """A lightweight table for select(): the column names of sql/schema.sql (a test compares them)."""
    return sa.table(name, *[sa.column(c) for c in columns])


releases = table(
    "releases",
    (
        "release_id",
        "created_at",
        "input_digest",
        "rules",
        "cells_published",
        "cells_suppressed",
        "cells_suppressed_primary",
        "cells_suppressed_secondary",
        "audit_passed",
        "audit_detail",
        "warnings",
        "synthetic_data",
        "is_live",
        "note",
        "state",
        "publish_at",
        "published_at",
        "withdrawn_at",
        "withdrawal_reason",
        "pre_release_access",
        "content_digest",
    ),
)


published_counts = table(
    "published_counts",
    ("release_id", "measure", "programme", "period", "borough", "age_band", "gender", "ethnicity", "value", "status"),
)


programmes_table = table(
    "programmes",
    (
        "release_id",
        "programme_id",
        "name",
        "priority_area",
        "description",
        "lead_provider",
        "start_date",
        "end_date",
        "total_funding_gbp",
        "benefit_cost_ratio",
        "evidence_rating",
        "evaluation_url",
    ),
)


boroughs_table = table(
    "boroughs",
    (
        "release_id",
        "gss_code",
        "name",
        "inner_outer",
        "population_2021",
        "population_under15_2021",
        "ls_abbrev",
        "ls_col",
        "ls_row",
    ),
)


kpi_progress_table = table(
    "kpi_progress",
    (
        "release_id",
        "kpi_id",
        "programme_id",
        "priority_area",
        "name",
        "unit",
        "direction",
        "is_headline",
        "quarter",
        "value",
        "numerator",
        "denominator",
        "target",
        "amber_tolerance",
        "rag_rating",
        "rag_rule",
        "status",
    ),
)


spend_summary_table = table(
    "spend_summary",
    (
        "release_id",
        "programme_id",
        "financial_year",
        "borough",
        "provider_type",
        "budget_gbp",
        "spend_gbp",
        "participants",
        "participants_status",
        "cost_per_participant_gbp",
        "status",
    ),
)


borough_summary_table = table(
    "borough_summary",
    (
        "release_id",
        "programme_id",
        "period",
        "borough",
        "borough_name",
        "inner_outer",
        "population_2021",
        "participants",
        "participants_per_10k",
        "status",
    ),
)


lcpf_funding_table = table(
    "lcpf_funding",
    (
        "release_id",
        "borough_code",
        "borough_name",
        "inner_outer",
        "financial_year",
        "population_2021",
        "allocation_gbp",
        "allocation_per_head_gbp",
        "need_indicator",
        "need_value",
        "need_status",
        "need_per_10k",
        "allocation_per_need_gbp",
    ),
)


programme_summary_table = table(
    "programme_summary",
    (
        "release_id",
        "programme_id",
        "financial_year",
        "programmes_running",
        "participants",
        "participants_status",
        "participants_change",
        "participants_change_percent",
        "change_status",
        "kpi_quarter",
        "kpis",
        "kpis_on_track",
        "kpis_at_risk",
        "kpis_off_track",
        "kpis_not_rated",
        "budget_gbp",
        "spend_gbp",
        "spend_share",
    ),
)


lcpf_summary_table = table(
    "lcpf_summary",
    (
        "release_id",
        "financial_year",
        "need_indicator",
        "area",
        "borough_count",
        "allocation_gbp",
        "population_2021",
        "allocation_per_head_gbp",
        "need_value",
        "need_per_10k",
        "allocation_per_need_gbp",
    ),
)


services_table = table(
    "services",
    (
        "release_id",
        "service_id",
        "name",
        "provider_id",
        "provider_name",
        "provider_type",
        "website",
        "public_contact",
        "programme_id",
        "description",
        "service_area",
        "boroughs_covered",
        "commissioner",
        "funding_stream",
        "annual_value_gbp",
        "contract_start",
        "contract_end",
        "performance_measure",
        "performance_value",
        "performance_target",
        "rag_rating",
        "rag_rule",
        "last_reviewed",
        "min_age",
        "max_age",
        "eligibility",
        "referral_routes",
        "contact_phone",
        "contact_email",
        "contact_url",
        "status",
        "owning_team",
        "next_review_date",
        "award_type",
    ),
)


funding_opportunities_table = table(
    "funding_opportunities",
    (
        "release_id",
        "opportunity_id",
        "title",
        "service_area",
        "boroughs_covered",
        "commissioner",
        "total_value_gbp",
        "opens",
        "closes",
        "url",
    ),
)


service_sites_table = table(
    "service_sites", ("release_id", "service_id", "site_id", "delivery_mode", "site_name", "address", "postcode")
)


service_reviews_table = table(
    "service_reviews",
    (
        "release_id",
        "service_id",
        "period",
        "period_start",
        "period_end",
        "reviewed",
        "review_date",
        "performance_value",
        "performance_target",
        "rag_rating",
        "rag_rule",
        "previous_period",
        "previous_rating",
        "change",
    ),
)

# Every table by name: the open-data API's datasets (dashboard/api/rows.py) and the internal API's.
TABLES = {
    t.name: t
    for t in (
        releases,
        published_counts,
        programmes_table,
        boroughs_table,
        kpi_progress_table,
        spend_summary_table,
        borough_summary_table,
        programme_summary_table,
        lcpf_funding_table,
        lcpf_summary_table,
        services_table,
        funding_opportunities_table,
        service_sites_table,
        service_reviews_table,
    )
}
