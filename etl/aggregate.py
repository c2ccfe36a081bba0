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
import math

import numpy as np
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


def _categorical(values: pd.Series, categories: list[str] | None = None) -> pd.Categorical[str]:
    """The values as a categorical, with the given categories (anything else missing) or their own."""
    # The one pass over a million strings; none when pseudonymise has made the column categorical already.
    own = pd.Categorical(values)
    if categories is None:
        return own
    position = pd.Index(categories).get_indexer(own.categories)
    codes = np.where(own.codes >= 0, position[own.codes], -1).astype(np.int64)
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories))


def _coded(people: pd.DataFrame) -> pd.DataFrame:
    """The records with every text column the counts group or filter by as a categorical, made once for all
    measures: turning a million strings into codes is most of the cost of grouping by them."""
    cats = categories()
    out = pd.DataFrame(
        {
            "person_id": people["person_id"].to_numpy(),
            # Distinct people are found on these small whole numbers rather than on the 64-bit hashes.
            "person": pd.factorize(people["person_id"])[0],
            "referral_date": people["referral_date"].to_numpy(),
            "start_date": people["start_date"].to_numpy(),
            "end_date": people["end_date"].to_numpy(),
            "status": _categorical(people["status"]),
            "programme_id": _categorical(people["programme_id"]),
            "provider_id": _categorical(people["provider_id"]),
        }
    )
    for dim, column in zip(BREAKDOWNS, ("borough_code", *BREAKDOWNS[1:]), strict=True):
        out[dim] = _categorical(people[column], cats[dim])
    return out


def _events(coded: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The records a measure counts (from `_coded`), with the date that puts each in a period."""
    if measure == "participants":
        date = coded["start_date"]
        keep = date.notna()
    elif measure == "referrals":
        date = coded["referral_date"]
        keep = date.notna()
    else:
        ended = ("completed", "withdrawn") if measure == LEAVERS else ("completed",)
        date = coded["end_date"]
        keep = coded["status"].isin(ended) & date.notna()
    keep &= (date >= pd.Timestamp(periods.reporting_start())) & (date <= pd.Timestamp(periods.reporting_end()))
    out = coded.loc[keep, ["person_id", "person", "programme_id", "provider_id", *BREAKDOWNS]].reset_index(drop=True)
    out.insert(1, "date", date[keep].to_numpy())
    out["financial_year"], out["quarter"] = periods.period_categoricals(out["date"])
    return out


def _refine(cell: np.ndarray, shape: tuple[int, ...], key: pd.Series) -> tuple[np.ndarray, tuple[int, ...]]:
    """Each record's cell split by one more categorical key (-1 where a key is missing), and the cells' shape."""
    codes = key.cat.codes.to_numpy()
    size = len(key.cat.categories)
    return np.where((cell >= 0) & (codes >= 0), cell * size + codes, -1), (*shape, size)


def _tally(cell: np.ndarray, shape: tuple[int, ...], keys: dict[str, pd.Series], *, keep: np.ndarray) -> pd.DataFrame:
    """`groupby(keys, observed=True).size()` of the kept records, as a frame of the keys' values and `value`, from
    the records' cells (see `_refine`). Counted on the categories' codes: pandas' groupby by several categoricals of
    a million rows costs ten times more."""
    counts = np.bincount(cell[keep & (cell >= 0)], minlength=math.prod(shape))
    found = np.flatnonzero(counts)
    positions = np.unravel_index(found, shape)
    out = pd.DataFrame({name: k.cat.categories[p] for (name, k), p in zip(keys.items(), positions, strict=True)})
    out["value"] = counts[found]
    return out


def _counts_for(events: pd.DataFrame, *, distinct: bool, programme_scope: str, period_column: str) -> pd.DataFrame:
    """The total and the one-way breakdowns of each (period[, programme]): the columns of DIMENSIONS but measure,
    and value. When `distinct`, each person once per (period[, programme]), with the attributes of their first
    record in `events` (which the caller puts in date order)."""
    keys = {"period": events[period_column]}
    if programme_scope == "each":
        keys["programme"] = events["programme_id"]
    cell = np.zeros(len(events), dtype=np.int64)
    shape: tuple[int, ...] = ()
    for key in keys.values():
        cell, shape = _refine(cell, shape, key)
    keep = cell >= 0  # grouping leaves out records with a key missing
    if distinct:
        # One whole number per (person, cell): person codes are below a few million and cells a few thousand.
        person_cell = events["person"].to_numpy() * math.prod(shape) + cell
        keep &= ~pd.Series(np.where(keep, person_cell, -1)).duplicated().to_numpy()
    parts = [_tally(cell, shape, keys, keep=keep)]
    for dim in BREAKDOWNS:
        parts.append(_tally(*_refine(cell, shape, events[dim]), keys | {dim: events[dim]}, keep=keep))
    out = pd.concat(parts, ignore_index=True).fillna(dict.fromkeys((*BREAKDOWNS, "programme"), ALL))
    if "programme" not in out:
        out["programme"] = ALL
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
    coded = _coded(people)
    parts = []
    for measure in MEASURES:
        events = _events(coded, measure)
        if measure == "participants":
            # A person's first record in a cell is their earliest; ties stay in the order received.
            events = events.sort_values("date", kind="stable")
        for scope, period_column in itertools.product(("each", "all"), ("quarter", "financial_year")):
            part = _counts_for(
                events, distinct=measure == "participants", programme_scope=scope, period_column=period_column
            )
            parts.append(part.assign(measure=measure))
    counted = pd.concat(parts, ignore_index=True)[[*DIMENSIONS, "value"]].astype(dict.fromkeys(DIMENSIONS, str))
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
    coded = _coded(people)
    for measure in SUMMARY_MEASURES:
        events = _events(coded, measure)
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
