"""Extract: read the internal CSV extracts as text, refusing files that cannot be read safely.

Every cell is read as text; types are the validator's job, so that a wrong type
is reported with its row and value instead of failing inside a parser.
"""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pandas as pd

from etl.contract.extracts import EXTRACTS, Extract
from etl.errors import ConfigurationError
from etl.validation.findings import WARNING, Finding

# Larger than any real extract: a million-participant file is about 150 MB.
# Set VRU_MAX_INPUT_BYTES to change it.
DEFAULT_MAX_INPUT_BYTES = 1024**3


def max_input_bytes() -> int:
    value = os.environ.get("VRU_MAX_INPUT_BYTES", str(DEFAULT_MAX_INPUT_BYTES))
    try:
        limit = int(value)
    except ValueError:
        raise ConfigurationError(f"VRU_MAX_INPUT_BYTES must be a whole number of bytes, not {value!r}") from None
    if limit < 1:
        raise ConfigurationError(f"VRU_MAX_INPUT_BYTES must be at least 1, not {limit}")
    return limit


def _line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _encoding_finding(path: Path, extract: Extract) -> Finding | None:
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        header = raw[: raw.find(b"\n")].decode("utf-8", errors="replace").strip().split(",")
        # The field holding the bad byte, counting separators before it on its line
        # (good enough to point at the column; quoted commas are rare in these extracts).
        field = raw.count(b",", line_start, err.start)
        byte = raw[err.start]
        return Finding(
            file=extract.filename,
            row=_line_of_byte(raw, err.start),
            column=header[field] if field < len(header) else None,
            value=f"byte 0x{byte:02X} ('{bytes([byte]).decode('cp1252', errors='replace')}' in Windows-1252)",
            expected="UTF-8 text (in Excel: Save As 'CSV UTF-8')",
            rule="file_encoding",
        )
    return None


def _field_count_findings(path: Path, extract: Extract, width: int) -> list[Finding]:
    """Rows with more or fewer fields than the header, with their row number."""
    found = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for fields in reader:
            if fields and len(fields) != width:
                row = reader.line_num
                surplus = f"; surplus: {', '.join(fields[width:])}" if len(fields) > width else ""
                found.append(
                    Finding(
                        extract.filename,
                        row,
                        None,
                        f"{len(fields)} fields{surplus}",
                        f"{width} fields, as in the header (a comma inside a value needs quotes)",
                        "malformed_csv",
                    )
                )
    return found


def _header_findings(extract: Extract, header: list[str]) -> list[Finding]:
    found = []
    expected = extract.columns
    for col in expected:
        if col not in header:
            found.append(
                Finding(
                    extract.filename,
                    1,
                    col,
                    None,
                    f"a column named '{col}' (columns: {', '.join(expected)})",
                    "missing_column",
                )
            )
    for col in header:
        if col not in expected:
            found.append(
                Finding(
                    extract.filename,
                    1,
                    col,
                    col,
                    f"only the contract's columns: {', '.join(expected)}",
                    "unexpected_column",
                )
            )
    if len(set(header)) != len(header):
        dupes = sorted({c for c in header if header.count(c) > 1})
        found.append(Finding(extract.filename, 1, ", ".join(dupes), None, "each column once", "duplicate_column"))
    return found


def read_extract(path: Path, extract: Extract, *, max_bytes: int) -> tuple[pd.DataFrame | None, list[Finding]]:
    """Read one extract as text; return (frame, []) or (None, findings that explain why not)."""
    name = extract.filename
    if not path.exists():
        return None, [Finding(name, None, None, None, f"a file named {name} in the input folder", "missing_file")]
    size = path.stat().st_size
    if size == 0:
        return None, [
            Finding(
                name,
                None,
                None,
                None,
                f"a header row ({', '.join(extract.columns)}) and data rows; the file is empty",
                "empty_file",
            )
        ]
    if size > max_bytes:
        return None, [
            Finding(
                name,
                None,
                None,
                f"{size:,} bytes",
                f"at most {max_bytes:,} bytes (VRU_MAX_INPUT_BYTES); split the extract or raise the limit",
                "file_too_large",
            )
        ]
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except UnicodeDecodeError:
        return None, [_encoding_finding(path, extract)]
    header_problems = _header_findings(extract, header)
    if header_problems:
        return None, header_problems
    try:
        # Blank lines are kept so that row numbers match what an editor shows.
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig", skip_blank_lines=False
        )
    except UnicodeDecodeError:
        return None, [_encoding_finding(path, extract)]
    except pd.errors.ParserError:
        return None, _field_count_findings(path, extract, len(header))
    # Only rows with the first field empty can be blank: the other columns are looked at on those alone.
    maybe_blank = frame.index[frame.iloc[:, 0].isna()]
    blank = frame.index.isin(maybe_blank[frame.loc[maybe_blank].isna().all(axis=1)])
    notes = [
        Finding(name, int(i) + 2, None, None, "a record on every row; this blank row was skipped", "blank_row", WARNING)
        for i in frame.index[blank]
    ]
    if blank.any():
        frame = frame[~blank]
    if frame.empty and not extract.may_be_empty:
        return None, [Finding(name, None, None, None, "at least one data row below the header", "empty_file")]
    return frame, notes


def read_extracts(input_dir: Path, *, max_bytes: int | None = None) -> tuple[dict[str, pd.DataFrame], list[Finding]]:
    """Read every extract of the contract from `input_dir`."""
    limit = max_input_bytes() if max_bytes is None else max_bytes
    frames: dict[str, pd.DataFrame] = {}
    findings: list[Finding] = []
    for extract in EXTRACTS:
        frame, problems = read_extract(Path(input_dir) / extract.filename, extract, max_bytes=limit)
        findings.extend(problems)
        if frame is not None:
            frames[extract.name] = frame
    return frames, findings


def digest_inputs(input_dir: Path) -> str:
    """SHA-256 over the contract's files, in contract order: the release records what it was built from."""
    sha = hashlib.sha256()
    for extract in EXTRACTS:
        path = Path(input_dir) / extract.filename
        sha.update(extract.filename.encode())
        if path.exists():
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    sha.update(block)
    return sha.hexdigest()
