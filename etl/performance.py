"""Internal-only aggregates for performance management (internal mode's pages): KPI returns per
provider and quarter, spend against the budget profile by month, and the cells that
the public release suppresses although their true figure is large.

Plain functions of validated extracts (and the unprotected cube), DataFrames out; the
pipeline adds them to the internal database's release (sql/internal.sql). Nothing here
is person-level: the dashboard reads these tables instead of recomputing anything.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from etl import periods
from etl.validation.reporting_rules import RETURN_DAYS_ALLOWED

# A suppressed cell whose true count is at least this is shown to directors as
# "hidden from the public": below it the cell is small anyway, and the list would
# be every small-cell suppression of the release.
HIDDEN_CELL_MIN_VALUE = 20
# Optional column of the budgets extract: twelve shares (April to March, ';'-separated)
# of the year's budget. Without it (the contract today) the profile is straight-line.
PROFILE_COLUMN = "monthly_profile"
MONTHS = 12

ON_TIME, LATE, MISSING = "on time", "late", "missing"


def reporting_date(as_of: dt.date) -> dt.date:
    """The date the release describes: today, or the end of the reporting years if later."""
    return min(as_of, periods.reporting_end())


def current_financial_year(as_of: dt.date) -> str:
    return periods.financial_year_of_dates(pd.Series([pd.Timestamp(reporting_date(as_of))])).iloc[0]


def current_quarter(as_of: dt.date) -> str | None:
    """The latest quarter whose KPI returns were due by `as_of`."""
    due = [q for q in periods.quarters() if periods.quarter_due_date(q, days_allowed=RETURN_DAYS_ALLOWED) < as_of]
    return due[-1] if due else None


def kpi_returns(frames, *, as_of: dt.date) -> pd.DataFrame:
    """One row per KPI and quarter that was due while its programme ran: who returned it
    (or should have: the provider of its other returns, else the lead provider), when, and
    whether it came on time, late, or not at all."""
    columns = ["kpi_id", "programme_id", "provider_id", "quarter", "due_date", "submitted_date", "days_late", "status"]
    defs, m, progs = (
        frames["kpi_definitions"],
        frames["kpi_measurements"],
        frames["programmes"].set_index("programme_id"),
    )
    provider_of = m.drop_duplicates("kpi_id").set_index("kpi_id")["provider_id"].to_dict()
    received = m.set_index(["kpi_id", "quarter"])
    rows = []
    for _, kpi in defs.iterrows():
        prog = progs.loc[kpi["programme_id"]]
        for q in periods.quarters():
            first, last = periods.quarter_bounds(q)
            running = prog["start_date"].date() <= last and (
                pd.isna(prog["end_date"]) or prog["end_date"].date() >= first
            )
            due = periods.quarter_due_date(q, days_allowed=RETURN_DAYS_ALLOWED)
            if not running or due >= as_of:
                continue
            if (kpi["kpi_id"], q) in received.index:
                r = received.loc[(kpi["kpi_id"], q)]
                submitted = pd.Timestamp(r["submitted_date"]).date()
                late = max(0, (submitted - due).days)
                rows.append(
                    (
                        kpi["kpi_id"],
                        kpi["programme_id"],
                        r["provider_id"],
                        q,
                        due,
                        submitted,
                        late,
                        LATE if late else ON_TIME,
                    )
                )
            else:
                provider = provider_of.get(kpi["kpi_id"], prog["lead_provider_id"])
                rows.append((kpi["kpi_id"], kpi["programme_id"], provider, q, due, None, None, MISSING))
    out = pd.DataFrame(rows, columns=columns)
    for col in ("due_date", "submitted_date"):
        out[col] = pd.to_datetime(out[col])
    out["days_late"] = out["days_late"].astype("Int64")
    return out


def _profile_shares(budget_row) -> np.ndarray:
    raw = budget_row.get(PROFILE_COLUMN) if hasattr(budget_row, "get") else None
    if isinstance(raw, str) and raw.strip():
        shares = np.array([float(s) for s in raw.split(";")])
        return shares / shares.sum()
    return np.full(MONTHS, 1 / MONTHS)


def spend_profile(frames) -> pd.DataFrame:
    """Per programme, financial year and month (April = 1): the budget profile and the
    spend, each in the month and cumulative."""
    ledger = frames["spend"].assign(
        financial_year=periods.financial_year_of_dates(frames["spend"]["payment_date"]),
        month_index=(pd.to_datetime(frames["spend"]["payment_date"]).dt.month - 4) % MONTHS + 1,
    )
    paid = ledger.groupby(["programme_id", "financial_year", "month_index"])["amount_gbp"].sum()
    rows = []
    for _, b in frames["budgets"].iterrows():
        shares = _profile_shares(b)
        start_year = int(b["financial_year"][:4])
        cumulative_profile = cumulative_spend = 0.0
        for i in range(MONTHS):
            month = dt.date(start_year + (i + 3) // 12, (i + 3) % 12 + 1, 1)
            profile = float(b["budget_gbp"]) * shares[i]
            spent = float(paid.get((b["programme_id"], b["financial_year"], i + 1), 0.0))
            cumulative_profile += profile
            cumulative_spend += spent
            rows.append(
                (
                    b["programme_id"],
                    b["financial_year"],
                    i + 1,
                    month.isoformat(),
                    float(b["budget_gbp"]),
                    round(profile, 2),
                    round(cumulative_profile, 2),
                    round(spent, 2),
                    round(cumulative_spend, 2),
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "programme_id",
            "financial_year",
            "month_index",
            "month",
            "budget_gbp",
            "profile_gbp",
            "profile_cumulative_gbp",
            "spend_gbp",
            "spend_cumulative_gbp",
        ],
    )


def months_elapsed(frames, *, financial_year: str, as_of: dt.date) -> int:
    """Months of the year the ledger covers: every month that ended by the reporting date,
    and no later than the last month with any payment (the ledger's extent)."""
    start = dt.date(int(financial_year[:4]), 4, 1)
    end = reporting_date(as_of)
    ended = sum(
        1
        for i in range(MONTHS)
        if (pd.Timestamp(start) + pd.DateOffset(months=i + 1) - pd.Timedelta(days=1)).date() <= end
    )
    payments = pd.to_datetime(frames["spend"]["payment_date"])
    in_year = payments[(payments >= pd.Timestamp(start)) & (payments < pd.Timestamp(start) + pd.DateOffset(years=1))]
    paid_to = 0 if in_year.empty else int((in_year.max().month - 4) % MONTHS + 1)
    return min(ended, paid_to) if paid_to else ended


def spend_position(profile: pd.DataFrame, *, elapsed: dict[str, int]) -> pd.DataFrame:
    """Per programme and financial year: spend and profile to date, variance (pounds and
    per cent of the profile to date), and the outturn forecast from the run rate (spend to
    date per month elapsed, times twelve) with its variance from the budget."""
    rows = []
    for (programme, year), g in profile.groupby(["programme_id", "financial_year"], sort=True):
        months = elapsed.get(year, MONTHS)
        g = g.sort_values("month_index")
        budget = float(g["budget_gbp"].iloc[0])
        to_date = g[g["month_index"] <= months]
        spent = float(to_date["spend_gbp"].sum())
        planned = float(to_date["profile_gbp"].sum())
        forecast = spent / months * MONTHS if months else None
        rows.append(
            {
                "programme_id": programme,
                "financial_year": year,
                "months_elapsed": months,
                "budget_gbp": budget,
                "profile_to_date_gbp": round(planned, 2),
                "spend_to_date_gbp": round(spent, 2),
                "variance_gbp": round(spent - planned, 2),
                "variance_pct": round(100 * (spent - planned) / planned, 1) if planned else None,
                "forecast_outturn_gbp": None if forecast is None else round(forecast, 2),
                "forecast_variance_gbp": None if forecast is None else round(forecast - budget, 2),
                "forecast_variance_pct": None
                if forecast is None or not budget
                else round(100 * (forecast - budget) / budget, 1),
            }
        )
    return pd.DataFrame(rows)


def hidden_cells(cells: pd.DataFrame, *, min_value: int = HIDDEN_CELL_MIN_VALUE) -> pd.DataFrame:
    """Cells the public release suppresses ([c]) whose true count is at least `min_value`:
    what directors can see and the public cannot. Suppressed by the rules, so not disclosive
    for the internal audience, who see every true count anyway."""
    hidden = cells[cells["suppressed"].astype(bool) & (cells["value"] >= min_value)]
    out = hidden[["measure", "programme", "period", "borough", "age_band", "gender", "ethnicity", "value"]].copy()
    out["suppression"] = np.where(hidden["primary"].astype(bool), "primary", "secondary")
    return out.sort_values("value", ascending=False).reset_index(drop=True)


def internal_tables(frames, cells: pd.DataFrame, *, as_of: dt.date) -> dict[str, pd.DataFrame]:
    profile = spend_profile(frames)
    years = profile["financial_year"].unique()
    elapsed = {y: months_elapsed(frames, financial_year=y, as_of=as_of) for y in years}
    return {
        "kpi_returns": kpi_returns(frames, as_of=as_of),
        "spend_profile": profile,
        "spend_position": spend_position(profile, elapsed=elapsed),
        "hidden_cells": hidden_cells(cells),
        "reporting_position": pd.DataFrame(
            [
                {
                    "as_of": reporting_date(as_of).isoformat(),
                    "financial_year": current_financial_year(as_of),
                    "quarter": current_quarter(as_of),
                }
            ]
        ),
    }
