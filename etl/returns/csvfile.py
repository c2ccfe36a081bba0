"""A return sent as CSV: one sheet of the template, for providers whose case-management system exports CSV.

Its first line says what it is, as the hidden Identity sheet of a workbook does, and how it is encoded:

    #vru-provider-return;version=1;provider_id=PRV001;period=2025-26 Q3;sheet=Referrals;encoding=utf-8

then the sheet's column names on line 2, and one record per line. UTF-8 is read unless the first line says
`encoding=windows-1252` (Excel's "CSV" on Windows): a file in another encoding than it says is refused at the first
byte that does not fit, with its line and column, never read as something else.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from etl.returns import sheets
from etl.returns.safety import Refused
from etl.returns.workbook import ReadReturn, ReadSheet

HEADER_ROW = 2
ENCODINGS = {"utf-8": "utf-8-sig", "utf8": "utf-8-sig", "windows-1252": "cp1252", "cp1252": "cp1252"}


class EncodingProblem(Refused):
    """A byte that the stated encoding cannot read: at `row` (1-based) and `column` (1-based)."""

    def __init__(self, expected: str, *, found: str, row: int, column: int):
        super().__init__("file_encoding", expected, found=found)
        self.row = row
        self.column = column


def first_line(text: bytes) -> dict[str, str] | None:
    line = text.split(b"\n", 1)[0].strip().decode("ascii", errors="replace")
    if not line.startswith(f"#{sheets.TEMPLATE_ID}"):
        return None
    identity = {"template": sheets.TEMPLATE_ID}
    for part in line.lstrip("#").split(";")[1:]:
        key, _, value = part.partition("=")
        identity[key.strip()] = value.strip()
    return identity


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(ENCODINGS[encoding])
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        byte = raw[err.start]
        raise EncodingProblem(
            "UTF-8 text (in Excel: Save As 'CSV UTF-8'), or encoding=windows-1252 on the first line if it is not",
            found=f"byte 0x{byte:02X} ('{bytes([byte]).decode('cp1252', errors='replace')}' in Windows-1252)",
            row=raw.count(b"\n", 0, err.start) + 1,
            column=_field(raw[line_start : err.start]),
        ) from None


def _field(line: bytes) -> int:
    """The 1-based field a position on a line is in: commas inside quotes separate nothing."""
    field, quoted = 1, False
    for byte in line:
        if byte == ord('"'):
            quoted = not quoted
        elif byte == ord(",") and not quoted:
            field += 1
    return field


def read_csv(path: Path, *, display_name: str) -> ReadReturn:
    raw = path.read_bytes()
    identity = first_line(raw)
    encoding = (identity or {}).get("encoding", "utf-8").lower()
    if encoding not in ENCODINGS:
        raise Refused(
            "file_encoding", "encoding=utf-8 or encoding=windows-1252 on the first line", found=f"encoding={encoding}"
        )
    text = _decode(raw, encoding)
    grid: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    name = (identity or {}).get("sheet", "")
    sheet = ReadSheet(name=name, grid=grid, header_row=HEADER_ROW)
    return ReadReturn(file=display_name, kind="csv", identity=identity, sheets={name: sheet}, identity_cell="A1")
