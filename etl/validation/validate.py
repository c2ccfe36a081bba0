"""Validate: run the contract's schemas on each extract, then the cross-file rules.

Returns typed frames and warnings, or raises ValidationFailed with every error
found (not just the first), each naming file, row, column, value and expectation.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence

import pandas as pd
import pandera.pandas as pa

from etl.contract.extracts import BY_NAME, Extract
from etl.errors import ValidationFailed
from etl.validation import rulebook
from etl.validation.findings import ERROR, Finding, cap_examples, errors, spreadsheet_row

# pandera reports its built-in checks by these names; say them in plain English.
_BUILTIN_EXPECTATIONS = {
    "not_nullable": "a value (this column may not be empty)",
    "column_in_dataframe": "this column to be present",
    "column_in_schema": "only the contract's columns",
}


def _expected_dtype(check: str) -> str:
    if "datetime" in check:
        return "a date written YYYY-MM-DD that exists in the calendar"
    if "Int64" in check or "int" in check:
        return "a whole number"
    if "float" in check:
        return "a number (digits and an optional decimal point, no currency sign or commas)"
    if "bool" in check:
        return "true or false"
    return f"a value of type {check}"


def _findings_from_pandera(extract: Extract, failure_cases: pd.DataFrame, raw: pd.DataFrame) -> list[Finding]:
    found: list[Finding] = []
    cases = failure_cases.copy()
    coerce_failed = set(cases.loc[cases["check"].astype(str).str.startswith("coerce_dtype"), "column"])
    # By column, not itertuples(): a failure case's "index" field would be read as tuple.index by a type checker.
    for check_name, case_column, index, failure_case in zip(
        cases["check"], cases["column"], cases["index"], cases["failure_case"]
    ):
        check = str(check_name)
        column = case_column if isinstance(case_column, str) else None
        # After a failed type conversion pandera also reports the dtype and any
        # value check of that column; the conversion failure is the one to show.
        if column in coerce_failed and not check.startswith("coerce_dtype"):
            continue
        if check.startswith(("coerce_dtype", "dtype(")):
            expected = _expected_dtype(check)
            rule = "wrong_type"
        elif check in ("multiple_fields_uniqueness", "field_uniqueness"):
            continue  # reported by _duplicate_key_findings, with the first row that used the key
        elif check in _BUILTIN_EXPECTATIONS:
            expected = _BUILTIN_EXPECTATIONS[check]
            rule = "missing_value" if check == "not_nullable" else check
        else:
            expected = check
            rule = "allowed_values"
        row = spreadsheet_row(index) if index is not None and not pd.isna(index) else None
        value: str | None
        if row is not None and column in raw.columns:
            # The text as written in the file, not pandera's converted value (-100.00, not -100.0).
            text = raw.loc[index, column]
            value = None if pd.isna(text) else str(text)
        else:
            value = (
                None
                if failure_case is None or (not isinstance(failure_case, str) and pd.isna(failure_case))
                else str(failure_case)
            )
        found.append(Finding(extract.filename, row, column, value, expected, rule))
    found.sort(key=lambda f: (f.row or 0, f.column or ""))
    return found


def _duplicate_key_findings(extract: Extract, frame: pd.DataFrame) -> list[Finding]:
    """One finding per repeated key, naming the row that repeats it (pandera's compound-key report omits rows)."""
    key = list(extract.key)
    keyed = frame[key].dropna()  # an empty key is reported as a missing value
    dupes = keyed[keyed.duplicated(keep="first")]
    if dupes.empty:
        return []
    first_rows = keyed.reset_index().drop_duplicates(subset=key, keep="first").set_index(key)["index"]
    found = []
    for idx, row in dupes.iterrows():
        k = tuple(row[c] for c in key)
        first = first_rows.loc[k if len(k) > 1 else k[0]]
        found.append(
            Finding(
                extract.filename,
                spreadsheet_row(idx),
                " + ".join(key),
                " / ".join(str(v) for v in k),
                f"a unique key: no two rows with the same {' + '.join(key)} "
                f"(first used on row {spreadsheet_row(first)})",
                "duplicate_key",
            )
        )
    return found


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def _date_format_findings(extract: Extract, frame: pd.DataFrame) -> list[Finding]:
    """Dates must be written YYYY-MM-DD exactly: 2023-4-3 or 03/04/2023 are ambiguous or sloppy."""
    found = []
    for name, column in extract.schema.columns.items():
        if "datetime" not in str(column.dtype):
            continue
        values = frame[name].dropna()
        # A million rows hold a few thousand distinct dates: each distinct text is matched once.
        distinct = pd.Series(values.unique())
        wrong = distinct[~distinct.astype(str).str.fullmatch(DATE_PATTERN)]
        if wrong.empty:
            continue
        bad = values[values.isin(wrong)]
        found += [
            Finding(extract.filename, spreadsheet_row(i), name, str(v), _expected_dtype("datetime"), "wrong_type")
            for i, v in bad.items()
        ]
    return found


def _schema_without_key(extract: Extract) -> pa.DataFrameSchema:
    """The extract's schema without its unique-key check: _duplicate_key_findings reports repeated keys with the
    rows that first used them, and pandera's report of them is discarded, so running its check is wasted work."""
    schema = copy.copy(extract.schema)
    schema.unique = None
    return schema


def validate_extract(extract: Extract, frame: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Finding]]:
    """Types, allowed values and keys of one extract; (typed frame, []) or (None, findings)."""
    # Compound keys are checked here, with the rows that repeat them; pandera checks the rest.
    found = _duplicate_key_findings(extract, frame) + _date_format_findings(extract, frame)
    try:
        # In place on a shallow copy: the raw text stays as read (findings quote it), and a million rows are not
        # copied; pandas' copy-on-write copies only the columns the schema converts.
        typed = _schema_without_key(extract).validate(frame.copy(deep=False), lazy=True, inplace=True)
    except pa.errors.SchemaErrors as err:
        found.extend(_findings_from_pandera(extract, err.failure_cases, frame))
        # A date in another format also fails conversion: report it once.
        return None, list(dict.fromkeys(found))
    if found:
        return None, found
    for column in extract.flags:
        typed[column] = typed[column].map({"true": True, "false": False}).astype("boolean")
    return typed, found


def validate(
    frames: dict[str, pd.DataFrame], *, as_of: dt.date, prior_findings: Sequence[Finding] = ()
) -> tuple[dict[str, pd.DataFrame], list[Finding]]:
    """Validate every extract; return (typed frames, warnings) or raise ValidationFailed."""
    findings: list[Finding] = list(prior_findings)
    typed: dict[str, pd.DataFrame] = {}
    for name, frame in frames.items():
        result, problems = validate_extract(BY_NAME[name], frame)
        findings.extend(problems)
        if result is not None:
            typed[name] = result
    findings.extend(rulebook.run_all(typed, as_of=as_of))
    if errors(findings):
        raise ValidationFailed(findings, shown=cap_examples(findings))
    return typed, [f for f in findings if f.severity != ERROR]
