"""Aggregate: true counts for the fixed set of published cells (the "cube").

Measures
- `participants` (reach): distinct people whose support started in the period.
- `referrals`: referrals received in the period.
- `completions`: referrals that ended with the programme completed in the period.

The published set (fixed, whatever the data):
- every programme and all programmes together (`programme = 'all'`), every
  financial year: the total, and one-way breakdowns by borough, age band, gender
  and ethnicity;
- every programme and all programmes, every quarter: the total (the trend);
- all programmes, every quarter: by borough (London's map over time).
Breakdowns by quarter for single programmes are not published: most of their
cells would be below 10 and suppressed. The dimensions a cell totals over hold `all`. Totals are counted from the
records,
never summed from other cells, so a person in two programmes is one person in
the London-wide total.

A person's borough, age band, gender and ethnicity within a (programme, period)
cell are those of their first referral counted there, so that each breakdown of
a cell adds up to its total exactly.
"""

from __future__ import annotations

import itertools

import pandas as pd

from etl import periods, reference
from etl.contract.vocabulary import ETHNICITIES, GENDERS
from etl.pseudonymise import AGE_BANDS

ALL = "all"
MEASURES = ("participants", "referrals", "completions")
# Measures that count events: every cell is a sum of its parts in every dimension,
# across programmes and across the quarters of a year. `participants` counts
# distinct people, so its London-wide and yearly cells are at most the sum of parts.
ADDITIVE_MEASURES = frozenset({"referrals", "completions"})
BREAKDOWNS = ("borough", "age_band", "gender", "ethnicity")
DIMENSIONS = ("measure", "programme", "period", "borough", "age_band", "gender", "ethnicity")


def categories() -> dict[str, list[str]]:
    return {
        "borough": sorted(reference.borough_codes()),
        "age_band": list(AGE_BANDS),
        "gender": list(GENDERS),
        "ethnicity": list(ETHNICITIES),
    }


