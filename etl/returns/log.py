"""Who has sent what, in the internal database: `returns_log` (every return checked at an import) and
`returns_expected` (every provider's return expected for each quarter begun), read by the internal site's Returns and
attention pages. Neither is part of a release: returns arrive between releases, and the site shows them as they
come.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa

from etl import periods, settings
from etl.load.schema import INTERNAL_SCHEMA_FILES, apply_schema, engine_for
from etl.returns import expected
from etl.returns.context import Context

TABLES = ("returns_log", "returns_expected")
LOG_COLUMNS = (
    "digest",
    "provider_id",
    "period",
    "file_name",
    "received_at",
    "uploaded_by",
    "checked_at",
    "outcome",
    "counts",
    "errors",
    "warnings",
)
EXPECTED_COLUMNS = ("provider_id", "period", "provider_name", "due_date", "final_date", "contact", "owning_team")

returns_log = sa.table("returns_log", *[sa.column(c) for c in LOG_COLUMNS])
returns_expected = sa.table("returns_expected", *[sa.column(c) for c in EXPECTED_COLUMNS])


def expected_rows(ctx: Context, *, as_of: dt.date) -> list[dict]:
    """One row per provider and quarter begun by `as_of` for which a return is expected."""
    providers = ctx.typed["providers"].set_index("provider_id")
    services = ctx.typed["services"]
    rows = []
    for period in expected.return_quarters():
        if periods.quarter_bounds(period)[0] > as_of:
            break
        for provider in expected.expected_providers(ctx.typed, period):
            teams = sorted(set(services.loc[services["provider_id"] == provider, "owning_team"].dropna()))
            contact = providers.loc[provider, "public_contact"]
            rows.append(
                {
                    "provider_id": provider,
                    "period": period,
                    "provider_name": str(providers.loc[provider, "name"]),
                    "due_date": expected.due_date(period).isoformat(),
                    "final_date": expected.final_date(period).isoformat(),
                    "contact": None if pd.isna(contact) else str(contact),
                    "owning_team": "; ".join(teams) or None,
                }
            )
    return rows


def write(
    *, log_rows: Iterable[dict], counting: dict[tuple[str, str], str], expected_now: list[dict], url: str | None = None
) -> None:
    """Add (or replace) the log rows, mark the return that counts for each provider and quarter in `counting`, and
    replace the expected returns, in one transaction."""
    engine = engine_for(url or settings.internal_database_url())
    try:
        with engine.begin() as conn:
            apply_schema(conn, files=INTERNAL_SCHEMA_FILES)
            rows = list(log_rows)
            if rows:
                conn.execute(returns_log.delete().where(returns_log.c.digest.in_([r["digest"] for r in rows])))
                conn.execute(returns_log.insert(), rows)
            for (provider, period), digest in counting.items():
                conn.execute(
                    returns_log.update()
                    .where(returns_log.c.provider_id == provider, returns_log.c.period == period)
                    .values(counts=sa.case((returns_log.c.digest == digest, 1), else_=0))
                )
            conn.execute(returns_expected.delete())
            if expected_now:
                conn.execute(returns_expected.insert(), expected_now)
    finally:
        engine.dispose()
