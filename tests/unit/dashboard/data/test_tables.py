"""The dashboard's table definitions (dashboard/data/tables.py) against the schema the ETL applies."""

from __future__ import annotations

import sqlalchemy as sa

from dashboard.data import tables


def test_table_column_lists_match_the_schema():
    """Given the dashboard's table definitions, when compared with sql/schema.sql, then every column exists."""
    from etl.load.schema import apply_schema

    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        apply_schema(conn)
        insp = sa.inspect(conn)
        for name, table in tables.TABLES.items():
            assert [c.name for c in table.columns] == [c["name"] for c in insp.get_columns(name)], name
