"""Read a return: an .xlsx workbook (values with python-calamine, after a pass over each sheet's XML for formulas that
were never calculated) or a CSV file (etl.returns.csvfile), into the same shape: sheets of cells from A1.

calamine gives each formula's cached value, and an empty cell for a formula that has none (a workbook written by a
program and never opened in Excel); only the sheet's XML tells those apart, so a sheet that has formulas is scanned.
Its XML is parsed with defusedxml (no entity expansion), and every part is read through safety.capped_read.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine
from defusedxml import ElementTree

from etl.returns import safety, sheets

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class ReadSheet:
    name: str
    grid: list[list[object]]  # rows from row 1, cells from column A
    header_row: int  # 1-based row of the column names
    merged: list[str] = field(default_factory=list)  # merged ranges, A1:B2
    uncalculated: list[str] = field(default_factory=list)  # cells holding a formula with no value
    hidden: bool = False

    def value(self, *, row: int, column: int) -> object:
        """The value at a 1-based row and column (None beyond the sheet)."""
        if row - 1 < len(self.grid) and column - 1 < len(self.grid[row - 1]):
            return self.grid[row - 1][column - 1]
        return None


@dataclass
class ReadReturn:
    file: str
    kind: str  # safety.XLSX or safety.CSV
    identity: dict[str, str] | None
    sheets: dict[str, ReadSheet]
    identity_cell: str | None = None  # where the identity was read: B1:B4 of the Identity sheet, or A1 of a CSV


def _sheet_parts(archive: zipfile.ZipFile, budget: list[int]) -> dict[str, str]:
    """Sheet name -> its part's name in the archive."""
    workbook = ElementTree.fromstring(b"".join(safety.capped_read(archive, "xl/workbook.xml", budget)))
    rels_name = "xl/_rels/workbook.xml.rels"
    rels = ElementTree.fromstring(b"".join(safety.capped_read(archive, rels_name, budget)))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PACKAGE_REL}Relationship")}
    parts = {}
    for s in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(s.get(f"{REL}id"), "")
        parts[s.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
    return parts


def _uncalculated(archive: zipfile.ZipFile, part: str, budget: list[int]) -> list[str]:
    """Cells of a sheet part holding a formula and no cached value. A sheet without any formula is read once, in
    chunks, and never parsed."""
    data = b"".join(safety.capped_read(archive, part, budget))
    if b"<f>" not in data and b"<f " not in data and b":f>" not in data and b":f " not in data:
        return []
    found = []
    for cell in ElementTree.fromstring(data).iter(f"{MAIN}c"):
        formula = cell.find(f"{MAIN}f")
        value = cell.find(f"{MAIN}v")
        if formula is not None and (value is None or not (value.text or "").strip()) and cell.get("t") != "inlineStr":
            found.append(cell.get("r", "?"))
    return found


def _range(start: tuple[int, int], end: tuple[int, int]) -> str:
    first = sheets.cell_name(column=start[1] + 1, row=start[0] + 1)
    return f"{first}:{sheets.cell_name(column=end[1] + 1, row=end[0] + 1)}"


def read_xlsx(path: Path, *, display_name: str) -> ReadReturn:
    """Every sheet of a workbook that safety.sniff passed, or safety.Refused."""
    budget = [0]
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _sheet_parts(archive, budget)
            uncalculated = {
                name: _uncalculated(archive, part, budget) for name, part in parts.items() if part in archive.namelist()
            }
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError) as err:
        raise safety.Refused(
            "corrupt_file", "an Excel workbook (.xlsx) that opens", found=f"a damaged file ({err})"
        ) from err
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        hidden = {m.name for m in book.sheets_metadata if str(m.visible).rsplit(".", 1)[-1] != "Visible"}
        read: dict[str, ReadSheet] = {}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            read[name] = ReadSheet(
                name=name,
                grid=sheet.to_python(skip_empty_area=False),
                header_row=sheets.HEADER_ROW,
                merged=[_range(a, b) for a, b in (sheet.merged_cell_ranges or [])],
                uncalculated=uncalculated.get(name, []),
                hidden=name in hidden,
            )
    except Exception as err:  # calamine raises its own errors, and Rust panics, for a damaged file
        raise safety.Refused(
            "corrupt_file", "an Excel workbook (.xlsx) that opens", found=f"a damaged file ({err})"
        ) from err
    return ReadReturn(
        file=display_name,
        kind=safety.XLSX,
        identity=_identity(read.get(sheets.IDENTITY_SHEET)),
        sheets=read,
        identity_cell=f"B1:B{len(sheets.IDENTITY_FIELDS)}",
    )


def _identity(sheet: ReadSheet | None) -> dict[str, str] | None:
    if sheet is None:
        return None
    found = {}
    for row in sheet.grid:
        if len(row) >= 2 and str(row[0]) in sheets.IDENTITY_FIELDS:
            value = row[1]
            found[str(row[0])] = str(int(value)) if isinstance(value, float) and value == int(value) else str(value)
    return found
