"""Published tables whose shape changed in a way ALTER TABLE cannot make on every database: a new primary key, or
a column that may now be NULL (SQLite can neither drop NOT NULL nor change a key in place).

A load (schema.py) moves each such table of an earlier shape aside before it applies the schema, which then creates
the table anew, and copies the earlier releases' rows back in the new shape, so they stay readable. This is the
"copy" way of SQLite's documented table rebuild; it runs the same on PostgreSQL. It runs in the load's transaction,
so a load that fails leaves the table as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa


@dataclass(frozen=True)
class Reshaped:
    table: str
    earlier: str  # a column only the earlier shape has: its presence says the table needs reshaping
    columns: dict[str, str]  # each column of the new shape -> an SQL expression over the earlier table's columns

    @property
    def aside(self) -> str:
        return f"{self.table}_earlier_shape"


def _same(*names: str) -> dict[str, str]:
    return {n: n for n in names}


# Two decimal places, on both databases: PostgreSQL rounds only NUMERIC to a number of places.
def _round2(expression: str) -> str:
    return f"ROUND(CAST({expression} AS NUMERIC), 2)"


RESHAPED = (
    # Need became nullable (not available is [x], never 0), with its status, per 10,000 residents rather than per
    # 1,000, and with the allocation per unit of need.
    Reshaped(
        "lcpf_funding",
        earlier="need_per_1000",
        columns={
            **_same(
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
            ),
            "need_status": "CASE WHEN need_value IS NULL THEN 'x' ELSE '' END",
            "need_per_10k": _round2("need_per_1000 * 10"),
            "allocation_per_need_gbp": "CASE WHEN need_value > 0 THEN "
            + _round2("allocation_gbp / need_value")
            + " END",
        },
    ),
    # The summary became one per need indicator (part of its key); releases of the earlier shape had one indicator.
    Reshaped(
        "lcpf_summary",
        earlier="need_per_1000",
        columns={
            **_same("release_id", "financial_year"),
            "need_indicator": "'violence_with_injury'",
            **_same(
                "area", "borough_count", "allocation_gbp", "population_2021", "allocation_per_head_gbp", "need_value"
            ),
            "need_per_10k": _round2("need_per_1000 * 10"),
            "allocation_per_need_gbp": "allocation_per_offence_gbp",
        },
    ),
)


def set_aside(conn: sa.Connection) -> list[Reshaped]:
    """Copy each table of an earlier shape to its `aside` table and drop it, so the schema creates it anew."""
    inspector = sa.inspect(conn)
    moved = []
    for reshaped in RESHAPED:
        if inspector.has_table(reshaped.table) and reshaped.earlier in {
            c["name"] for c in inspector.get_columns(reshaped.table)
        }:
            conn.exec_driver_sql(f"CREATE TABLE {reshaped.aside} AS SELECT * FROM {reshaped.table}")
            conn.exec_driver_sql(f"DROP TABLE {reshaped.table}")
            moved.append(reshaped)
    return moved


def copy_back(conn: sa.Connection, moved: list[Reshaped]) -> None:
    """Copy the rows set aside into the tables the schema has just created, in their new shape."""
    for reshaped in moved:
        names = ", ".join(reshaped.columns)
        expressions = ", ".join(reshaped.columns.values())
        conn.exec_driver_sql(f"INSERT INTO {reshaped.table} ({names}) SELECT {expressions} FROM {reshaped.aside}")
        conn.exec_driver_sql(f"DROP TABLE {reshaped.aside}")
