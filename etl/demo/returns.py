"""The demo extracts as providers' filled-in returns: one workbook per provider per quarter, as each provider would
have sent it, plus a few with the faults real returns have.

`filled_rows` says what a provider writes in its template from the extracts; `write_returns` writes every return of
the demo (with when it arrived and who took it in, beside each file as etl.returns.intake reads it), then the faulty
ones: a return on last quarter's template, one with a date typed as text and a numerator larger than its
denominator (sent again corrected), and a late one whose lateness is explained in its notes.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd

from etl import periods
from etl.returns import expected, sheets, template
from etl.returns.context import Context

# Its own random stream, so that the returns leave every extract as it was.
RETURNS_STREAM = 27
# Days after a quarter's end when a provider without KPIs sends its return.
SENT_AFTER_DAYS = (5, 29)
DEMO_UPLOADER = "demo: vru-etl generate"
RETURNS_FOLDER = "returns"  # in the extracts' folder


def _value(value, kind: str):
    """A cell as a provider's spreadsheet holds it: numbers as numbers, dates as dates."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value == "":
        return None
    if kind == "date":
        return dt.date.fromisoformat(str(value))
    if kind in ("integer", "number"):
        number = float(value)
        return int(number) if kind == "integer" or number == int(number) else number
    return str(value)


def sheet_rows(frame: pd.DataFrame, sheet: sheets.Sheet) -> list[dict]:
    from etl.returns import cells

    kinds = {c.name: cells.kind(sheet.extract, c.name) for c in sheet.read_back}
    return [{c: _value(r[c], kinds[c]) for c in kinds if c in frame.columns} for _, r in frame.iterrows()]


def filled_rows(raw: dict[str, pd.DataFrame], obligation: expected.Obligation) -> dict[str, list[dict]]:
    """What the provider writes in each sheet of its template for the quarter, from the extracts `raw` (as text)."""
    first, last = (d.isoformat() for d in periods.quarter_bounds(obligation.period))
    out: dict[str, list[dict]] = {}
    for sheet in obligation.sheets:
        if sheet is sheets.KPI_RETURNS:
            m = raw["kpi_measurements"].set_index(["kpi_id", "quarter"])
            rows = []
            for pre in obligation.rows[sheet.name]:
                key = (pre["kpi_id"], pre["quarter"])
                row = dict(pre)
                if key in m.index:
                    row |= sheet_rows(m.loc[[key]].reset_index(), sheet)[0]
                rows.append(row)
            out[sheet.name] = rows
        elif sheet is sheets.REFERRALS:
            p = raw["participants"]
            p = p[p["provider_id"] == obligation.provider_id]
            received = p["referral_date"].between(first, last)
            updated = (p["referral_date"] < first) & p["end_date"].fillna("").between(first, last)
            out[sheet.name] = sheet_rows(p[received | updated], sheet)
        elif sheet is sheets.SERVICES:
            s = raw["services"].set_index("service_id")
            out[sheet.name] = [
                pre | sheet_rows(s.loc[[pre["service_id"]]].reset_index(), sheet)[0]
                for pre in obligation.rows[sheet.name]
            ]
        elif sheet is sheets.SITES:
            s = raw["service_sites"]
            out[sheet.name] = sheet_rows(s[s["service_id"].isin(obligation.services)], sheet)
        elif sheet is sheets.REVIEWS:
            r = raw["service_reviews"].set_index(["service_id", "period"])
            rows = []
            for pre in obligation.rows[sheet.name]:
                key = (pre["service_id"], pre["period"])
                rows.append(pre | (sheet_rows(r.loc[[key]].reset_index(), sheet)[0] if key in r.index else {}))
            out[sheet.name] = rows
    return out


def received_at(raw: dict[str, pd.DataFrame], obligation: expected.Obligation, rng) -> dt.datetime:
    """When the demo return arrived: with its KPIs' latest submitted date, or some days after the quarter."""
    m = raw["kpi_measurements"]
    mine = m[(m["provider_id"] == obligation.provider_id) & (m["quarter"] == obligation.period)]
    if len(mine):
        day = dt.date.fromisoformat(max(mine["submitted_date"]))
    else:
        day = periods.quarter_bounds(obligation.period)[1] + dt.timedelta(days=int(rng.integers(*SENT_AFTER_DAYS)))
    return dt.datetime.combine(day, dt.time(10, int(rng.integers(0, 60))), tzinfo=dt.UTC)


