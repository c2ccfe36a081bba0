"""Providers' returns for the tests: the VRU's extracts before any return came in, templates filled in as a provider
would (opened, typed into, saved, as a spreadsheet program does), and bad returns made from good ones."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

from etl import halves, periods
from etl.demo import returns as demo_returns
from etl.returns import context, expected, sheets

# The extracts whose rows providers' returns bring; the register keeps its records, with the provider's columns out
# of date until the returns correct them.
EMPTIED = ("participants", "kpi_measurements", "service_sites", "service_reviews")
STALE_ELIGIBILITY = "To be confirmed with the provider"


def before_returns(extracts: Path, out: Path, *, since: str | None = None) -> Path:
    """A copy of `extracts` as the VRU holds it before the returns of `since` (a quarter) and later came in (before
    any, by default): without the providers' rows they bring, and with the register's details out of date."""
    shutil.copytree(extracts, out)
    start = periods.quarter_bounds(since)[0].isoformat() if since else "0000"
    later = {
        "participants": lambda f: f["referral_date"] >= start,
        "kpi_measurements": lambda f: f["quarter"] >= (since or ""),
        "service_reviews": lambda f: f["period"].map(lambda h: halves.bounds(h)[1].isoformat() >= start),
        "service_sites": lambda f: f["service_id"].notna(),
    }
    for name in EMPTIED:
        frame = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        frame[~later[name](frame).astype(bool)].to_csv(out / f"{name}.csv", index=False)
    services = pd.read_csv(out / "services.csv", dtype=str, keep_default_na=False)
    services["eligibility"] = STALE_ELIGIBILITY
    services.to_csv(out / "services.csv", index=False)
    return out


def identity(path: Path) -> tuple[str, str]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheets.IDENTITY_SHEET]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=1, max_row=4, values_only=True)}
    return str(values["provider_id"]), str(values["period"])


def fill(template: Path, *, base: context.Context, source: dict[str, pd.DataFrame], out: Path) -> Path:
    """The template filled in from the extracts `source` (as text): what its provider sends."""
    provider, period = identity(template)
    obligation = expected.obligation(base.typed, provider_id=provider, period=period)
    rows = demo_returns.filled_rows(source, obligation)
    wb = openpyxl.load_workbook(template)
    for sheet in obligation.sheets:
        ws = wb[sheet.name]
        ws.delete_rows(sheets.FIRST_DATA_ROW, ws.max_row)
        for r, row in enumerate(rows[sheet.name], start=sheets.FIRST_DATA_ROW):
            for c, column in enumerate(sheet.headers, start=1):
                if column in row and row[column] is not None:
                    ws.cell(row=r, column=c, value=row[column])
    target = out / template.name
    wb.save(target)
    return target


def set_cells(path: Path, sheet: str, values: dict[str, object], *, out: Path | None = None) -> Path:
    """A copy of a return with some cells typed over, as a provider's mistakes are."""
    wb = openpyxl.load_workbook(path)
    for cell, value in values.items():
        wb[sheet][cell] = value
    target = out or path
    wb.save(target)
    return target


def rezip(path: Path, out: Path, *, change) -> Path:
    """A copy of an .xlsx with its parts changed by `change(name, data) -> data | None` (None drops the part)."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
    return out


def due_quarters(as_of: dt.date, *, since: str | None = None) -> list[str]:
    return [q for q in expected.return_quarters() if expected.due_date(q) < as_of and q >= (since or "")]
