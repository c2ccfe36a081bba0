"""Queries of the internal database's own tables (sql/internal.sql): provider detail, KPI
returns, spend against profile, cells hidden from the public. Plain functions of
(engine, release_id, filters), SQLAlchemy Core with bound parameters, cached per release
like dashboard/data/queries.py. Internal mode only: the public database has none of these tables."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from dashboard.data import cache, queries
from dashboard.data.queries import cached, read_frame
from dashboard.data.tables import table
from dashboard.data.vocabulary import ALL

# The ETL lists a suppressed cell in hidden_cells from this true count up (etl/performance.py's
# HIDDEN_CELL_MIN_VALUE: the dashboard cannot import etl, so a test keeps the two equal).
HIDDEN_CELL_MIN_VALUE = 20

provider_summary_table = table(
    "provider_summary",
    (
        "release_id",
        "programme_id",
        "provider_id",
        "financial_year",
        "participants",
        "referrals",
        "completions",
        "spend_gbp",
        "leavers",
    ),
)
findings_table = table(
    "data_quality_findings",
    (
        "release_id",
        "file",
        "row_number",
        "column_name",
        "value",
        "expected",
        "rule",
        "severity",
        "provider_id",
        "service_id",
    ),
)
providers_table = table(
    "providers", ("release_id", "provider_id", "name", "provider_type", "website", "public_contact")
)
kpi_returns_table = table(
    "kpi_returns",
    (
        "release_id",
        "kpi_id",
        "programme_id",
        "provider_id",
        "quarter",
        "due_date",
        "submitted_date",
        "days_late",
        "status",
    ),
)
spend_profile_table = table(
    "spend_profile",
    (
        "release_id",
        "programme_id",
        "financial_year",
        "month_index",
        "month",
        "budget_gbp",
        "profile_gbp",
        "profile_cumulative_gbp",
        "spend_gbp",
        "spend_cumulative_gbp",
    ),
)
spend_position_table = table(
    "spend_position",
    (
        "release_id",
        "programme_id",
        "financial_year",
        "months_elapsed",
        "budget_gbp",
        "profile_to_date_gbp",
        "spend_to_date_gbp",
        "variance_gbp",
        "variance_pct",
        "forecast_outturn_gbp",
        "forecast_variance_gbp",
        "forecast_variance_pct",
    ),
)
hidden_cells_table = table(
    "hidden_cells",
    (
        "release_id",
        "measure",
        "programme",
        "period",
        "borough",
        "age_band",
        "gender",
        "ethnicity",
        "value",
        "suppression",
    ),
)
reporting_position_table = table("reporting_position", ("release_id", "as_of", "financial_year", "quarter"))
TABLES = {
    t.name: t
    for t in (
        provider_summary_table,
        findings_table,
        kpi_returns_table,
        spend_profile_table,
        spend_position_table,
        hidden_cells_table,
        reporting_position_table,
    )
}


@cached
def findings(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    """The release's data-quality findings: what the ETL's validation found in the extracts."""
    t = findings_table
    return read_frame(engine, sa.select(t).where(t.c.release_id == release_id))


@cached
def reporting_position(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    """One row: the date, financial year and quarter the release reports on."""
    return queries.release_rows(engine, reporting_position_table, release_id)


@cached
def providers(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    t = providers_table
    return read_frame(
        engine,
        sa.select(t.c.provider_id, t.c.name, t.c.provider_type).where(t.c.release_id == release_id).order_by(t.c.name),
    )


def _of_programme(t: sa.TableClause, release_id: int, programme: str):
    """A release's rows of one programme (or of every programme: 'all')."""
    stmt = sa.select(t).where(t.c.release_id == release_id)
    return stmt if programme == ALL else stmt.where(t.c.programme_id == programme)


@cached
def provider_summary(
    engine: sa.Engine, release_id: int, *, programme: str = ALL, financial_year: str | None = None
) -> pd.DataFrame:
    t = provider_summary_table
    stmt = _of_programme(t, release_id, programme)
    if financial_year:
        stmt = stmt.where(t.c.financial_year == financial_year)
    return read_frame(engine, stmt.order_by(t.c.programme_id, t.c.provider_id, t.c.financial_year))


@cached
def kpi_returns(
    engine: sa.Engine,
    release_id: int,
    *,
    programme: str = ALL,
    quarter: str | None = None,
    financial_year: str | None = None,
) -> pd.DataFrame:
    t = kpi_returns_table
    stmt = _of_programme(t, release_id, programme)
    if quarter:
        stmt = stmt.where(t.c.quarter == quarter)
    if financial_year:
        stmt = stmt.where(t.c.quarter.like(f"{financial_year} Q%"))
    return read_frame(engine, stmt.order_by(t.c.programme_id, t.c.kpi_id, t.c.quarter))


@cached
def spend_profile(engine: sa.Engine, release_id: int, *, programme: str, financial_year: str) -> pd.DataFrame:
    t = spend_profile_table
    return read_frame(
        engine,
        sa.select(t)
        .where(t.c.release_id == release_id, t.c.programme_id == programme, t.c.financial_year == financial_year)
        .order_by(t.c.month_index),
    )


@cached
def spend_position(engine: sa.Engine, release_id: int, *, financial_year: str) -> pd.DataFrame:
    t = spend_position_table
    return read_frame(
        engine,
        sa.select(t)
        .where(t.c.release_id == release_id, t.c.financial_year == financial_year)
        .order_by(t.c.programme_id),
    )


@cached
def spend_years(engine: sa.Engine, release_id: int) -> list[str]:
    t = spend_position_table
    return sorted(
        read_frame(engine, sa.select(t.c.financial_year).where(t.c.release_id == release_id).distinct())[
            "financial_year"
        ]
    )


@cached
def hidden_cells(engine: sa.Engine, release_id: int, *, limit: int) -> pd.DataFrame:
    """The largest true counts the public release suppresses, largest first."""
    t = hidden_cells_table
    return read_frame(
        engine,
        sa.select(t)
        .where(t.c.release_id == release_id)
        .order_by(t.c.value.desc(), t.c.measure, t.c.programme, t.c.period, t.c.borough)
        .limit(limit),
    )


def hidden_cells_count(engine: sa.Engine, release_id: int) -> int:
    t = hidden_cells_table
    with engine.connect() as conn:
        return int(
            conn.execute(sa.select(sa.func.count()).select_from(t).where(t.c.release_id == release_id)).scalar_one()
        )


def built_page(name: str, key: tuple, build):
    """A page's built layout, cached like the filtered pages' contents (dashboard.data.cache). `key` holds the
    release id and only parameter values already checked against the release, never raw request text."""
    return cache.memoize(f"internal-page.{name}", key, build)
