"""What every cross-file validation rule shares: the typed frames it reads, the form of a rule, and the helpers
that write a finding (file, spreadsheet row, column, value, what was expected).

Each rule takes the typed frames (only those that passed their own schema) and returns findings. A rule whose files
are missing returns nothing: the missing or broken file has already been reported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from etl.validation.findings import ERROR, Finding, spreadsheet_row

if TYPE_CHECKING:
    from pandas._typing import ScalarOrNA  # pandas-stubs' name for a cell's value: a scalar, NaN, NaT, NA or None

Frames = Mapping[str, pd.DataFrame]  # the typed extracts by name: only those that passed their own schema


class Rule(Protocol):
    """A cross-file rule: the typed frames and the extract date in, what it rejects or warns about out."""

    def __call__(self, frames: Frames, *, as_of: dt.date) -> list[Finding]: ...


def days_text(n: int) -> str:
    """ "1 day", "2 days": a number of days as a finding writes it."""
    return f"{n} day" if n == 1 else f"{n} days"


def rows_where(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """The rows of `frame` where `mask` holds (a missing value in the mask does not hold)."""
    return frame[mask.fillna(False).astype(bool)]


def finding(
    file: str,
    idx: Hashable | None,
    column: str | None,
    value: ScalarOrNA,
    expected: str,
    rule: str,
    severity: str = ERROR,
    provider_id: str | None = None,
) -> Finding:
    """A finding on one cell: `idx` is the frame's row index (turned into the spreadsheet's row number)."""
    text = (
        None
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else (value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value))
    )
    return Finding(
        f"{file}.csv",
        spreadsheet_row(idx) if idx is not None else None,
        column,
        text,
        expected,
        rule,
        severity,
        provider_id,
    )


def foreign_key(
    frames: Frames, *, file: str, column: str, target: str, target_column: str, nullable: bool = False
) -> list[Finding]:
    """Rejects values of `file`.`column` that name no `target_column` of `target` (a missing one too, unless
    `nullable`)."""
    if file not in frames or target not in frames:
        return []
    values = frames[file][column]
    known = set(frames[target][target_column])
    bad = ~values.isin(known)
    if nullable:
        bad &= values.notna()
    return [
        finding(file, i, column, v, f"a {target_column} listed in {target}.csv", "unknown_reference")
        for i, v in values[bad].items()
    ]
