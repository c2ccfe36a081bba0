"""Each programme's year at a glance, as the home page shows it: reach and its change on the year before, its
KPIs by rating at the year's latest quarter, and spend against budget; and the same for every programme
together ('all'), with the number of programmes running.

Built from the tables of the release itself (published_counts, kpi_progress, spend_summary): in the public
database from the protected figures, in the internal one from the true ones. So a change is the difference of
the two published cells a reader sees, a count of KPIs counts the published ratings, and nothing here adds
to what the release already publishes: the app shows these cells and never works one out.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from etl.aggregate import ALL
from etl.disclosure import PUBLISHED, SUPPRESSED

# A change that cannot be worked out because there is no year before to compare with (the first year
# published, or a programme that was not running): the GSS symbol [z], "not applicable".
NOT_APPLICABLE = "z"
RATINGS = {"green": "kpis_on_track", "amber": "kpis_at_risk", "red": "kpis_off_track", None: "kpis_not_rated"}
COLUMNS = [
    "programme_id",
    "financial_year",
    "programmes_running",
    "participants",
    "participants_status",
    "participants_change",
    "participants_change_percent",
    "change_status",
    "kpi_quarter",
    "kpis",
    "kpis_on_track",
    "kpis_at_risk",
    "kpis_off_track",
    "kpis_not_rated",
    "budget_gbp",
    "spend_gbp",
    "spend_share",
]


def _reach(counts: pd.DataFrame, years: list[str]) -> pd.DataFrame:
    """Each programme's (and all programmes') published reach in London per financial year."""
    c = counts[
        (counts["measure"] == "participants")
        & (counts["borough"] == ALL)
        & (counts["age_band"] == ALL)
        & (counts["gender"] == ALL)
        & (counts["ethnicity"] == ALL)
        & counts["period"].isin(years)
    ]
    return pd.DataFrame(
        {
            "programme_id": c["programme"],
            "financial_year": c["period"],
            "participants": c["value"].astype("Int64"),
            "participants_status": c["status"],
        }
    )


def _change(reach: pd.DataFrame, years: list[str]) -> pd.DataFrame:
    """Reach minus the year before's, both as published: [c] where either is suppressed, [z] with no year before."""
    next_year = dict(itertools.pairwise(years))
    before = reach.assign(financial_year=reach["financial_year"].map(next_year)).dropna(subset=["financial_year"])
    out = reach.merge(
        before.rename(columns={"participants": "before", "participants_status": "before_status"}),
        on=["programme_id", "financial_year"],
        how="left",
    )
    suppressed = (out["participants_status"] == SUPPRESSED) | (out["before_status"] == SUPPRESSED)
    missing = out["before_status"].isna()
    change = (out["participants"] - out["before"]).where(~suppressed & ~missing)
    percent = (100 * change.astype(float) / out["before"].astype(float).replace(0, np.nan)).round(1)
    return out.assign(
        participants_change=change.astype("Int64"),
        participants_change_percent=percent,
        change_status=np.where(suppressed, SUPPRESSED, np.where(missing, NOT_APPLICABLE, PUBLISHED)),
    ).drop(columns=["before", "before_status"])


def _kpis(kpis: pd.DataFrame) -> pd.DataFrame:
    """Each programme's (and all programmes') KPIs at the latest quarter of each year with a return, by rating; a
    KPI whose value is suppressed has no rating: it is counted as not rated."""
    k = kpis.assign(financial_year=kpis["quarter"].str.split(" ").str[0])
    k = pd.concat([k, k.assign(programme_id=ALL)], ignore_index=True)
    latest = k.groupby(["programme_id", "financial_year"])["quarter"].transform("max")
    k = k[k["quarter"] == latest]
    out = k.groupby(["programme_id", "financial_year"]).agg(kpi_quarter=("quarter", "first"), kpis=("kpi_id", "size"))
    for rating, column in RATINGS.items():
        rated = k["rag_rating"].isna() if rating is None else k["rag_rating"] == rating
        out[column] = rated.groupby([k["programme_id"], k["financial_year"]]).sum()
    return out.reset_index()


def _money(spend: pd.DataFrame) -> pd.DataFrame:
    """Budget and spend of each programme-year (and all programmes'), and the share of the budget spent."""
    s = spend[(spend["borough"] == ALL) & (spend["provider_type"] == ALL)]
    share = (s["spend_gbp"] / s["budget_gbp"].where(s["budget_gbp"] > 0)).round(3)
    return s[["programme_id", "financial_year", "budget_gbp", "spend_gbp"]].assign(spend_share=share)


def _running(programmes: pd.DataFrame, years: list[str]) -> pd.DataFrame:
    """1 where a programme ran in a year (0 where not), and for 'all' how many did."""
    start = pd.to_datetime(programmes["start_date"])
    end = pd.to_datetime(programmes["end_date"])  # none: open-ended
    rows = []
    for year in years:
        first = pd.Timestamp(int(year[:4]), 4, 1)
        ran = (start < first + pd.DateOffset(years=1)) & (end.isna() | (end >= first))
        rows += [
            {"programme_id": p, "financial_year": year, "programmes_running": int(r)}
            for p, r in zip(programmes["programme_id"], ran)
        ]
        rows.append({"programme_id": ALL, "financial_year": year, "programmes_running": int(ran.sum())})
    return pd.DataFrame(rows)


def programme_summary(tables: dict[str, pd.DataFrame], programmes: pd.DataFrame) -> pd.DataFrame:
    """One row per programme (and 'all') and financial year, from the release's own tables."""
    years = sorted(p for p in tables["published_counts"]["period"].unique() if " Q" not in p)
    reach = _change(_reach(tables["published_counts"], years), years)
    out = (
        _running(programmes, years)
        .merge(reach, on=["programme_id", "financial_year"], how="left")
        .merge(_kpis(tables["kpi_progress"]), on=["programme_id", "financial_year"], how="left")
        .merge(_money(tables["spend_summary"]), on=["programme_id", "financial_year"], how="left")
    )
    out["participants_status"] = out["participants_status"].fillna(PUBLISHED)
    out["change_status"] = out["change_status"].fillna(NOT_APPLICABLE)
    for column in ("kpis", *RATINGS.values()):
        out[column] = out[column].fillna(0).astype(int)
    return out[COLUMNS].sort_values(["programme_id", "financial_year"]).reset_index(drop=True)