def _events(people: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The records a measure counts, with the date that puts each in a period."""
    if measure == "participants":
        events = people[people["start_date"].notna()].assign(date=people["start_date"])
    elif measure == "referrals":
        events = people.assign(date=people["referral_date"])
    elif measure == LEAVERS:
        events = people[people["status"].isin(["completed", "withdrawn"]) & people["end_date"].notna()].assign(
            date=people["end_date"]
        )
    else:
        events = people[(people["status"] == "completed") & people["end_date"].notna()].assign(date=people["end_date"])
    events = events[
        (events["date"] >= pd.Timestamp(periods.reporting_start()))
        & (events["date"] <= pd.Timestamp(periods.reporting_end()))
    ]
    events = events.rename(columns={"borough_code": "borough"})
    # Categoricals: grouping a million rows by text columns is ten times slower.
    cats = categories()
    out = pd.DataFrame({"person_id": events["person_id"].to_numpy(), "date": events["date"].to_numpy()})
    out["programme_id"] = pd.Categorical(events["programme_id"])
    out["provider_id"] = pd.Categorical(events["provider_id"])
    for dim in BREAKDOWNS:
        out[dim] = pd.Categorical(events[dim], categories=cats[dim])
    out["financial_year"], out["quarter"] = periods.period_categoricals(out["date"])
    return out


def _counts_for(
    events: pd.DataFrame, *, distinct: bool, programme_scope: str, period_column: str
) -> list[pd.DataFrame]:
    keys = ["period"] + (["programme"] if programme_scope == "each" else [])
    frame = events.assign(
        period=events[period_column], programme=events["programme_id"] if programme_scope == "each" else ALL
    )
    if distinct:
        frame = frame.sort_values("date", kind="stable").drop_duplicates(subset=[*keys, "person_id"], keep="first")
    out = []
    total = frame.groupby(keys, observed=True).size().rename("value").reset_index()
    out.append(total)
    for dim in BREAKDOWNS:
        out.append(frame.groupby([*keys, dim], observed=True).size().rename("value").reset_index())
    for part in out:
        if "programme" not in part:
            part["programme"] = ALL
    return out


def published_breakdowns(*, programme: str, period: str) -> tuple[str, ...]:
    """The breakdowns published for a (programme, period): see the module docstring."""
    if " Q" not in period:
        return BREAKDOWNS
    return ("borough",) if programme == ALL else ()


def published_cells(programme_ids: list[str]) -> pd.DataFrame:
    """Every cell of the published set (dimension columns only), in a stable order."""
    cats = categories()
    rows = []
    progs = [ALL, *sorted(programme_ids)]
    for measure, programme, period in itertools.product(MEASURES, progs, periods.all_periods()):
        base = {
            "measure": measure,
            "programme": programme,
            "period": period,
            "borough": ALL,
            "age_band": ALL,
            "gender": ALL,
            "ethnicity": ALL,
        }
        rows.append(base)
        for dim in published_breakdowns(programme=programme, period=period):
            for value in cats[dim]:
                rows.append({**base, dim: value})
    return pd.DataFrame(rows, columns=list(DIMENSIONS))


def count_cells(people: pd.DataFrame, *, programme_ids: list[str]) -> pd.DataFrame:
    """True counts for every published cell: columns DIMENSIONS + value (int)."""
    events_by_measure = {m: _events(people, m) for m in MEASURES}
    parts = []
    for measure, events in events_by_measure.items():
        for scope, period_column in itertools.product(("each", "all"), ("quarter", "financial_year")):
            for part in _counts_for(
                events, distinct=measure == "participants", programme_scope=scope, period_column=period_column
            ):
                parts.append(part.assign(measure=measure))
    counted = pd.concat(
        [
            part.assign(**{d: ALL for d in BREAKDOWNS if d not in part}).astype(dict.fromkeys(DIMENSIONS, str))
            for part in parts
        ],
        ignore_index=True,
    )
    counted = counted[[*list(DIMENSIONS), "value"]]
    cube = published_cells(programme_ids).merge(counted, on=list(DIMENSIONS), how="left")
    cube["value"] = cube["value"].fillna(0).astype("int64")
    return cube


# Internal only (provider_summary): referrals that ended in the period, completed or withdrawn, the
# denominator of a provider's completion rate. Completions over people started mixed events with
# people and one year's starts with another's endings (Stronger Futures "completed" 122%).
LEAVERS = "leavers"
SUMMARY_MEASURES = (*MEASURES, LEAVERS)


def provider_summary(people: pd.DataFrame, spend: pd.DataFrame) -> pd.DataFrame:
    """Internal only: true referrals, people reached, completions and leavers per provider,
    programme and financial year, with the provider's spend. Never published."""
    frames = []
    keys = ["programme_id", "provider_id", "financial_year"]
    for measure in SUMMARY_MEASURES:
        events = _events(people, measure)
        if measure == "participants":
            counted = events.groupby(keys, observed=True)["person_id"].nunique()
        else:
            counted = events.groupby(keys, observed=True).size()
        frames.append(counted.rename(measure))
    out = pd.concat(frames, axis=1).fillna(0).astype("int64").reset_index()
    ledger = spend.assign(financial_year=periods.financial_year_of_dates(spend["payment_date"]))
    paid = (
        ledger.groupby(["programme_id", "provider_id", "financial_year"])["amount_gbp"]
        .sum()
        .round(0)
        .rename("spend_gbp")
        .reset_index()
    )
    out = out.astype({"programme_id": str, "provider_id": str, "financial_year": str}).merge(
        paid, on=["programme_id", "provider_id", "financial_year"], how="outer"
    )
    out[list(SUMMARY_MEASURES)] = out[list(SUMMARY_MEASURES)].fillna(0).astype("int64")
    out = out[out["financial_year"].isin(periods.financial_years())]
    return (
        out[["programme_id", "provider_id", "financial_year", *MEASURES, "spend_gbp", LEAVERS]]
        .sort_values(["programme_id", "provider_id", "financial_year"])
        .reset_index(drop=True)
    )
