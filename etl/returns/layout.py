"""From a read return to one frame of contract text per sheet, and what is wrong with the workbook's shape.

The shape is checked before any value: the template (id and version), whose and which quarter's it is, every sheet
the template had, each column where the template put it, no merged cells and no formula left uncalculated. A return
of the wrong shape is refused with those findings alone, since a value read from a moved column would be wrong.

A frame's index is the sheet row less two (etl.validation.findings.spreadsheet_row's numbering), so that a finding
of the ETL's own rules names the row the provider sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from etl.contract.extracts import BY_NAME
from etl.returns import cells, sheets
from etl.returns.expected import Obligation
from etl.returns.workbook import ReadReturn, ReadSheet
from etl.validation.findings import ERROR, WARNING, Finding


@dataclass
class SheetFrame:
    sheet: sheets.Sheet
    header_row: int
    frame: pd.DataFrame  # contract text, index = sheet row - 2
    notes: dict[int, str] = field(default_factory=dict)  # sheet row -> the provider's note
    removed: list[int] = field(default_factory=list)  # sheet rows left with only their keys (a site removed)

    def cell(self, *, column: str, row: int) -> str | None:
        if column not in self.sheet.headers:
            return None
        return f"{self.sheet.letter(column)}{row}"


@dataclass
class Layout:
    findings: list[Finding]
    frames: dict[str, SheetFrame]  # by extract name


def _finding(
    read: ReadReturn,
    sheet: str | None,
    cell: str | None,
    value,
    expected: str,
    rule: str,
    severity: str = ERROR,
    *,
    column: str | None = None,
    row: int | None = None,
) -> Finding:
    text = None if value is None or value == "" else str(value)
    return Finding(read.file, row, column, text, expected, rule, severity, sheet=sheet, cell=cell)


def identity_findings(
    read: ReadReturn, *, provider_ids: set[str], provider: str | None, period: str | None, quarters: list[str]
) -> list[Finding]:
    """The template, its version, and whose and which quarter's return it is."""
    where = sheets.IDENTITY_SHEET if read.kind != "csv" else ""
    ident = read.identity
    if not ident or ident.get("template") != sheets.TEMPLATE_ID:
        expected = (
            "a workbook made by `vru-etl returns template` (its hidden Identity sheet is missing)"
            if read.kind != "csv"
            else f"a first line like {sheets.TEMPLATE_ID!r}: see docs/returns.md"
        )
        return [
            _finding(read, where or read.file, read.identity_cell if ident else None, None, expected, "wrong_template")
        ]
    found = []
    if ident.get("version") != str(sheets.TEMPLATE_VERSION):
        found.append(
            _finding(
                read,
                where,
                read.identity_cell,
                f"version {ident.get('version')}",
                f"template version {sheets.TEMPLATE_VERSION}: fill in a new template and send that",
                "template_version",
            )
        )
    if ident.get("provider_id") not in provider_ids:
        found.append(
            _finding(
                read,
                where,
                read.identity_cell,
                ident.get("provider_id"),
                "a provider in the VRU's list",
                "wrong_provider",
            )
        )
    elif provider and ident.get("provider_id") != provider:
        found.append(
            _finding(
                read,
                where,
                read.identity_cell,
                ident.get("provider_id"),
                f"the template of {provider}, who sent it: another provider's template was filled in",
                "wrong_provider",
            )
        )
    if ident.get("period") not in quarters:
        found.append(
            _finding(read, where, read.identity_cell, ident.get("period"), "a reporting quarter", "wrong_period")
        )
    elif period and ident.get("period") != period:
        found.append(
            _finding(
                read,
                where,
                read.identity_cell,
                ident.get("period"),
                f"the template for {period}: another quarter's template was filled in",
                "wrong_period",
            )
        )
    return found


def _header_findings(read: ReadReturn, got: ReadSheet, sheet: sheets.Sheet) -> list[Finding]:
    found = []
    width = max(len(sheet.headers), len(got.grid[got.header_row - 1]) if len(got.grid) >= got.header_row else 0)
    for i in range(1, width + 1):
        value = got.value(row=got.header_row, column=i)
        want = sheet.headers[i - 1] if i <= len(sheet.headers) else None
        text = None if value is None or value == "" else str(value).strip()
        if text != want:
            expected = (
                f"the column '{want}' here, as in the template (columns may not be inserted, deleted, moved or renamed)"
                if want
                else "no column here: the template's columns end before it"
            )
            found.append(
                _finding(
                    read, got.name, sheets.cell_name(column=i, row=got.header_row), text, expected, "wrong_columns"
                )
            )
    return found