def write_sidecar(path: Path, *, received: dt.datetime, uploaded_by: str) -> None:
    """When a return arrived and who took it in, beside the file (etl.returns.intake reads it)."""
    path.with_suffix(".json").write_text(
        json.dumps({"received_at": received.isoformat(timespec="seconds"), "uploaded_by": uploaded_by}, indent=1)
    )


def _faulty(ctx: Context, out_dir: Path, period: str) -> set[str]:
    """Three providers' returns for `period` with the faults real returns have; the providers whose only return for
    the quarter is one of them."""
    with_kpis = [
        ob
        for p in expected.expected_providers(ctx.typed, period)
        if (ob := expected.obligation(ctx.typed, provider_id=p, period=period)).rows.get(sheets.KPI_RETURNS.name)
        and ob.rows.get(sheets.REFERRALS.name) is not None
    ][:3]
    if len(with_kpis) < 3:
        return set()
    end = periods.quarter_bounds(period)[1]
    wrong, typo, late = with_kpis
    # Last quarter's template filled in again and sent as this quarter's: refused, so this quarter is still owed.
    earlier = expected.obligation(ctx.typed, provider_id=wrong.provider_id, period=periods.quarters()[-2])
    path = template.write(earlier, out_dir, rows=filled_rows(ctx.raw, earlier), made=end)
    path = path.rename(
        out_dir / template.file_name(wrong.provider_id, period).replace(".xlsx", "-on-old-template.xlsx")
    )
    sent = dt.datetime.combine(end + dt.timedelta(days=20), dt.time(9, 30), tzinfo=dt.UTC)
    path.with_suffix(".json").write_text(
        json.dumps(
            {
                "received_at": sent.isoformat(),
                "uploaded_by": DEMO_UPLOADER,
                "provider_id": wrong.provider_id,
                "period": period,
            }
        )
    )
    # A date typed as text and a numerator larger than its denominator: refused, then sent again corrected (the
    # corrected one is the return of this quarter written with the others).
    rows = filled_rows(ctx.raw, typo)
    if rows[sheets.REFERRALS.name]:
        rows[sheets.REFERRALS.name][0]["referral_date"] = end.strftime("%d/%m/%Y")
    kpi = next((r for r in rows[sheets.KPI_RETURNS.name] if r.get("denominator")), None)
    if kpi:
        kpi["numerator"] = int(kpi["denominator"]) + 3
    path = template.write(typo, out_dir, rows=rows, made=end)
    path = path.rename(path.with_name(path.stem + "-first-try.xlsx"))
    write_sidecar(path, received=sent - dt.timedelta(days=2), uploaded_by=DEMO_UPLOADER)
    # Late, and each late KPI explained in its notes: accepted with nothing left to report.
    rows = filled_rows(ctx.raw, late)
    arrived = end + dt.timedelta(days=41)
    for r in rows[sheets.KPI_RETURNS.name]:
        r |= {
            "submitted_date": arrived,
            sheets.NOTES_COLUMN: "Late: our data manager left in April; agreed with the contract manager.",
        }
    path = template.write(late, out_dir, rows=rows, made=end)
    path = path.rename(path.with_name(path.stem + "-late.xlsx"))
    write_sidecar(path, received=dt.datetime.combine(arrived, dt.time(16, 0), tzinfo=dt.UTC), uploaded_by=DEMO_UPLOADER)
    return {wrong.provider_id, late.provider_id}


def write_returns(ctx: Context, out_dir: Path, *, seed: int, as_of: dt.date) -> int:
    """Every return of the demo, into `out_dir`, then the faulty ones; the number of files written."""
    rng = np.random.default_rng([seed, RETURNS_STREAM])
    out_dir.mkdir(parents=True, exist_ok=True)
    due = [q for q in expected.return_quarters() if expected.due_date(q) < as_of]
    last = periods.quarters()[-1]
    instead = _faulty(ctx, out_dir, last) if last in due else set()
    written = 3 if instead else 0
    for period in due:
        for provider in sorted(ctx.typed["providers"]["provider_id"]):
            if period == last and provider in instead:
                continue
            obligation = expected.obligation(ctx.typed, provider_id=provider, period=period)
            if not obligation.sheets:
                continue
            received = received_at(ctx.raw, obligation, rng)
            rows = filled_rows(ctx.raw, obligation)
            path = template.write(obligation, out_dir, rows=rows, made=periods.quarter_bounds(period)[0])
            write_sidecar(path, received=received, uploaded_by=DEMO_UPLOADER)
            written += 1
    return written
