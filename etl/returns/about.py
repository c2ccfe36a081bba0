"""The "About" sheet of a template: how to fill it in, and each column's meaning, type, allowed values and an example,
taken from the data contract (the same words as docs/data-dictionary.md)."""

from __future__ import annotations

from etl.contract import dictionary
from etl.contract.extracts import BY_NAME
from etl.returns import sheets

WHO = {
    sheets.KEY: "the VRU (locked)",
    sheets.FIXED: "the VRU (locked)",
    sheets.ENTRY: "you",
    sheets.INFO: "the VRU, to help (not read back)",
    sheets.NOTES: "you, when a row needs explaining",
}

# Examples where the contract's own checks give none worth showing.
EXAMPLES = {
    "kpi_id": "divert-rearrest-12m",
    "quarter": "2025-26 Q3",
    "period": "2025-26 H1",
    "value": "72.5",
    "numerator": "29",
    "denominator": "40",
    "programme_id": "divert",
    "name": "Northside Youth Mentoring",
    "description": "One-to-one mentoring for young people at risk of exclusion.",
    "min_age": "10",
    "max_age": "17",
    "eligibility": "Young people aged 10 to 17 living in Lambeth",
    "address": "1 High Street",
    "site_name": "Northside Youth Hub",
    "performance_target": "80",
    "performance_value": "76.5",
    "rag_rule": "Green at or above target; amber within 10% of it; red below that.",
    "reviewer_note": "Delivery on plan; no concerns raised.",
    "kpi_name": "Young people re-arrested within 12 months",
    "unit": "percent",
    "target": "80",
    sheets.NOTES_COLUMN: "Cohort smaller than usual: the school closed for two weeks.",
}

INSTRUCTIONS = (
    "How to fill in this return",
    "1. Fill in the white cells of each sheet; grey cells are the VRU's and are locked. Pick coded values from the "
    "dropdowns.",
    "2. Enter dates as dates and numbers as numbers, one value per cell. Do not merge cells, add or remove columns, "
    "or rename sheets: the VRU reads each value from its place.",
    "3. Formulas are fine only if Excel has calculated them: save the workbook in Excel before sending it.",
    "4. Send the workbook as it is (.xlsx). The VRU checks it at once and sends back a copy with every problem "
    "marked on its cell. Errors must be corrected; a warning is accepted when you explain it in the row's notes.",
    "5. A corrected return replaces the one before: the latest accepted return for the quarter counts.",
)


def _example(extract: str, column: str) -> str:
    if column in EXAMPLES:
        return EXAMPLES[column]
    col = BY_NAME[extract].schema.columns.get(column)
    if col is None:
        return ""
    for check in col.checks:
        error = getattr(check, "error", "") or ""
        if error.startswith("text like "):
            return error.removeprefix("text like ")
        allowed = (check.statistics or {}).get("allowed_values")
        if allowed:
            return str(allowed[0])
    kind = dictionary.type_name(col)
    return {"date (YYYY-MM-DD)": "2025-10-01", "true/false": "true", "whole number": "12", "number": "12.5"}.get(
        kind, ""
    )


def column_rows(sheet: sheets.Sheet) -> list[tuple[str, ...]]:
    """(sheet, column, filled by, meaning, type, may be empty, allowed values, example) for each column."""
    rows = []
    contract = BY_NAME[sheet.extract].schema.columns
    for c in sheet.columns:
        col = contract.get(c.name) if c.role in (sheets.KEY, sheets.FIXED, sheets.ENTRY) else None
        if col is not None:
            meaning = str(col.description)
            kind = dictionary.type_name(col)
            empty = "yes" if col.nullable or c.optional_in_sheet else "no"
            allowed = dictionary.rules_text(col)
        else:
            meaning, kind, empty, allowed = c.description or "", "text", "yes", ""
        if c.name in sheet.filled_on_import:
            meaning += f" Left empty, it is {sheet.filled_on_import[c.name]}."
        rows.append((sheet.name, c.name, WHO[c.role], meaning, kind, empty, allowed, _example(sheet.extract, c.name)))
    return rows
