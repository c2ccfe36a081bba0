"""A provider's return template for one quarter, built fresh with openpyxl every time.

Never made by opening a finished workbook and changing it: openpyxl drops what it does not understand of a workbook
it opens (some data validations among them), so a template made that way could lose its dropdowns unseen.

Each sheet has a title row, a guidance row, the contract's column names, then the rows the VRU pre-fills. Dropdowns
read named ranges on the hidden Lists sheet (a list written into a validation itself is cut at 255 characters, which
the 33 borough codes pass), every column has an input message and an error alert, headers and the VRU's cells are
locked, and the hidden Identity sheet says which template, version, provider and quarter the workbook is.
`rows` may also carry a provider's entries: the demo writes its filled-in returns with the same function.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from etl.contract.extracts import BY_NAME
from etl.returns import about, cells, sheets
from etl.returns.expected import Obligation

LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")  # the VRU's cells: grey, as the About sheet says
HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
LAST_ROW = 1_048_576  # Excel's last row: validations and unlocked columns reach the whole sheet
# Excel's limits on a validation's messages (longer ones make Excel call the file corrupt).
PROMPT_TITLE_CHARS, PROMPT_CHARS = 32, 255
NUMBER_FORMATS = {cells.DATE: "yyyy-mm-dd", cells.TEXT: "@", cells.FLAG: "@"}
# Bounds of the date validation: the earliest date the contract takes, and a far-off latest.
EARLIEST_DATE, LATEST_DATE = "DATE(1900,1,1)", "DATE(2200,12,31)"


def file_name(provider_id: str, period: str) -> str:
    return f"vru-return-{provider_id}-{period.replace(' ', '-')}.xlsx"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _allowed(extract: str, column: str) -> list[str] | None:
    col = BY_NAME[extract].schema.columns.get(column)
    for check in col.checks if col is not None else ():
        allowed = (check.statistics or {}).get("allowed_values")
        if allowed:
            return [str(v) for v in allowed]
    return None


def lists_for(obligation: Obligation) -> dict[str, list[str]]:
    """Every dropdown's values, by list name."""
    lists = {"programmes": list(obligation.programmes), "services": list(obligation.services)}
    for sheet in obligation.sheets:
        for c in sheet.columns:
            if c.dropdown and c.dropdown not in lists:
                lists[c.dropdown] = _allowed(sheet.extract, c.name) or []
    return lists


def range_name(list_name: str) -> str:
    return f"list_{list_name}"


def _write_lists(wb: Workbook, lists: dict[str, list[str]]) -> None:
    ws = wb.create_sheet(sheets.LISTS_SHEET)
    for i, (name, values) in enumerate(sorted(lists.items()), start=1):
        letter = sheets.column_letter(i)
        ws.cell(row=1, column=i, value=name).font = HEADER_FONT
        for j, v in enumerate(values or [""], start=2):
            ws.cell(row=j, column=i, value=v)
        last = max(2, len(values) + 1)
        wb.defined_names[range_name(name)] = DefinedName(
            range_name(name), attr_text=f"'{sheets.LISTS_SHEET}'!${letter}$2:${letter}${last}"
        )
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _write_identity(wb: Workbook, obligation: Obligation, made: dt.date) -> None:
    ws = wb.create_sheet(sheets.IDENTITY_SHEET)
    values = (sheets.TEMPLATE_ID, str(sheets.TEMPLATE_VERSION), obligation.provider_id, obligation.period)
    for row, (label, value) in enumerate(zip(sheets.IDENTITY_FIELDS, values), start=1):
        ws.cell(row=row, column=1, value=label)
        ws.cell(row=row, column=2, value=value).number_format = "@"
    ws.cell(row=len(values) + 1, column=1, value="made")
    ws.cell(row=len(values) + 1, column=2, value=made.isoformat())
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _validation(sheet: sheets.Sheet, c: sheets.Column) -> DataValidation:
    col = BY_NAME[sheet.extract].schema.columns.get(c.name)
    described = str(col.description) if col is not None and c.role != sheets.INFO else (c.description or "")
    column_kind = cells.kind(sheet.extract, c.name) if col is not None else cells.TEXT
    options: dict = {}
    error = "Use a value the column allows: see the About sheet."
    if c.dropdown:
        options = {"type": "list", "formula1": range_name(c.dropdown)}
        error = "Pick a value from the dropdown list."
    elif column_kind == cells.DATE:
        options = {"type": "date", "operator": "between", "formula1": EARLIEST_DATE, "formula2": LATEST_DATE}
        error = "Enter a date, e.g. 2025-10-01."
    elif column_kind in (cells.INTEGER, cells.NUMBER):
        options = {
            "type": "whole" if column_kind == cells.INTEGER else "decimal",
            "operator": "between",
            "formula1": "0",
            "formula2": "100000000",
        }
        error = "Enter a number without units, commas or currency signs."
    return DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle=_clip(c.name, PROMPT_TITLE_CHARS),
        prompt=_clip(described, PROMPT_CHARS),
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=_clip(f"Not a valid {c.name}", PROMPT_TITLE_CHARS),
        error=_clip(error, PROMPT_CHARS),
        **options,
    )


