"""The open-data API's datasets (dashboard/api/datasets.py) against the schema the ETL applies, with no app."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from dashboard.api import datasets, schema, vocabularies
from dashboard.api.params import parse
from dashboard.data import tables


def test_column_lists_match_the_schema():
    """Given the API's datasets (read from sql/schema.sql) and tables.TABLES, when compared with the schema applied to
    SQLite, then names, order, types, nullability and keys agree."""
    from etl.load.schema import apply_schema

    generic = {"text": sa.String, "integer": sa.Integer, "number": sa.Float, "boolean": sa.Boolean}
    engine = sa.create_engine("sqlite://")
    with engine.begin() as conn:
        apply_schema(conn)
        insp = sa.inspect(conn)
        for d in datasets.DATASETS.values():
            reflected = insp.get_columns(d.table_name)
            key = insp.get_pk_constraint(d.table_name)["constrained_columns"]
            assert d.column_names == [c["name"] for c in reflected], d.name
            for column, found in zip(d.columns, reflected):
                assert isinstance(found["type"], generic[column.type]), (d.name, column.name, found["type"])
                # A key column is never null (SQLite reports INTEGER PRIMARY KEY as nullable).
                assert column.nullable == (found["nullable"] and column.name not in key), (d.name, column.name)
            assert key == (list(d.key) if d.name == "releases" else ["release_id", *d.key]), d.name
    for d in datasets.DATASETS.values():  # the API reads the dashboard's one list of tables
        assert d.column_names == [c.name for c in tables.TABLES[d.table_name].columns], d.name


def test_every_dataset_serves_a_table_of_the_schema_whole():
    """Given the datasets, then each has every column of its table in order, and its key is the table's (less
    release_id)."""
    tables = schema.tables()
    for d in datasets.DATASETS.values():
        table = tables[d.table_name]
        assert d.column_names == [c.name for c in table.columns], d.name
        assert ("release_id", *d.key) == table.key or d.key == table.key == ("release_id",), d.name


@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_each_docs_example_passes_the_checks(name):
    """Given a dataset's docs example, when its filters are read as a query string, then they are accepted, typed as the
    column says."""
    d = datasets.DATASETS[name]
    raw = {k: ("true" if v is True else "false" if v is False else v) for k, v in d.example.items()}

    q = parse(d, MultiDict(raw), csv_path=False)

    assert q.filters == d.example


def test_allowed_describes_each_kind_of_column():
    column = datasets.Column
    assert column("x", "integer").allowed() == f"a whole number from {-datasets.MAX_INT - 1} to {datasets.MAX_INT}"
    assert column("x", "boolean").allowed() == "true or false"
    assert column("x", "text", enum=("a", "b")).allowed() == ["a", "b"]
    assert column("x", "text", pattern=vocabularies.YEAR).allowed().startswith("a financial year, e.g. 2023-24")
    assert column("x", "text").allowed() == f"text of up to {datasets.MAX_TEXT} characters, without control characters"
