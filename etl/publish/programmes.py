"""The programmes' tables of a release: counts, the reference tables, spend and reach by borough, for the
internal database (true figures) or the public one (protected figures).

Plain functions, DataFrames in and out; `etl.publish.release` gathers them. Column names are those of
sql/schema.sql (a test keeps the two in step).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import periods, reference
from etl.aggregate import ALL, DIMENSIONS
from etl.disclosure import PUBLISHED, SUPPRESSED

# Rates are per 10,000 residents: large enough to read, small enough for boroughs.
RATE_PER_RESIDENTS = 10_000


# ------------------------------------------------------------------ counts
def published_counts(cells: pd.DataFrame, *, protected: bool) -> pd.DataFrame:
    """The tidy counts table: true values (internal) or protected ones (public)."""
    out = cells[list(DIMENSIONS)].copy()
    if protected:
        out["value"] = cells["published"].astype("Int64")
        out["status"] = cells["status"]
    else:
        out["value"] = cells["value"].astype("Int64")
        out["status"] = PUBLISHED
    return out


# ------------------------------------------------------------------ reference tables
def boroughs() -> pd.DataFrame:
    return reference.boroughs().copy()


def programmes(frames) -> pd.DataFrame:
    p = frames["programmes"].merge(
        frames["providers"][["provider_id", "name"]].rename(
            columns={"provider_id": "lead_provider_id", "name": "lead_provider"}
        ),
        on="lead_provider_id",
    )
    return p[
        [
            "programme_id",
            "name",
            "priority_area",
            "description",
            "lead_provider",
            "start_date",
            "end_date",
            "total_funding_gbp",
            "benefit_cost_ratio",
            "evidence_rating",
            "evaluation_url",
        ]
    ]


def providers(frames) -> pd.DataFrame:
    return frames["providers"].copy()


# ------------------------------------------------------------------ spend
def _participants_cells(cells: pd.DataFrame, *, protected: bool) -> pd.DataFrame:
    """Reach per (programme, financial year, borough), as published (or true)."""
    c = cells[
        (cells["measure"] == "participants")
        & (cells["age_band"] == ALL)
        & (cells["gender"] == ALL)
        & (cells["ethnicity"] == ALL)
    ]
    c = c[~c["period"].str.contains(" Q")]
    value = c["published"] if protected else c["value"].astype(float)
    status = c["status"] if protected else pd.Series(PUBLISHED, index=c.index)
    return pd.DataFrame(
        {
            "programme_id": c["programme"],
            "financial_year": c["period"],
            "borough": c["borough"],
            "participants": value,
            "participants_status": status,
        }
    )


def spend_summary(frames, cells: pd.DataFrame, *, protected: bool) -> pd.DataFrame:
    """Budget, spend and cost per participant by programme and year, with spend by borough where attributable."""
    s = frames["spend"].assign(financial_year=periods.financial_year_of_dates(frames["spend"]["payment_date"]))
    s = s[s["financial_year"].isin(periods.financial_years())]
    s = s.merge(frames["providers"][["provider_id", "provider_type"]], on="provider_id")
    # London-wide rows (programme 'all') are computed here from the ledger, so the app never adds up programmes.
    s = pd.concat([s, s.assign(programme_id=ALL)], ignore_index=True)
    all_budgets = (
        frames["budgets"].groupby("financial_year", as_index=False)["budget_gbp"].sum().assign(programme_id=ALL)
    )
    totals = (
        s.groupby(["programme_id", "financial_year"])["amount_gbp"]
        .sum()
        .rename("spend_gbp")
        .reset_index()
        .assign(borough=ALL, provider_type=ALL)
    )
    by_borough = (
        s[s["borough_code"].notna()]
        .groupby(["programme_id", "financial_year", "borough_code"])["amount_gbp"]
        .sum()
        .rename("spend_gbp")
        .reset_index()
    )
    by_borough = by_borough.rename(columns={"borough_code": "borough"}).assign(provider_type=ALL)
    by_type = (
        s.groupby(["programme_id", "financial_year", "provider_type"])["amount_gbp"]
        .sum()
        .rename("spend_gbp")
        .reset_index()
        .assign(borough=ALL)
    )
    out = pd.concat([totals, by_borough, by_type], ignore_index=True)
    budgets = pd.concat([frames["budgets"], all_budgets], ignore_index=True).assign(borough=ALL, provider_type=ALL)
    out = out.merge(budgets, on=["programme_id", "financial_year", "borough", "provider_type"], how="outer")
    out = out.merge(
        _participants_cells(cells, protected=protected), on=["programme_id", "financial_year", "borough"], how="left"
    )
    out["spend_gbp"] = out["spend_gbp"].round(0)
    per_head = out["spend_gbp"] / out["participants"].where(out["participants"] > 0)
    out["cost_per_participant_gbp"] = per_head.where(out["provider_type"] == ALL).round(0)
    # Spend in a borough whose reach is suppressed would help recover that count.
    hide = (out["borough"] != ALL) & (out["participants_status"] == SUPPRESSED)
    out["status"] = np.where(hide, SUPPRESSED, PUBLISHED)
    if protected:
        out.loc[hide, ["spend_gbp", "cost_per_participant_gbp"]] = np.nan
    out["participants_status"] = out["participants_status"].fillna(PUBLISHED)
    cols = [
        "programme_id",
        "financial_year",
        "borough",
        "provider_type",
        "budget_gbp",
        "spend_gbp",
        "participants",
        "participants_status",
        "cost_per_participant_gbp",
        "status",
    ]
    return out[cols].sort_values(["programme_id", "financial_year", "borough", "provider_type"]).reset_index(drop=True)


# ------------------------------------------------------------------ boroughs
def borough_summary(cells: pd.DataFrame, *, protected: bool) -> pd.DataFrame:
    """Reach per 10,000 residents by borough, from the (protected) borough cells."""
    c = cells[(cells["measure"] == "participants") & (cells["borough"] != ALL)]
    b = reference.boroughs()[["gss_code", "name", "inner_outer", "population_2021"]].rename(
        columns={"gss_code": "borough", "name": "borough_name"}
    )
    value = c["published"] if protected else c["value"].astype(float)
    out = pd.DataFrame(
        {
            "programme_id": c["programme"],
            "period": c["period"],
            "borough": c["borough"],
            "participants": value,
            "status": c["status"] if protected else PUBLISHED,
        }
    ).merge(b, on="borough")
    out["participants_per_10k"] = (out["participants"] / out["population_2021"] * RATE_PER_RESIDENTS).round(1)
    return out[
        [
            "programme_id",
            "period",
            "borough",
            "borough_name",
            "inner_outer",
            "population_2021",
            "participants",
            "participants_per_10k",
            "status",
        ]
    ]
