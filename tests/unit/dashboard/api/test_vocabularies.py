"""The open-data API's vocabularies (dashboard/api/vocabularies.py) against the ETL's and the schema's columns, with
no app."""

from __future__ import annotations

from dashboard.api import schema, vocabularies


def test_vocabularies_are_the_etls():
    """Given the API's fixed vocabularies (the dashboard may not import etl), when compared with the ETL's, then they
    are the same."""
    from etl import aggregate, pseudonymise
    from etl.contract import vocabulary

    assert vocabularies.MEASURES == aggregate.MEASURES
    assert vocabularies.AGE_BANDS == pseudonymise.AGE_BANDS
    for name in (
        "GENDERS",
        "ETHNICITIES",
        "PRIORITY_AREAS",
        "PROVIDER_TYPES",
        "FUNDING_STREAMS",
        "COMMISSIONERS",
        "SERVICE_AREAS",
        "KPI_UNITS",
        "KPI_DIRECTIONS",
        "RAG_RATINGS",
        "EVIDENCE_RATINGS",
    ):
        assert getattr(vocabularies, name) == getattr(vocabulary, name), name
    assert vocabularies.NEED_INDICATORS == vocabulary.NEED_INDICATOR_NAMES


def test_vocabularies_and_patterns_name_real_columns():
    """Given the hand-written vocabularies and patterns, then each names a column of its table (a typo would silently
    allow anything)."""
    tables = schema.tables()
    for table_name, column in (*vocabularies.COLUMN_ENUMS, *vocabularies.COLUMN_PATTERNS):
        assert column in [c.name for c in tables[table_name].columns], (table_name, column)


def test_api_vocabularies_are_the_etls():
    from etl.contract import vocabulary

    assert vocabularies.AWARD_TYPES == vocabulary.AWARD_TYPES
    assert set(vocabularies.REVIEW_CHANGES) == {
        "improved",
        "declined",
        "unchanged",
        "first_review",
        "no_previous_review",
        "not_reviewed",
    }