def _write_sheet(wb: Workbook, sheet: sheets.Sheet, obligation: Obligation, rows: list[dict]) -> None:
    ws: Worksheet = wb.create_sheet(sheet.name)
    ws.cell(
        row=sheets.TITLE_ROW,
        column=1,
        value=f"{sheet.name}: {obligation.provider_name} ({obligation.provider_id}), {obligation.period}",
    ).font = TITLE_FONT
    ws.cell(row=sheets.GUIDANCE_ROW, column=1, value=sheet.purpose).alignment = Alignment(wrap_text=False)
    kinds = {
        c.name: (cells.kind(sheet.extract, c.name) if c.name in BY_NAME[sheet.extract].schema.columns else cells.TEXT)
        for c in sheet.columns
    }
    for i, c in enumerate(sheet.columns, start=1):
        letter = sheets.column_letter(i)
        header = ws.cell(row=sheets.HEADER_ROW, column=i, value=c.name)
        header.font, header.fill = HEADER_FONT, LOCKED_FILL
        dim = ws.column_dimensions[letter]
        dim.width = max(12, min(40, len(c.name) + 4))
        dim.number_format = NUMBER_FORMATS.get(kinds[c.name], "General")
        # Every cell of an entry column is open to the provider, down to the sheet's last row; the VRU's stay locked.
        editable = c.role in (sheets.ENTRY, sheets.NOTES)
        dim.protection = UNLOCKED if editable else LOCKED
        dv = _validation(sheet, c)
        dv.add(f"{letter}{sheets.FIRST_DATA_ROW}:{letter}{LAST_ROW}")
        ws.add_data_validation(dv)
    for r, row in enumerate(rows, start=sheets.FIRST_DATA_ROW):
        for i, c in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=r, column=i, value=row.get(c.name))
            cell.number_format = NUMBER_FORMATS.get(kinds[c.name], "General")
            # The keys of a pre-filled row are locked (a site's too): the row says which record it is.
            locked = c.role in (sheets.KEY, sheets.FIXED, sheets.INFO) or (
                sheet is sheets.SITES and c.name in ("service_id", "site_id") and row.get("_prefilled", False)
            )
            cell.protection = LOCKED if locked else UNLOCKED
            if locked:
                cell.fill = LOCKED_FILL
    ws.freeze_panes = ws.cell(row=sheets.FIRST_DATA_ROW, column=1)
    p = ws.protection
    p.sheet = True
    # Providers may sort, filter, resize and add or delete rows; not insert or delete columns.
    p.formatColumns = p.formatRows = p.insertRows = p.deleteRows = p.sort = p.autoFilter = False


def _write_about(wb: Workbook, obligation: Obligation) -> None:
    ws = wb.active
    ws.title = sheets.ABOUT_SHEET
    ws.cell(
        row=1,
        column=1,
        value=f"VRU provider return: {obligation.provider_name} ({obligation.provider_id}), {obligation.period}",
    ).font = TITLE_FONT
    ws.cell(
        row=2,
        column=1,
        value=f"Due by {obligation.due.isoformat()}; returns received after "
        f"{obligation.final.isoformat()} are counted as missing for the quarter's release.",
    )
    row = 4
    for i, line in enumerate(about.INSTRUCTIONS):
        ws.cell(row=row, column=1, value=line).font = HEADER_FONT if i == 0 else Font()
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="The sheets").font = HEADER_FONT
    for sheet in obligation.sheets:
        row += 1
        ws.cell(row=row, column=1, value=sheet.name).font = HEADER_FONT
        ws.cell(row=row, column=2, value=sheet.purpose)
    row += 2
    headers = ("sheet", "column", "filled in by", "meaning", "type", "may be empty", "allowed values", "example")
    for i, h in enumerate(headers, start=1):
        ws.cell(row=row, column=i, value=h).font = HEADER_FONT
    for sheet in obligation.sheets:
        for values in about.column_rows(sheet):
            row += 1
            for i, v in enumerate(values, start=1):
                ws.cell(row=row, column=i, value=v).alignment = Alignment(wrap_text=i in (4, 7), vertical="top")
    for letter, width in zip("ABCDEFGH", (16, 22, 18, 60, 16, 8, 40, 28)):
        ws.column_dimensions[letter].width = width
    ws.protection.sheet = True


def build(
    obligation: Obligation, *, rows: dict[str, list[dict]] | None = None, made: dt.date | None = None
) -> Workbook:
    """The workbook of `obligation`, its sheets holding `rows` (default: the pre-filled rows)."""
    wb = Workbook()
    _write_about(wb, obligation)
    filled = obligation.rows if rows is None else rows
    prefilled_sites = {(r["service_id"], r["site_id"]) for r in obligation.rows.get(sheets.SITES.name, [])}
    for sheet in obligation.sheets:
        sheet_rows = filled.get(sheet.name, [])
        if sheet is sheets.SITES:
            sheet_rows = [
                r | {"_prefilled": (r.get("service_id"), r.get("site_id")) in prefilled_sites} for r in sheet_rows
            ]
        _write_sheet(wb, sheet, obligation, sheet_rows)
    _write_lists(wb, lists_for(obligation))
    _write_identity(wb, obligation, made or dt.date.today())
    return wb


def write(obligation: Obligation, folder: Path, **options) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(obligation.provider_id, obligation.period)
    build(obligation, **options).save(path)
    return path
