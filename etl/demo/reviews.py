"""Synthetic six-monthly service reviews, the register's latest rating taken from them, and
the register's grant-or-contract and organisation identifiers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import halves
from etl.demo.calibration.programmes import PROGRAMMES

# Their own random stream, so that adding reviews changed none of the other extracts.
REVIEWS_STREAM = 14
# The share of reviews that never happened, and the services whose latest half is not yet reviewed.
MISSING_REVIEW_SHARE = 0.04
UNREVIEWED_IN_LATEST_HALF = 2
# A half is reviewed within this many days of its end.
REVIEW_LAG_DAYS = (10, 55)
_NOTES = {
    "up": (
        "Performance recovered after staffing gaps were filled.",
        "Improvement plan agreed last period is working.",
        "Referrals up after new school partnerships.",
    ),
    "down": (
        "Provider reports caseworker vacancies; improvement plan requested.",
        "Fewer referrals over the summer than planned.",
        "Data return late and incomplete; figures to be confirmed.",
    ),
    "same": (
        "Delivery on plan; no concerns raised.",
        "Steady performance; contract monitoring continues as normal.",
        "Provider on track; case studies shared with the VRU.",
    ),
}


def _direction_of_measure() -> dict[str, bool]:
    """Whether higher is better, per performance measure (a programme KPI's name, or the default measure)."""
    return {kpi.name: kpi.direction == "higher_is_better" for prog in PROGRAMMES for kpi in prog.kpis}


def _rating(value: float, target: float, *, higher: bool) -> str:
    # The same rule as the register's (etl.demo.register.service_row): green at target, amber within 10%, red beyond.
    ratio = value / target if higher else target / max(value, 1e-9)
    return "green" if ratio >= 1 else "amber" if ratio >= 0.9 else "red"


def _service_reviews(services: pd.DataFrame, *, seed: int, as_of: pd.Timestamp) -> pd.DataFrame:
    """One review per service per half-year while its contract ran, from 2021-22 to the last half
    that ended a month before the extract, with performance drifting (so ratings move) and a few missing."""
    rng = np.random.default_rng([seed, REVIEWS_STREAM])
    higher_of = _direction_of_measure()
    rows = []
    for _, svc in services.iterrows():
        higher = higher_of.get(svc["performance_measure"], True)
        level = rng.normal(0.96, 0.06)  # performance as a share of target
        for half in halves.half_years():
            first, last = (pd.Timestamp(d) for d in halves.bounds(half))
            if last < svc["contract_start"] or first > svc["contract_end"] or last > as_of - pd.Timedelta(days=30):
                continue
            before, level = level, float(np.clip(level + rng.normal(0.01, 0.06), 0.6, 1.3))
            value = round(float(svc["performance_target"]) * (level if higher else 1 / level), 1)
            trend = "up" if level - before > 0.04 else "down" if level - before < -0.04 else "same"
            reviewed = min(last + pd.Timedelta(days=int(rng.integers(*REVIEW_LAG_DAYS))), as_of)
            rows.append(
                {
                    "service_id": svc["service_id"],
                    "period": half,
                    "review_date": reviewed,
                    "performance_value": value,
                    "performance_target": svc["performance_target"],
                    "rag_rating": _rating(value, svc["performance_target"], higher=higher),
                    "rag_rule": svc["rag_rule"],
                    "reviewer_note": _NOTES[trend][int(rng.integers(0, 3))],
                }
            )
    reviews = pd.DataFrame(rows)
    # Missing reviews, as in real contract management: a few at random, and some services not yet reviewed for the
    # latest half.
    latest = reviews["period"].max()
    missing = rng.random(len(reviews)) < MISSING_REVIEW_SHARE
    in_latest = np.flatnonzero((reviews["period"] == latest).to_numpy())
    missing[rng.choice(in_latest, size=min(UNREVIEWED_IN_LATEST_HALF, in_latest.size), replace=False)] = True
    return reviews[~missing].reset_index(drop=True)


def _register_rating_from_reviews(services: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """The register's latest value and rating are those of each service's most recent review."""
    latest = reviews.sort_values("period").drop_duplicates("service_id", keep="last").set_index("service_id")
    out = services.copy()
    has = out["service_id"].isin(latest.index)
    for column in ("performance_value", "rag_rating"):
        out.loc[has, column] = out.loc[has, "service_id"].map(latest[column])
    return out


def _award_types(services: pd.DataFrame, providers: pd.DataFrame) -> pd.Series:
    """VRU services delivered by charities, community organisations and social enterprises are grants;
    MOPAC's, and those bought from public bodies (councils, NHS, police), are contracts."""
    kind = services["provider_id"].map(providers.set_index("provider_id")["provider_type"])
    grant = (services["commissioner"] == "VRU") & kind.isin(["Charity", "Community organisation", "Social enterprise"])
    return pd.Series(np.where(grant, "grant", "contract"), index=services.index)


def _organisation_ids(providers: pd.DataFrame, *, seed: int) -> pd.Series:
    """Synthetic Organisation Identifiers (org-id.guide lists: charity and company numbers, council and NHS
    codes); police forces and a few others have none known, as in a real register."""
    rng = np.random.default_rng([seed, REVIEWS_STREAM, 1])
    letters = np.array(list("ABCDEFGHJKLMNPRSTUVWXY"))
    makers = {
        "Charity": lambda: f"GB-CHC-{int(rng.integers(1_000_000, 1_199_999))}",
        "Community organisation": lambda: f"GB-CHC-{int(rng.integers(1_000_000, 1_199_999))}",
        "Social enterprise": lambda: f"GB-COH-{int(rng.integers(1_000_000, 15_000_000)):08d}",
        "Local authority": lambda: "GB-LAE-" + "".join(rng.choice(letters, 3)),
        "NHS trust": lambda: "GB-NHS-R" + "".join(rng.choice(letters, 2)),
    }
    ids = [makers[kind]() if kind in makers and rng.random() >= 0.1 else None for kind in providers["provider_type"]]
    return pd.Series(ids, index=providers.index, dtype=object)


def review_extracts(frames: dict[str, pd.DataFrame], *, seed: int, as_of: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The extracts of the six-monthly reviews and of the grants: reviews, the register's rating from them, grant or
    contract, organisation ids."""
    providers = frames["providers"].assign(organisation_id=_organisation_ids(frames["providers"], seed=seed))
    services = frames["services"].assign(award_type=_award_types(frames["services"], providers))
    reviews = _service_reviews(services, seed=seed, as_of=as_of)
    return {
        "providers": providers,
        "services": _register_rating_from_reviews(services, reviews),
        "service_reviews": reviews,
    }
