"""What one extract of the contract is: its file, what one row is, its key and its pandera schema.

Every extract is declared with `extract()`, so each has the same schema settings: strict columns (an unexpected
column is an error), its key unique, and every repeated key reported, not only the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandera.pandas as pa


@dataclass(frozen=True)
class Extract:
    """One table of the contract: its file, what one row is, its key and its schema."""

    name: str
    row: str
    key: tuple[str, ...]
    schema: pa.DataFrameSchema
    may_be_empty: bool = False
    notes: tuple[str, ...] = ()  # what the data dictionary says under the table (the meaning of each code)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> list[str]:
        return list(self.schema.columns)

    @property
    def flags(self) -> list[str]:
        return [name for name, col in self.schema.columns.items() if (col.metadata or {}).get("flag")]


def _schema(name: str, columns: dict[str, pa.Column], key: Sequence[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, strict=True, unique=list(key), name=name, report_duplicates="all")


def extract(
    name: str,
    *,
    row: str,
    key: Sequence[str],
    columns: dict[str, pa.Column],
    may_be_empty: bool = False,
    notes: tuple[str, ...] = (),
) -> Extract:
    return Extract(
        name=name, row=row, key=tuple(key), schema=_schema(name, columns, key), may_be_empty=may_be_empty, notes=notes
    )
