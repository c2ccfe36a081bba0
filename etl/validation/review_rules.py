"""Cross-file rules for the six-monthly service reviews (service_reviews.csv), in the form of
etl.validation.rule_support: each takes the typed frames and returns findings naming file, row, column, value
and what was expected."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from etl import halves
from etl.validation.findings import WARNING, Finding
from etl.validation.rule_support import Frames, Rule, finding, rows_where

FILE = "service_reviews"
# A half's review meeting is held within this many days of its end; after that a missing review is flagged.
REVIEW_DAYS_ALLOWED = 60


def _period_bounds(reviews: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    b = reviews["period"].map(halves.bounds)
    return pd.to_datetime(b.map(lambda x: x[0])), pd.to_datetime(b.map(lambda x: x[1]))


def review_of_unknown_service(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a review whose service_id is not in the register (services.csv)."""
    if FILE not in frames or "services" not in frames:
        return []
    r = frames[FILE]
    bad = ~r["service_id"].isin(set(frames["services"]["service_id"]))
    return [
        finding(FILE, i, "service_id", v, "a service_id listed in services.csv", "unknown_reference")
        for i, v in r.loc[bad, "service_id"].items()
    ]


def review_dated_impossibly(frames: Frames, *, as_of: dt.date) -> list[Finding]:
    """Rejects a review dated before its period ended (a half cannot be rated before it is over) or after the extract
    date."""
    if FILE not in frames:
        return []
    r = frames[FILE]
    _, last = _period_bounds(r)
    found = [
        finding(
            FILE,
            i,
            "review_date",
            row["review_date"],
            f"a date after {row['period']} ended ({row['period_end'].date()})",
            "dates_out_of_order",
        )
        for i, row in rows_where(r.assign(period_end=last), r["review_date"] <= last).iterrows()
    ]
    found += [
        finding(FILE, i, "review_date", v, f"a date on or before the extract date {as_of}", "impossible_date")
        for i, v in rows_where(r, r["review_date"] > pd.Timestamp(as_of))["review_date"].items()
    ]
    return found


def review_outside_contract(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a review of a period in which the service's contract did not run."""
    if FILE not in frames or "services" not in frames:
        return []
    r = frames[FILE]
    contracts = frames["services"].set_index("service_id")[["contract_start", "contract_end"]]
    first, last = _period_bounds(r)
    start = r["service_id"].map(contracts["contract_start"])
    end = r["service_id"].map(contracts["contract_end"])
    outside = start.notna() & ((last < start) | (first > end))
    return [
        finding(
            FILE,
            i,
            "period",
            row["period"],
            f"a period within the contract of {row['service_id']} ({row['start'].date()} to {row['end'].date()})",
            "review_outside_contract",
        )
        for i, row in rows_where(r.assign(start=start, end=end), outside).iterrows()
    ]


def register_rating_not_latest_review(frames: Frames, **_: object) -> list[Finding]:
    """Rejects a register whose rating or performance value is not that of the service's most recent review:
    the register's 'latest' rating is the most recent review, so the two can never disagree."""
    if FILE not in frames or "services" not in frames:
        return []
    r = frames[FILE].reset_index()
    latest = r.sort_values("period").drop_duplicates("service_id", keep="last").set_index("service_id")
    s = frames["services"]
    found = []
    for i, row in s[s["service_id"].isin(latest.index)].iterrows():
        review = latest.loc[row["service_id"]]
        where = f"service_reviews.csv row {int(review['index']) + 2}, {review['period']}"
        if row["rag_rating"] != review["rag_rating"]:
            found.append(
                finding(
                    "services",
                    i,
                    "rag_rating",
                    row["rag_rating"],
                    f"'{review['rag_rating']}', the rating of the most recent review ({where})",
                    "rating_not_latest_review",
                )
            )
        same_value = (pd.isna(row["performance_value"]) and pd.isna(review["performance_value"])) or row[
            "performance_value"
        ] == review["performance_value"]
        if not same_value:
            expected = "empty" if pd.isna(review["performance_value"]) else f"{review['performance_value']:g}"
            found.append(
                finding(
                    "services",
                    i,
                    "performance_value",
                    row["performance_value"],
                    f"{expected}, the value of the most recent review ({where})",
                    "rating_not_latest_review",
                )
            )
    return found


def missing_reviews(frames: Frames, *, as_of: dt.date) -> list[Finding]:
    """Warns about a half in which a service's contract ran, whose review was due REVIEW_DAYS_ALLOWED days after it
    ended, with no review."""
    if FILE not in frames or "services" not in frames:
        return []
    have = set(zip(frames[FILE]["service_id"], frames[FILE]["period"]))
    found = []
    for _, s in frames["services"].iterrows():
        for half in halves.half_years():
            first, last = halves.bounds(half)
            due = last + dt.timedelta(days=REVIEW_DAYS_ALLOWED)
            running = s["contract_start"].date() <= last and s["contract_end"].date() >= first
            if running and due < as_of and (s["service_id"], half) not in have:
                found.append(
                    Finding(
                        f"{FILE}.csv",
                        None,
                        "period",
                        half,
                        f"a review of {s['service_id']} for {half}, due by {due}; none was received",
                        "missing_review",
                        WARNING,
                        s["provider_id"],
                    )
                )
    return found


RULES: tuple[Rule, ...] = (
    review_of_unknown_service,
    review_dated_impossibly,
    review_outside_contract,
    register_rating_not_latest_review,
    missing_reviews,
)