def shape_findings(read: ReadReturn, obligation: Obligation) -> list[Finding]:
    """Missing sheets, moved columns, merged cells and uncalculated formulas."""
    found = []
    wanted = list(obligation.sheets)
    if read.kind == "csv":
        name = next(iter(read.sheets))
        if name not in {s.name for s in wanted}:
            return [
                _finding(
                    read,
                    name or read.file,
                    "A1",
                    name or None,
                    "sheet= one of " + ", ".join(s.name for s in wanted),
                    "missing_sheet",
                )
            ]
        wanted = [s for s in wanted if s.name == name]
    known = {s.name for s in sheets.SHEETS} | {sheets.ABOUT_SHEET, sheets.LISTS_SHEET, sheets.IDENTITY_SHEET}
    strangers = [n for n in read.sheets if n not in known]
    for sheet in wanted:
        got = read.sheets.get(sheet.name)
        if got is None:
            found.append(
                _finding(
                    read,
                    sheet.name,
                    None,
                    ", ".join(strangers) or None,
                    f"a sheet named '{sheet.name}', as in the template (sheets may not be renamed or deleted)",
                    "missing_sheet",
                )
            )
            continue
        found += _header_findings(read, got, sheet)
        found += [
            _finding(read, got.name, r, r, "no merged cells: one value per cell", "merged_cells") for r in got.merged
        ]
        found += [
            _finding(
                read,
                got.name,
                c,
                "a formula",
                "a value: open the workbook in Excel and save it, so that its formulas are calculated",
                "formula_without_value",
            )
            for c in got.uncalculated
        ]
    return found


def _kinds(sheet: sheets.Sheet) -> dict[str, str]:
    columns = BY_NAME[sheet.extract].schema.columns
    return {c.name: cells.kind(sheet.extract, c.name) if c.name in columns else cells.TEXT for c in sheet.columns}


def sheet_frame(
    read: ReadReturn, got: ReadSheet, sheet: sheets.Sheet, *, provider_id: str, received: str
) -> tuple[SheetFrame, list[Finding]]:
    """The sheet's rows as contract text; a cell that cannot be read is a finding, and is kept as written so the
    row still fails."""
    kinds = _kinds(sheet)
    found: list[Finding] = []
    records, index, notes, removed = [], [], {}, []
    entry = [c.name for c in sheet.columns if c.role == sheets.ENTRY]
    keys = [c.name for c in sheet.columns if c.role == sheets.KEY]
    for r in range(got.header_row + 1, len(got.grid) + 1):
        raw = {c.name: got.value(row=r, column=i) for i, c in enumerate(sheet.columns, start=1)}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        record = {}
        for i, c in enumerate(sheet.columns, start=1):
            if c.role not in (sheets.KEY, sheets.FIXED, sheets.ENTRY):
                continue
            try:
                record[c.name] = cells.to_text(raw[c.name], column_kind=kinds[c.name])
            except cells.CellProblem as problem:
                found.append(
                    _finding(
                        read,
                        got.name,
                        sheets.cell_name(column=i, row=r),
                        raw[c.name],
                        problem.expected,
                        problem.rule,
                        column=c.name,
                        row=r,
                    )
                )
                record[c.name] = str(raw[c.name])
        note = raw.get(sheets.NOTES_COLUMN)
        if note is not None and str(note).strip():
            notes[r] = str(note).strip()
        if sheet is sheets.SITES and all(record.get(c) is None for c in entry if c not in ("service_id", "site_id")):
            removed.append(r)
            continue
        if keys and all(record.get(c) is None for c in entry if c != "rag_rule"):
            # A pre-filled row left empty: a KPI not returned or a review not held; never taken in.
            rule, what = (
                ("missing_return", "a value for this KPI, or a note saying why there is none")
                if sheet is sheets.KPI_RETURNS
                else ("missing_review", "the review's figures, or a note saying why there are none")
            )
            first_entry = next(c for c in entry if c != "rag_rule")
            found.append(
                _finding(
                    read,
                    got.name,
                    f"{sheet.letter(first_entry)}{r}",
                    None,
                    what,
                    rule,
                    WARNING,
                    column=first_entry,
                    row=r,
                )
            )
            continue
        for column in sheet.filled_on_import:
            if column == "provider_id":
                record[column] = provider_id
            elif record.get(column) is None:
                record[column] = received
        records.append(record)
        index.append(r - 2)
    columns = [c.name for c in sheet.read_back] + [c for c in sheet.filled_on_import if c not in sheet.headers]
    frame = pd.DataFrame(records, index=pd.Index(index, dtype="int64"), columns=columns, dtype="str")
    return SheetFrame(sheet, got.header_row, frame, notes, removed), found


def frames(read: ReadReturn, obligation: Obligation, *, received: str) -> Layout:
    """Every sheet's frame, once the shape is right."""
    found: list[Finding] = []
    out = {}
    for sheet in obligation.sheets:
        got = read.sheets.get(sheet.name)
        if got is None:
            continue  # a CSV return holds one sheet
        frame, problems = sheet_frame(read, got, sheet, provider_id=obligation.provider_id, received=received)
        out[sheet.extract] = frame
        found += problems
    return Layout(found, out)
