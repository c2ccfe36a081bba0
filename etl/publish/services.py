"""The services register's tables of a release: services, their sites, their half-yearly reviews (the
reviewers' notes for the internal database only), the grants among them and the funding opportunities.

Plain functions, DataFrames in and out; `etl.publish.release` gathers them.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from etl import halves
from etl.publish import register

# ------------------------------------------------------------------ services, funding
# Who can use a service, how to get in, its status and who keeps it current (what a directory needs); listed_status
# stays in the ETL: the published status is the one derived from the contract dates.
REGISTER_COLUMNS = [
    "min_age",
    "max_age",
    "eligibility",
    "referral_routes",
    "contact_phone",
    "contact_email",
    "contact_url",
    "status",
    "owning_team",
    "next_review_date",
]


def services(frames, *, as_of: dt.date | None = None) -> pd.DataFrame:
    s = frames["services"].merge(frames["providers"].rename(columns={"name": "provider_name"}), on="provider_id")
    s["status"] = register.status(s, as_of=as_of or dt.date.today())
    return s[
        [
            "service_id",
            "name",
            "provider_id",
            "provider_name",
            "provider_type",
            "website",
            "public_contact",
            "programme_id",
            "description",
            "service_area",
            "boroughs_covered",
            "commissioner",
            "funding_stream",
            "annual_value_gbp",
            "contract_start",
            "contract_end",
            "performance_measure",
            "performance_value",
            "performance_target",
            "rag_rating",
            "rag_rule",
            "last_reviewed",
            *REGISTER_COLUMNS,
            "award_type",
        ]
    ]


def service_sites(frames) -> pd.DataFrame:
    """Where each service runs: named sites with a postcode, or how it is delivered without one."""
    return frames["service_sites"][
        ["service_id", "site_id", "delivery_mode", "site_name", "address", "postcode"]
    ].copy()


# ------------------------------------------------------------------ service reviews and grants
RATING_ORDER = {"red": 0, "amber": 1, "green": 2}


def _change(rating, previous_rating, *, reviewed: bool, previous_running: bool) -> str:
    """How the rating moved since the previous half: the app says it in words."""
    if not reviewed:
        return "not_reviewed"
    if not previous_running:
        return "first_review"
    if previous_rating is None or pd.isna(previous_rating):
        return "no_previous_review"
    step = RATING_ORDER[rating] - RATING_ORDER[previous_rating]
    return "improved" if step > 0 else "declined" if step < 0 else "unchanged"


def service_reviews(frames) -> pd.DataFrame:
    """One row per service per half in which its contract ran, up to the latest half reviewed: the
    review's value, target and rating, or reviewed = false ("no review this period"), with the
    previous half's rating and the change since. The reviewer's note is not here (see service_review_notes)."""
    reviews = frames["service_reviews"]
    columns = [
        "service_id",
        "period",
        "period_start",
        "period_end",
        "reviewed",
        "review_date",
        "performance_value",
        "performance_target",
        "rag_rating",
        "rag_rule",
        "previous_period",
        "previous_rating",
        "change",
    ]
    if reviews.empty:
        return pd.DataFrame(columns=columns)
    latest = reviews["period"].max()
    by_key = reviews.set_index(["service_id", "period"])
    rows = []
    for _, svc in frames["services"].iterrows():
        start, end = svc["contract_start"].date(), svc["contract_end"].date()
        running = [
            h
            for h in halves.half_years()
            if h <= latest and halves.bounds(h)[1] >= start and halves.bounds(h)[0] <= end
        ]
        for half in running:
            first, last = halves.bounds(half)
            before = halves.previous(half)
            key, previous_key = (svc["service_id"], half), (svc["service_id"], before)
            review = by_key.loc[key] if key in by_key.index else None
            previous_rating = by_key.loc[previous_key, "rag_rating"] if previous_key in by_key.index else None
            rows.append(
                {
                    "service_id": svc["service_id"],
                    "period": half,
                    "period_start": first.isoformat(),
                    "period_end": last.isoformat(),
                    "reviewed": review is not None,
                    "review_date": review["review_date"] if review is not None else pd.NaT,
                    "performance_value": review["performance_value"] if review is not None else np.nan,
                    "performance_target": review["performance_target"] if review is not None else np.nan,
                    "rag_rating": review["rag_rating"] if review is not None else None,
                    "rag_rule": review["rag_rule"] if review is not None else None,
                    "previous_period": before,
                    "previous_rating": previous_rating,
                    "change": _change(
                        review["rag_rating"] if review is not None else None,
                        previous_rating,
                        reviewed=review is not None,
                        previous_running=before in running,
                    ),
                }
            )
    out = pd.DataFrame(rows, columns=columns)
    out["review_date"] = pd.to_datetime(out["review_date"])
    return out.sort_values(["service_id", "period"]).reset_index(drop=True)


def service_review_notes(frames) -> pd.DataFrame:
    """The reviewers' notes, for the internal database only: contract managers write them to the VRU about a
    provider's staffing, late returns and improvement plans, not for publication, so the public database has no copy."""
    notes = frames["service_reviews"]
    notes = notes[notes["reviewer_note"].notna()]
    return notes[["service_id", "period", "reviewer_note"]].sort_values(["service_id", "period"]).reset_index(drop=True)


def _months(start: pd.Series, end: pd.Series) -> pd.Series:
    """Whole months from start to end inclusive (a contract of 1 April to 31 March is 12)."""
    after = end + pd.Timedelta(days=1)
    return (
        (after.dt.year - start.dt.year) * 12
        + (after.dt.month - start.dt.month)
        + ((after.dt.day - start.dt.day) / 30).round()
    )


def service_grants(frames) -> pd.DataFrame:
    """The grant-funded services (award_type 'grant'), one grant per award, with what 360Giving data needs:
    the amount awarded over the award's life (annual value times its length), its dates and the recipient."""
    s = frames["services"][frames["services"]["award_type"] == "grant"]
    s = s.merge(
        frames["providers"][["provider_id", "name", "organisation_id"]].rename(columns={"name": "provider_name"}),
        on="provider_id",
    )
    s = s.merge(
        frames["programmes"][["programme_id", "name"]].rename(columns={"name": "programme_name"}),
        on="programme_id",
        how="left",
    )
    months = _months(s["contract_start"], s["contract_end"])
    out = pd.DataFrame(
        {
            "service_id": s["service_id"],
            "title": s["name"],
            "description": s["description"],
            "provider_id": s["provider_id"],
            "provider_name": s["provider_name"],
            "organisation_id": s["organisation_id"],
            "annual_value_gbp": s["annual_value_gbp"],
            "amount_awarded_gbp": (s["annual_value_gbp"] * months / 12).round(0),
            "award_date": s["contract_start"],
            "planned_start": s["contract_start"],
            "planned_end": s["contract_end"],
            "duration_months": months.astype(int),
            "boroughs_covered": s["boroughs_covered"],
            "programme_id": s["programme_id"],
            "programme_name": s["programme_name"],
            "commissioner": s["commissioner"],
            "funding_stream": s["funding_stream"],
            "service_area": s["service_area"],
        }
    )
    return out.sort_values("service_id").reset_index(drop=True)


def funding_opportunities(frames) -> pd.DataFrame:
    # The extract says `boroughs` (its input format, kept for the teams' files); published as services say it.
    return frames["funding_opportunities"].rename(columns={"boroughs": "boroughs_covered"})
