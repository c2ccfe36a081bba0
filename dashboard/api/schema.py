"""The published tables as sql/schema.sql states them: column names in order, types, nullability, keys.

The API's column types are read from the schema itself rather than copied by hand, so a new
or changed column cannot be published with a stale type. The file is read once, on first use.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

SCHEMA = Path(__file__).resolve().parents[2] / "sql" / "schema.sql"
# SQL types of the schema's portable DDL -> the API's (and the OpenAPI document's) kinds.
KINDS = {"INTEGER": "integer", "TEXT": "text", "DOUBLE PRECISION": "number", "BOOLEAN": "boolean"}

_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", re.S)
_COLUMN = re.compile(r"(\w+)\s+(INTEGER|TEXT|DOUBLE PRECISION|BOOLEAN)\b(.*)")
_KEY = re.compile(r"PRIMARY KEY \(([^)]*)\)")


class SchemaError(Exception):
    """sql/schema.sql has a line this reader does not understand (a new SQL type, say)."""


@dataclasses.dataclass(frozen=True)
class SchemaColumn:
    name: str
    kind: str  # text | integer | number | boolean
    nullable: bool


@dataclasses.dataclass(frozen=True)
class SchemaTable:
    name: str
    columns: tuple[SchemaColumn, ...]
    key: tuple[str, ...]  # the primary key, release_id included


def parse(text: str) -> dict[str, SchemaTable]:
    """Every CREATE TABLE of a schema's text, by table name."""
    tables = {}
    for name, body in _TABLE.findall(text):
        columns, key = [], ()
        for line in body.splitlines():
            line = line.split("--", 1)[0].strip().rstrip(",")
            if not line:
                continue
            if found := _KEY.fullmatch(line):
                key = tuple(c.strip() for c in found.group(1).split(","))
            elif found := _COLUMN.fullmatch(line):
                column, sql_type, rest = found.groups()
                if "PRIMARY KEY" in rest:
                    key = (column,)
                columns.append(
                    SchemaColumn(column, KINDS[sql_type], nullable="NOT NULL" not in rest and "PRIMARY KEY" not in rest)
                )
            else:
                raise SchemaError(f"table {name}: cannot read {line!r}")
        tables[name] = SchemaTable(name, tuple(columns), key)
    return tables


@functools.cache
def tables() -> dict[str, SchemaTable]:
    """The tables of sql/schema.sql (read once)."""
    return parse(SCHEMA.read_text(encoding="utf-8"))
