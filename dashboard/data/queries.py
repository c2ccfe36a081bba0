"""Queries: plain functions of (engine, release_id, filters) returning DataFrames.

SQLAlchemy Core `select()` with bound parameters over the tables of sql/schema.sql
(their columns in dashboard/data/tables.py). Results are cached per release
(dashboard/data/cache.py): `release_id` is part of every cache key, so a new release is read
afresh without a restart. Nothing here sums, differences or re-aggregates published cells.
"""

from __future__ import annotations

import functools

import pandas as pd
import sqlalchemy as sa

from dashboard.data import cache
from dashboard.data.db import DatabaseUnavailable
from dashboard.data.tables import (
    borough_summary_table,
    boroughs_table,
    funding_opportunities_table,
    kpi_progress_table,
    lcpf_funding_table,
    lcpf_summary_table,
    programme_summary_table,
    programmes_table,
    published_counts,
    releases,
    service_sites_table,
    services_table,
    spend_summary_table,
)
from dashboard.data.vocabulary import ALL

BREAKDOWNS = ("borough", "age_band", "gender", "ethnicity")


def read_frame(engine: sa.Engine, statement) -> pd.DataFrame:
    """The rows of `statement` as a DataFrame, on a connection of its own (closed before returning)."""
    with engine.connect() as conn:
        result = conn.execute(statement)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def release_rows(
    engine: sa.Engine, table: sa.TableClause, release_id: int, *, order_by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Every row of `table` in the release, in the order of the columns named (the many one-table lists of the app)."""
    statement = sa.select(table).where(table.c.release_id == release_id).order_by(*[table.c[c] for c in order_by])
    return read_frame(engine, statement)


def cached(func):
    """Cache per (app, release, filters) in dashboard.data.cache: every query below takes the
    release id, so a new release is read afresh. Callers get a copy they may change."""

    @functools.wraps(func)
    def wrapper(engine: sa.Engine, *args, **kwargs):
        value = cache.memoize(
            f"query.{func.__name__}", (args, tuple(sorted(kwargs.items()))), lambda: func(engine, *args, **kwargs)
        )
        return value.copy()  # DataFrame.copy or list.copy

    return wrapper


def live_release(engine: sa.Engine) -> dict:
    """The live release (not cached: a new release must show at once)."""
    try:
        frame = read_frame(engine, sa.select(releases).where(releases.c.is_live == sa.true()))
    except sa.exc.OperationalError as err:
        raise DatabaseUnavailable(f"cannot read the releases table: {err.orig}") from err
    if frame.empty:
        raise DatabaseUnavailable("the database has no live release: run the ETL first")
    return frame.iloc[0].to_dict()


def release_by_id(engine: sa.Engine, release_id: int) -> dict | None:
    """An earlier (or the live) release, for views pinned with ?release=N (not cached: is_live can change)."""
    frame = read_frame(engine, sa.select(releases).where(releases.c.release_id == release_id))
    return None if frame.empty else frame.iloc[0].to_dict()


@cached
def programmes(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    return release_rows(engine, programmes_table, release_id, order_by=("name",))


@cached
def boroughs(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    return release_rows(engine, boroughs_table, release_id, order_by=("name",))


@cached
def count(
    engine: sa.Engine, release_id: int, *, measure: str, programme: str, period: str, borough: str = ALL
) -> pd.DataFrame:
    """One published cell (a total, or a borough's total): columns value, status."""
    t = published_counts
    stmt = sa.select(t.c.value, t.c.status).where(
        t.c.release_id == release_id,
        t.c.measure == measure,
        t.c.programme == programme,
        t.c.period == period,
        t.c.borough == borough,
        t.c.age_band == ALL,
        t.c.gender == ALL,
        t.c.ethnicity == ALL,
    )
    return read_frame(engine, stmt)


@cached
def trend(
    engine: sa.Engine, release_id: int, *, measure: str, programme: str, periods: tuple[str, ...], borough: str = ALL
) -> pd.DataFrame:
    """Totals over the given periods: columns period, value, status (in the order given)."""
    t = published_counts
    stmt = sa.select(t.c.period, t.c.value, t.c.status).where(
        t.c.release_id == release_id,
        t.c.measure == measure,
        t.c.programme == programme,
        t.c.period.in_(periods),
        t.c.borough == borough,
        t.c.age_band == ALL,
        t.c.gender == ALL,
        t.c.ethnicity == ALL,
    )
    frame = read_frame(engine, stmt)
    order = {p: i for i, p in enumerate(periods)}
    return frame.sort_values("period", key=lambda s: s.map(order)).reset_index(drop=True)


@cached
def breakdown(
    engine: sa.Engine, release_id: int, *, measure: str, programme: str, period: str, dimension: str
) -> pd.DataFrame:
    """A one-way breakdown of a published total: columns category, value, status."""
    if dimension not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {dimension!r}")
    t = published_counts
    others = [d for d in BREAKDOWNS if d != dimension]
    stmt = sa.select(t.c[dimension].label("category"), t.c.value, t.c.status).where(
        t.c.release_id == release_id,
        t.c.measure == measure,
        t.c.programme == programme,
        t.c.period == period,
        t.c[dimension] != ALL,
        *[t.c[d] == ALL for d in others],
    )
    return read_frame(engine, stmt)


@cached
def borough_summary(engine: sa.Engine, release_id: int, *, programme: str, period: str) -> pd.DataFrame:
    t = borough_summary_table
    stmt = (
        sa.select(t)
        .where(t.c.release_id == release_id, t.c.programme_id == programme, t.c.period == period)
        .order_by(t.c.borough_name)
    )
    return read_frame(engine, stmt)


@cached
def kpi_progress(engine: sa.Engine, release_id: int, *, programme: str = ALL) -> pd.DataFrame:
    t = kpi_progress_table
    stmt = sa.select(t).where(t.c.release_id == release_id)
    if programme != ALL:
        stmt = stmt.where(t.c.programme_id == programme)
    return read_frame(engine, stmt.order_by(t.c.programme_id, t.c.kpi_id, t.c.quarter))


@cached
def spend(
    engine: sa.Engine,
    release_id: int,
    *,
    programme: str = ALL,
    financial_year: str | None = None,
    borough: str = ALL,
    provider_type: str = ALL,
) -> pd.DataFrame:
    t = spend_summary_table
    stmt = sa.select(t).where(t.c.release_id == release_id, t.c.borough == borough, t.c.provider_type == provider_type)
    if programme != ALL:
        stmt = stmt.where(t.c.programme_id == programme)
    if financial_year:
        stmt = stmt.where(t.c.financial_year == financial_year)
    return read_frame(engine, stmt.order_by(t.c.programme_id, t.c.financial_year))


@cached
def spend_by_borough(engine: sa.Engine, release_id: int, *, programme: str, financial_year: str) -> pd.DataFrame:
    t = spend_summary_table
    stmt = sa.select(t).where(
        t.c.release_id == release_id,
        t.c.programme_id == programme,
        t.c.financial_year == financial_year,
        t.c.borough != ALL,
        t.c.provider_type == ALL,
    )
    return read_frame(engine, stmt)


@cached
def periods(engine: sa.Engine, release_id: int) -> list[str]:
    """Every published period, in time order (years first, then quarters)."""
    t = published_counts
    frame = read_frame(engine, sa.select(t.c.period).where(t.c.release_id == release_id).distinct())
    values = sorted(frame["period"])
    return [p for p in values if " Q" not in p] + [p for p in values if " Q" in p]


def all_releases(engine: sa.Engine) -> pd.DataFrame:
    """Every release, newest first (not cached: a new release or a change of the live one shows at once)."""
    return read_frame(engine, sa.select(releases).order_by(releases.c.release_id.desc()))


# The states the public may know of (etl/load/schema.py): drafts and approved releases are the internal site's only.
PUBLIC_STATES = ("published", "superseded", "withdrawn")


def public_releases(engine: sa.Engine) -> pd.DataFrame:
    """Every release the public may know of (published, superseded or withdrawn), newest first; in internal mode
    the same list, without the drafts that wait in the internal database (not cached)."""
    t = releases
    stmt = sa.select(t).where(sa.or_(t.c.state.in_(PUBLIC_STATES), t.c.state.is_(None)))
    return read_frame(engine, stmt.order_by(t.c.release_id.desc()))


@cached
def changed_cells(engine: sa.Engine, *, release_id: int, previous: int) -> pd.DataFrame:
    """Published cells whose value or status differs between two releases (both already published)."""
    keys = ["measure", "programme", "period", "borough", "age_band", "gender", "ethnicity"]
    t = published_counts
    a = read_frame(engine, sa.select(t).where(t.c.release_id == previous)).drop(columns="release_id")
    b = read_frame(engine, sa.select(t).where(t.c.release_id == release_id)).drop(columns="release_id")
    m = a.merge(b, on=keys, how="outer", suffixes=("_before", "_after"))
    changed = m[
        (m["value_before"].fillna(-1) != m["value_after"].fillna(-1)) | (m["status_before"] != m["status_after"])
    ].copy()
    changed["size"] = (changed["value_after"].fillna(0) - changed["value_before"].fillna(0)).abs()
    return changed.sort_values("size", ascending=False).reset_index(drop=True)


@cached
def lcpf_years(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    """Each financial year and need indicator of the release's LCPF table, with how many boroughs have the need
    figure (`with_need`: 0 where it is not available for any)."""
    t = lcpf_funding_table
    statement = (
        sa.select(t.c.financial_year, t.c.need_indicator, sa.func.count(t.c.need_value).label("with_need"))
        .where(t.c.release_id == release_id)
        .group_by(t.c.financial_year, t.c.need_indicator)
        .order_by(t.c.financial_year, t.c.need_indicator)
    )
    return read_frame(engine, statement)


@cached
def lcpf(engine: sa.Engine, release_id: int, *, financial_year: str, need_indicator: str) -> pd.DataFrame:
    t = lcpf_funding_table
    return read_frame(
        engine,
        sa.select(t)
        .where(
            t.c.release_id == release_id,
            t.c.financial_year == financial_year,
            t.c.need_indicator == need_indicator,
        )
        .order_by(t.c.borough_name),
    )


@cached
def lcpf_summary(engine: sa.Engine, release_id: int, *, financial_year: str, need_indicator: str) -> pd.DataFrame:
    t = lcpf_summary_table
    return read_frame(
        engine,
        sa.select(t).where(
            t.c.release_id == release_id,
            t.c.financial_year == financial_year,
            t.c.need_indicator == need_indicator,
        ),
    )


@cached
def programme_summary(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    """Each programme's year (and all programmes' together) as the ETL summed it up: reach and its change, KPIs by
    rating, spend against budget (etl/publish/programme_summary.py)."""
    return release_rows(engine, programme_summary_table, release_id, order_by=("programme_id", "financial_year"))


@cached
def services(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    return release_rows(engine, services_table, release_id, order_by=("name",))


@cached
def funding_opportunities(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    return release_rows(engine, funding_opportunities_table, release_id, order_by=("closes",))


@cached
def service_sites(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    """Where each service runs: named sites with a postcode, and delivery modes (online, at home...)."""
    return release_rows(engine, service_sites_table, release_id, order_by=("service_id", "site_id"))
