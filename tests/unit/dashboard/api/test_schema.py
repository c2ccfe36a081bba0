"""The schema reader of the open-data API (dashboard/api/schema.py), on a tiny schema: types, nullability, keys."""

from __future__ import annotations

import pytest

from dashboard.api import schema

TINY_SCHEMA = """
CREATE TABLE IF NOT EXISTS things (
    thing_id    INTEGER PRIMARY KEY,
    label       TEXT NOT NULL,      -- a comment, with a comma, after the type
    amount      DOUBLE PRECISION,
    ok          BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS parts (
    thing_id    INTEGER NOT NULL REFERENCES things (thing_id),
    part        TEXT NOT NULL,
    PRIMARY KEY (thing_id, part)
);
"""


def test_schema_reader_reads_types_nullability_and_keys():
    """Given two CREATE TABLE statements, when parsed, then each column has its kind and nullability and each table its
    key."""
    tables = schema.parse(TINY_SCHEMA)

    assert [(c.name, c.kind, c.nullable) for c in tables["things"].columns] == [
        ("thing_id", "integer", False),
        ("label", "text", False),
        ("amount", "number", True),
        ("ok", "boolean", False),
    ]
    assert tables["things"].key == ("thing_id",)
    assert tables["parts"].key == ("thing_id", "part")


def test_schema_reader_refuses_a_type_it_does_not_know():
    """Given a column of a type the API cannot describe, when parsed, then SchemaError names the table and the line."""
    with pytest.raises(schema.SchemaError, match=r"things.*created TIMESTAMP"):
        schema.parse("CREATE TABLE IF NOT EXISTS things (\n    created TIMESTAMP NOT NULL\n);")
