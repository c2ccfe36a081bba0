"""What a return file must be before any parser sees it: small enough, an .xlsx workbook or a CSV file by its first
bytes (never by its name), with no macros, and no decompression bomb inside.

An .xlsx file is a ZIP archive of XML parts. Its directory is read first (sizes, parts, content types); the sizes it
states are then held to as the parts are decompressed (`capped_read`), since a crafted archive can state small sizes
and inflate to gigabytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# The upload limit: a quarter's return of the largest provider is a few hundred kilobytes; 50,000 referrals are 3 MB.
MAX_RETURN_BYTES = 10 * 1024 * 1024
# What the parts of a workbook may inflate to, in all: 50,000 referrals take 40 MB of XML.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# Sheet XML compresses about 10 to 1, and a sheet of one repeated value about 100 to 1; a bomb, thousands to 1.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1024 * 1024  # small parts have ratios of any size, and inflate to little
MAX_PARTS = 1_000
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 workbooks, and password-protected .xlsx files
MACRO_CONTENT_TYPE = "macroEnabled"
CHUNK = 1 << 16

XLSX = "xlsx"
CSV = "csv"


class Refused(Exception):
    """The file is refused whole; `rule` names why and the message says what was expected."""

    def __init__(self, rule: str, expected: str, *, found: str | None = None):
        super().__init__(expected)
        self.rule = rule
        self.expected = expected
        self.found = found


@dataclass(frozen=True)
class Sniffed:
    kind: str  # XLSX or CSV
    size: int


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            names = {p.filename for p in parts}
            if len(parts) > MAX_PARTS:
                raise Refused(
                    "decompression_bomb", f"a workbook of at most {MAX_PARTS:,} parts", found=f"{len(parts):,} parts"
                )
            total = sum(p.file_size for p in parts)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise Refused(
                    "decompression_bomb",
                    f"a workbook that unpacks to at most {MAX_UNCOMPRESSED_BYTES // 2**20} MB",
                    found=f"{total / 2**20:,.0f} MB unpacked",
                )
            for p in parts:
                if p.file_size > RATIO_FROM_BYTES and p.file_size > MAX_RATIO * max(p.compress_size, 1):
                    raise Refused(
                        "decompression_bomb",
                        f"parts compressed at most {MAX_RATIO} to 1",
                        found=f"{p.filename} compressed {p.file_size // max(p.compress_size, 1):,} to 1",
                    )
            if "xl/vbaProject.bin" in names or any(n.lower().endswith(".bin") and "vba" in n.lower() for n in names):
                raise Refused("macro_workbook", "a workbook without macros (.xlsx, not .xlsm)", found="macros")
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise Refused("not_a_workbook", "an Excel workbook (.xlsx)", found="a ZIP archive of something else")
            types = archive.read("[Content_Types].xml") if _small(archive, "[Content_Types].xml") else b""
            if MACRO_CONTENT_TYPE.encode() in types:
                raise Refused(
                    "macro_workbook", "a workbook without macros (.xlsx, not .xlsm)", found="a macro-enabled workbook"
                )
    except zipfile.BadZipFile as err:
        raise Refused("corrupt_file", "an Excel workbook (.xlsx) that opens", found=f"a damaged file ({err})") from err


def _small(archive: zipfile.ZipFile, name: str) -> bool:
    return archive.getinfo(name).file_size <= 1024 * 1024


def sniff(path: Path, *, max_bytes: int = MAX_RETURN_BYTES) -> Sniffed:
    """The kind of return `path` holds, or Refused."""
    size = path.stat().st_size
    if size > max_bytes:
        raise Refused("file_too_large", f"a file of at most {max_bytes // 2**20} MB", found=f"{size / 2**20:,.1f} MB")
    if size == 0:
        raise Refused("empty_file", "a workbook or CSV file with something in it", found="an empty file")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(ZIP_MAGIC):
        _check_archive(path)
        return Sniffed(XLSX, size)
    if head.startswith(OLE2_MAGIC):
        raise Refused(
            "legacy_workbook",
            "an .xlsx workbook without a password (save it as 'Excel Workbook')",
            found="an Excel 97-2003 (.xls) or password-protected workbook",
        )
    if b"\x00" in head:
        raise Refused("not_a_workbook", "an Excel workbook (.xlsx) or a CSV file", found="a binary file")
    return Sniffed(CSV, size)


def capped_read(archive: zipfile.ZipFile, name: str, budget: list[int]) -> Iterator[bytes]:
    """The bytes of one part, in chunks, stopping with Refused as soon as the parts read so far (`budget`, a one-item
    list shared by the calls for one file) pass MAX_UNCOMPRESSED_BYTES or this part passes its stated size."""
    stated = archive.getinfo(name).file_size
    read = 0
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            read += len(chunk)
            budget[0] += len(chunk)
            if read > stated or budget[0] > MAX_UNCOMPRESSED_BYTES:
                raise Refused(
                    "decompression_bomb",
                    "a workbook whose parts unpack to what its directory states",
                    found=f"{name} unpacks past {stated:,} bytes",
                )
            yield chunk
