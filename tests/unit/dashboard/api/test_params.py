"""The open-data API's pure layers, with no app, database or Flask request: the schema reader,
the datasets it types, and the query-string checks. Fast unit tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from dashboard.api import datasets, params, schema
from dashboard.api.params import ApiError, parse

PACKAGE = Path(datasets.__file__).parent
COUNTS = datasets.DATASETS["counts"]

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


# ---------------------------------------------------------------- schema.py
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


# ---------------------------------------------------------------- datasets.py
def test_every_dataset_serves_a_table_of_the_schema_whole():
    """Given the datasets, then each has every column of its table in order, and its key is the table's (less
    release_id)."""
    tables = schema.tables()
    for d in datasets.DATASETS.values():
        table = tables[d.table_name]
        assert d.column_names == [c.name for c in table.columns], d.name
        assert ("release_id", *d.key) == table.key or d.key == table.key == ("release_id",), d.name


def test_vocabularies_and_patterns_name_real_columns():
    """Given the hand-written vocabularies and patterns, then each names a column of its table (a typo would silently
    allow anything)."""
    tables = schema.tables()
    for table_name, column in (*datasets._ENUMS, *datasets._PATTERNS):
        assert column in [c.name for c in tables[table_name].columns], (table_name, column)


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
    assert column("x", "text", pattern=datasets.YEAR).allowed().startswith("a financial year, e.g. 2023-24")
    assert column("x", "text").allowed() == f"text of up to {datasets.MAX_TEXT} characters, without control characters"


# ---------------------------------------------------------------- params.py
def test_filters_are_typed_and_in_column_order_whatever_the_order_asked():
    q = parse(
        COUNTS, MultiDict([("status", "c"), ("value", "5"), ("measure", "referrals"), ("limit", "10")]), csv_path=False
    )

    assert list(q.filters.items()) == [("measure", "referrals"), ("value", 5), ("status", "c")]
    assert (q.fmt, q.release, q.limit, q.offset) == ("json", None, 10, 0)


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ([("colour", "red")], "colour", "unknown parameter 'colour'"),
        ([("release_id", "1")], "release_id", "unknown parameter"),  # use release
        ([("measure", "participants"), ("measure", "referrals")], "measure", "give measure once"),
        ([("format", "xml")], "format", "format must be json or csv"),
        ([("limit", "0")], "limit", "from 1 to 10000"),
        ([("limit", str(params.MAX_LIMIT + 1))], "limit", "from 1 to 10000"),
        ([("offset", "-1")], "offset", "from 0 to"),
        ([("release", "1.5")], "release", "whole number"),
        ([("value", str(datasets.MAX_INT + 1))], "value", "whole number"),
        ([("measure", "people")], "measure", "not an allowed value of measure"),
        ([("borough", "E0900000")], "borough", "not an allowed value of borough"),
        ([("period", "2023-24 Q5")], "period", "not an allowed value of period"),
    ],
)
def test_bad_query_strings_are_400s_naming_the_parameter(query, parameter, message):
    with pytest.raises(ApiError) as caught:
        parse(COUNTS, MultiDict(query), csv_path=False)

    assert caught.value.status == 400 and caught.value.parameter == parameter
    assert message in caught.value.message
    assert caught.value.body()["parameter"] == parameter
    assert ("allowed" in caught.value.body()) == (
        "once" not in message
    )  # what it allows, unless the fault is repeating it


def test_text_and_number_filters_refuse_what_no_row_can_hold():
    services, spend = datasets.DATASETS["services"], datasets.DATASETS["spend"]
    for raw in ("a\x00b", "x" * (datasets.MAX_TEXT + 1)):
        with pytest.raises(ApiError, match="not an allowed value of name"):
            parse(services, MultiDict({"name": raw}), csv_path=False)
    for raw in ("1e16", "nan", "inf", "1,000"):
        with pytest.raises(ApiError, match="spend_gbp"):
            parse(spend, MultiDict({"spend_gbp": raw}), csv_path=False)
    assert parse(spend, MultiDict({"spend_gbp": "-2.5e3"}), csv_path=False).filters == {"spend_gbp": -2500.0}


def test_the_csv_address_takes_no_format_parameter():
    with pytest.raises(ApiError, match="unknown parameter 'format'"):
        parse(COUNTS, MultiDict({"format": "csv"}), csv_path=True)
    assert parse(COUNTS, MultiDict(), csv_path=True).fmt == "csv"
    assert parse(COUNTS, MultiDict({"format": "csv"}), csv_path=False).fmt == "csv"


# ---------------------------------------------------------------- layering
WEB = ("flask", "werkzeug", "dash", "dashboard.api.routes", "dashboard.api.http", "dashboard.data.state")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }


@pytest.mark.parametrize("module", ["schema", "datasets", "params", "rows", "openapi"])
def test_the_pure_layers_import_no_web_code(module):
    """Given the API's layers below http.py, then none imports Flask, the routes or the app's state (functions
    included)."""
    found = _imports(PACKAGE / f"{module}.py")
    assert not {m for m in found if m.split(".")[0] in ("flask", "werkzeug", "dash") or m in WEB}, module
