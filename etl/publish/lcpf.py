"""The London Crime Prevention Fund (LCPF) against need: the published tables `lcpf_funding` (each borough's
allocation and need per financial year and indicator) and `lcpf_summary` (inner London, outer London and London).

Need figures are published as their publisher gives them, neither suppressed nor rounded: they are counts of offences
and victims in published police statistics, not of people in the VRU's data (docs/methodology.md). A need figure
that is not available (the City of London, which the Metropolitan Police do not police; a year without full-year
figures) is NULL with `need_status` 'x' (the GSS symbol [x]), never 0, and is left out of every rate and total.
Plain functions, DataFrames in and out; etl/publish/release.py puts them in a release.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import reference

# Need per 10,000 residents (Census 2021), as reach is (RATE_PER_RESIDENTS, etl/publish/programmes.py): large
# enough to read, small enough for boroughs.
NEED_PER_RESIDENTS = 10_000
NOT_AVAILABLE = "x"  # need_status of a figure that is not available: GSS shorthand, shown as [x]
AVAILABLE = ""
AREAS = ("Inner London", "Outer London", "London")


def _per(numerator: pd.Series, denominator: pd.Series, *, scale: float = 1) -> pd.Series:
    """numerator / denominator * scale to the penny or hundredth; missing where either is, or the denominator is 0."""
    ratio = numerator.astype("Float64") / denominator.astype("Float64").where(denominator > 0)
    return (ratio * scale).round(2).astype(float)


def funding(frames) -> pd.DataFrame:
    """One row per borough, financial year and need indicator: the allocation (missing where the borough has none)
    and the need figure, per resident and per unit of need. Every borough has a row for every year and indicator,
    so a figure the extracts do not give is published as not available, never left out unseen."""
    boroughs = reference.boroughs()[["gss_code", "name", "inner_outer", "population_2021"]].rename(
        columns={"gss_code": "borough_code", "name": "borough_name"}
    )
    need = frames["need_indicators"].rename(columns={"value": "need_value", "indicator": "need_indicator"})
    allocations = frames["lcpf_allocations"]
    years = sorted(set(allocations["financial_year"]) | set(need["financial_year"]))
    indicators = list(dict.fromkeys(need["need_indicator"]))
    grid = pd.MultiIndex.from_product(
        [boroughs["borough_code"], years, indicators], names=["borough_code", "financial_year", "need_indicator"]
    ).to_frame(index=False)
    out = (
        grid.merge(need, on=["borough_code", "financial_year", "need_indicator"], how="left")
        .merge(allocations, on=["borough_code", "financial_year"], how="left")
        .merge(boroughs, on="borough_code")
    )
    out["need_value"] = out["need_value"].astype("Int64")
    out["need_status"] = np.where(out["need_value"].isna(), NOT_AVAILABLE, AVAILABLE)
    out["allocation_per_head_gbp"] = _per(out["allocation_gbp"], out["population_2021"])
    out["need_per_10k"] = _per(out["need_value"], out["population_2021"], scale=NEED_PER_RESIDENTS)
    out["allocation_per_need_gbp"] = _per(out["allocation_gbp"], out["need_value"])
    return out[
        [
            "borough_code",
            "borough_name",
            "inner_outer",
            "financial_year",
            "population_2021",
            "allocation_gbp",
            "allocation_per_head_gbp",
            "need_indicator",
            "need_value",
            "need_status",
            "need_per_10k",
            "allocation_per_need_gbp",
        ]
    ].sort_values(["financial_year", "need_indicator", "borough_code"], ignore_index=True)


def summary(lcpf: pd.DataFrame) -> pd.DataFrame:
    """Inner London, Outer London and London, per financial year and need indicator: allocation per resident and per
    unit of need, and need per 10,000 residents, summed over the boroughs that have both an allocation and the need
    figure. The others are left out of both sides (the City of London has neither); an area with no such borough in
    a year has no row. Public money and published police figures, not counts of people: no disclosure control."""
    used = lcpf[lcpf["allocation_gbp"].notna() & (lcpf["need_status"] == AVAILABLE)]
    parts = [used.assign(area=used["inner_outer"] + " London"), used.assign(area="London")]
    g = (
        pd.concat(parts)
        .groupby(["financial_year", "need_indicator", "area"], as_index=False)
        .agg(
            borough_count=("borough_code", "nunique"),
            allocation_gbp=("allocation_gbp", "sum"),
            population_2021=("population_2021", "sum"),
            need_value=("need_value", "sum"),
        )
    )
    g["allocation_per_head_gbp"] = _per(g["allocation_gbp"], g["population_2021"])
    g["need_per_10k"] = _per(g["need_value"], g["population_2021"], scale=NEED_PER_RESIDENTS)
    g["allocation_per_need_gbp"] = _per(g["allocation_gbp"], g["need_value"])
    g["need_value"] = g["need_value"].astype("Int64")
    return g[
        [
            "financial_year",
            "need_indicator",
            "area",
            "borough_count",
            "allocation_gbp",
            "population_2021",
            "allocation_per_head_gbp",
            "need_value",
            "need_per_10k",
            "allocation_per_need_gbp",
        ]
    ]
