"""Databases as an earlier version of the ETL made them: the funding-against-need tables before need could be
missing (need_value NOT NULL, per 1,000 residents, one indicator and no indicator in the summary's key), for the
tests of the load's reshaping (etl/load/reshape.py)."""

from __future__ import annotations

import sqlalchemy as sa

# The two tables exactly as sql/schema.sql created them before the reshaping.
EARLIER_LCPF_TABLES = (
    """CREATE TABLE lcpf_funding (
    release_id              INTEGER NOT NULL REFERENCES releases (release_id),
    borough_code            TEXT NOT NULL,
    borough_name            TEXT NOT NULL,
    inner_outer             TEXT NOT NULL,
    financial_year          TEXT NOT NULL,
    population_2021         INTEGER NOT NULL,
    allocation_gbp          DOUBLE PRECISION,
    allocation_per_head_gbp DOUBLE PRECISION,
    need_indicator          TEXT NOT NULL,
    need_value              INTEGER NOT NULL,
    need_per_1000           DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (release_id, borough_code, financial_year, need_indicator)
)""",
    """CREATE TABLE lcpf_summary (
    release_id                  INTEGER NOT NULL REFERENCES releases (release_id),
    financial_year              TEXT NOT NULL,
    area                        TEXT NOT NULL,
    borough_count               INTEGER NOT NULL,
    allocation_gbp              DOUBLE PRECISION NOT NULL,
    population_2021             INTEGER NOT NULL,
    allocation_per_head_gbp     DOUBLE PRECISION NOT NULL,
    need_value                  INTEGER NOT NULL,
    need_per_1000               DOUBLE PRECISION NOT NULL,
    allocation_per_offence_gbp  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (release_id, financial_year, area)
)""",
)

# Release 1's rows as the earlier shape published them: Croydon and the City (no allocation), and London.
EARLIER_FUNDING_ROWS = (
    {
        "borough_code": "E09000008",
        "borough_name": "Croydon",
        "inner_outer": "Outer",
        "population_2021": 390_800,
        "allocation_gbp": 544_500.0,
        "allocation_per_head_gbp": 1.39,
        "need_value": 3_300,
        "need_per_1000": 8.44,
    },
    {
        "borough_code": "E09000001",
        "borough_name": "City of London",
        "inner_outer": "Inner",
        "population_2021": 8_600,
        "allocation_gbp": None,
        "allocation_per_head_gbp": None,
        "need_value": 390,
        "need_per_1000": 45.35,
    },
)
EARLIER_SUMMARY_ROW = {
    "area": "London",
    "borough_count": 32,
    "allocation_gbp": 13_000_000.0,
    "population_2021": 8_790_000,
    "allocation_per_head_gbp": 1.48,
    "need_value": 70_000,
    "need_per_1000": 7.96,
    "allocation_per_offence_gbp": 185.71,
}


def make_earlier_lcpf(conn: sa.Connection, *, release_id: int = 1, year: str = "2023-24") -> None:
    """Replace the two tables (the rest of the schema as today) by their earlier shape, holding release
    `release_id`'s rows for `year` (the release's row in `releases` must exist)."""
    for table in ("lcpf_funding", "lcpf_summary"):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
    for statement in EARLIER_LCPF_TABLES:
        conn.exec_driver_sql(statement)
    funding = [
        {**row, "release_id": release_id, "financial_year": year, "need_indicator": "violence_with_injury"}
        for row in EARLIER_FUNDING_ROWS
    ]
    conn.execute(sa.table("lcpf_funding", *[sa.column(c) for c in funding[0]]).insert(), funding)
    summary = {**EARLIER_SUMMARY_ROW, "release_id": release_id, "financial_year": year}
    conn.execute(sa.table("lcpf_summary", *[sa.column(c) for c in summary]).insert(), [summary])
