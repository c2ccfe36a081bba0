"""What validation found: one record per problem, naming file, row, column, value and expectation."""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass, fields
from typing import SupportsInt, cast

ERROR = "error"
WARNING = "warning"

# A file with a million bad rows should not print a million lines: after this many
# examples of the same problem in the same column, the rest are counted in one line.
EXAMPLES_PER_PROBLEM = 20


@dataclass(frozen=True)
class Finding:
    file: str
    row: int | None  # spreadsheet row: the header is row 1, the first record row 2
    column: str | None
    value: str | None
    expected: str
    rule: str
    severity: str = ERROR
    provider_id: str | None = None  # set for warnings about a provider's returns
    service_id: str | None = None  # set for warnings about a register record: its owning team is told
    # Set for a finding in a provider's return: the sheet, and the cell in A1 notation (a range for merged cells).
    sheet: str | None = None
    cell: str | None = None

    def describe(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f", sheet '{self.sheet}'" + (f", cell {self.cell}" if self.cell else "")
        elif self.row is not None:
            where += f", row {self.row}"
        if self.column and self.sheet is None:
            where += f", column '{self.column}'"
        elif self.column:
            where += f" ({self.column})"
        got = "" if self.value is None else f": found {self.value!r}"
        return f"{self.severity.upper()} {where}{got}; expected {self.expected} [{self.rule}]"


def cap_examples(findings: list[Finding]) -> list[Finding]:
    """Keep the first EXAMPLES_PER_PROBLEM findings per (file, column, rule); summarise the rest."""
    seen: dict[tuple[str, str | None, str, str], int] = {}
    kept: list[Finding] = []
    for f in findings:
        k = (f.file, f.column, f.rule, f.severity)
        seen[k] = seen.get(k, 0) + 1
        if seen[k] <= EXAMPLES_PER_PROBLEM:
            kept.append(f)
    for (file, column, rule, severity), n in seen.items():
        if n > EXAMPLES_PER_PROBLEM:
            kept.append(
                Finding(
                    file=file,
                    row=None,
                    column=column,
                    value=None,
                    expected=f"the same as above: {n - EXAMPLES_PER_PROBLEM:,} more rows break this rule",
                    rule=rule,
                    severity=severity,
                )
            )
    return kept


def spreadsheet_row(label: Hashable) -> int:
    """The spreadsheet row of a record whose frame label is `label`: read_csv numbers the records 0, 1, ...
    and the header is row 1."""
    return int(cast(SupportsInt, label)) + 2


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == WARNING]


def to_csv(findings: Iterable[Finding]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f.name for f in fields(Finding)])
    writer.writeheader()
    for f in findings:
        writer.writerow(asdict(f))
    return out.getvalue()
