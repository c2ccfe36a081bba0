"""The provider's workbook written back as a copy with its faults marked: each faulty cell filled and carrying a
comment that says what was found and what was expected, and a first sheet, "Findings", listing every finding with a
link to its cell.

The copy is made from the values the check read, in the same sheets and cells, so every cell reference in the
findings is the provider's own; it is never the provider's file opened and saved again (openpyxl would drop what it
does not understand of it). The words say what each colour means: a finding is never shown by colour alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from etl.returns.check import CheckResult
from etl.validation.findings import ERROR

FINDINGS_SHEET = "Findings"
FILLS = {
    "blocks the return": PatternFill("solid", fgColor="FFC7CE"),  # red: an error
    "reported": PatternFill("solid", fgColor="FFEB9C"),  # amber: a warning to explain
    "explained": PatternFill("solid", fgColor="DDEBF7"),  # blue: a warning explained in notes
}
LEGEND = (  # one short line each, so that the sheet prints at a readable size
    "Every problem the VRU's check found in this return, with a link to its cell.",
    "In the sheets, each cell with a problem is filled and carries a comment: red for an error (must be corrected),",
    "amber for a warning (correct it or explain it in the row's notes column), blue for a warning you have explained.",
    "Correct your own workbook and send it again: this copy has no dropdowns.",
)
HEADER_ROW = 2 + len(LEGEND) + 1  # the title, the legend, a blank row
COMMENT_AUTHOR = "VRU returns check"


def _first_cell(cell: str) -> str:
    return cell.split(":", 1)[0]


def _comment(result: CheckResult, finding) -> str:
    got = "" if finding.value is None else f"Found: {finding.value}. "
    note = result.note(finding)
    explained = f" Explained in notes: {note}" if note else ""
    return f"{finding.severity.upper()} [{finding.rule}]: {got}Expected: {finding.expected}.{explained}"


def build(result: CheckResult) -> Workbook:
    """The annotated copy of a return the check could read."""
    if result.read is None:
        raise ValueError("a return that could not be read has no copy to annotate")
    wb = Workbook()
    summary = wb.active
    name = FINDINGS_SHEET if FINDINGS_SHEET not in result.read.sheets else f"{FINDINGS_SHEET} (VRU check)"
    summary.title = name
    for read in result.read.sheets.values():
        ws = wb.create_sheet(read.name or "Sheet")
        for r, row in enumerate(read.grid, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                if r == read.header_row:
                    cell.font = Font(bold=True)
        _fit(ws, read.grid, read.header_row)
        if read.hidden:
            ws.sheet_state = "hidden"
    for f in result.findings:
        if not f.sheet or not f.cell or f.sheet not in wb.sheetnames:
            continue
        sheet = wb[f.sheet]
        sheet.sheet_state = "visible"  # a finding on the hidden identity is shown too
        cell = sheet[_first_cell(f.cell)]
        cell.fill = FILLS[result.status(f)]
        cell.comment = Comment(_comment(result, f), COMMENT_AUTHOR, width=320, height=140)
    _write_findings(summary, result)
    return wb


def _write_findings(ws, result: CheckResult) -> None:
    ws["A1"] = f"Findings of the VRU's check of {result.file}"
    ws["A1"].font = Font(bold=True, size=14)
    for r, line in enumerate(LEGEND, start=2):
        ws.cell(row=r, column=1, value=line)
    headers = ("severity", "what becomes of it", "sheet", "cell", "column", "found", "expected", "rule", "your note")
    for i, h in enumerate(headers, start=1):
        ws.cell(row=HEADER_ROW, column=i, value=h).font = Font(bold=True)
    for r, f in enumerate(result.findings, start=HEADER_ROW + 1):
        values = (f.severity, result.status(f), f.sheet, f.cell, f.column, f.value, f.expected, f.rule, result.note(f))
        for i, v in enumerate(values, start=1):
            ws.cell(row=r, column=i, value=v)
        if f.sheet and f.cell and f.sheet in ws.parent.sheetnames and f.sheet != ws.title:
            link = ws.cell(row=r, column=4)
            # A link within the workbook (a location, not an address), which Excel and LibreOffice both follow.
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{_first_cell(f.cell)}")
            link.font = Font(color="0563C1", underline="single")
        ws.cell(row=r, column=1).font = Font(bold=f.severity == ERROR)
    for letter, width in zip("ABCDEFGHI", (10, 18, 14, 10, 18, 24, 60, 22, 40)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    _print_wide(ws)


def _fit(ws, grid: list[list[object]], header_row: int) -> None:
    """Columns wide enough for their header and values (a date in a narrow column shows as ###), and the sheet
    printed across one page's width."""
    widths: dict[int, int] = {}
    for row in grid[header_row - 1 : header_row + 200]:
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                widths[c] = max(widths.get(c, 0), 10 if isinstance(value, dt.date) else len(str(value)))
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 9), 45)
    _print_wide(ws)


def _print_wide(ws) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write(result: CheckResult, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{Path(result.file).stem}.annotated.xlsx"
    build(result).save(path)
    return path
