"""The commissioned-services directory: search and the stale-record rule, as plain functions."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.data.vocabulary import ALL

LONDON_WIDE = "London-wide"
# Records not checked with the provider for this long may be out of date (the London Assembly asked for a register kept
# up to date).
STALE_AFTER_DAYS = 183  # six months


def covers(boroughs_covered: str, borough: str) -> bool:
    return boroughs_covered == LONDON_WIDE or borough in boroughs_covered.split(";")


def covers_any(boroughs_covered: str, boroughs: tuple[str, ...]) -> bool:
    return any(covers(boroughs_covered, b) for b in boroughs)


def covering(frame: pd.DataFrame, boroughs: tuple[str, ...], *, column: str = "boroughs_covered") -> pd.DataFrame:
    """Rows whose `column` (GSS codes joined by ';', or London-wide) covers any of `boroughs`.
    A boolean list, not Series.map: on an empty frame a mapped Series has dtype object, and
    indexing with it selects columns, leaving a frame with none."""
    return frame.loc[[covers_any(c, boroughs) for c in frame[column]]]


def search(
    services: pd.DataFrame, *, text: str = "", area: str = ALL, borough: str = ALL, near: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Services matching every given criterion: words anywhere in name, provider or description; a
    service area; a borough (London-wide services cover every borough); any of the boroughs
    `near` a postcode (a postcode district can serve several)."""
    out = services
    for word in text.lower().split():
        haystack = (
            out["name"] + " " + out["provider_name"] + " " + out["description"] + " " + out["service_area"]
        ).str.lower()
        out = out[haystack.str.contains(word, regex=False)]
    if area != ALL:
        out = out[out["service_area"] == area]
    if borough != ALL:
        out = covering(out, (borough,))
    if near:
        out = covering(out, near)
    return out


def stale(last_reviewed, *, today: dt.date) -> pd.Series:
    """True where a record was last reviewed more than STALE_AFTER_DAYS before `today`."""
    reviewed = pd.to_datetime(pd.Series(list(last_reviewed)))
    return (pd.Timestamp(today) - reviewed).dt.days > STALE_AFTER_DAYS


def per_borough(services: pd.DataFrame, boroughs: pd.DataFrame) -> pd.DataFrame:
    """Number and annual value of the services named for each borough (London-wide ones are listed apart, not
    spread)."""
    local = services[services["boroughs_covered"] != LONDON_WIDE]
    named = local.assign(borough=local["boroughs_covered"].str.split(";")).explode("borough")
    totals = named.groupby("borough").agg(services=("borough", "size"), annual_value_gbp=("annual_value_gbp", "sum"))
    out = (
        boroughs[["gss_code", "name"]]
        .rename(columns={"gss_code": "borough", "name": "borough_name"})
        .merge(totals, left_on="borough", right_index=True, how="left")
    )
    return (
        out.fillna({"services": 0, "annual_value_gbp": 0.0})
        .astype({"services": int, "annual_value_gbp": float})
        .reset_index(drop=True)
    )


def open_rounds(rounds: pd.DataFrame, *, today: dt.date, include_closed: bool = False) -> pd.DataFrame:
    closes = pd.to_datetime(rounds["closes"]).dt.date
    opens = pd.to_datetime(rounds["opens"]).dt.date
    state = ["closed" if c < today else "open" if o <= today else "upcoming" for o, c in zip(opens, closes)]
    out = rounds.assign(state=state)
    return out if include_closed else out[out["state"] != "closed"]


# ------------------------------------------------------------------ who can use a service and how to get in (issue 13)
REFERRAL_ROUTES = ("self-referral", "family", "professional", "police", "school")  # etl/contract/extracts.py
ROUTE_WORDS = {
    "self-referral": "Self-referral",
    "family": "A family member",
    "professional": "A professional",
    "police": "The police",
    "school": "A school",
}
MAX_AGE = 120
AT_A_SITE = "at a site"  # service_sites.delivery_mode of a named place with a postcode


def for_person(services: pd.DataFrame, *, age: int | None = None, route: str = ALL) -> pd.DataFrame:
    """Services that take someone of `age` (between their youngest and oldest ages) and accept referrals by `route`."""
    out = services
    if age is not None:
        out = out[(out["min_age"] <= age) & (out["max_age"] >= age)]
    if route != ALL:
        out = out.loc[[route in str(r).split(";") for r in out["referral_routes"]]]
    return out


def overdue(next_review_date, *, today: dt.date) -> pd.Series:
    """True where a record's next review was due before `today`."""
    due = pd.to_datetime(pd.Series(list(next_review_date)))
    return (due < pd.Timestamp(today)).fillna(False)
