"""What a draft changes against the live release (etl/publication/review.py), on tiny inline tables."""

from __future__ import annotations

import pandas as pd

from etl.publication import review

KEYS = {
    "published_counts": ["measure", "programme", "period", "borough", "age_band", "gender", "ethnicity"],
    "services": ["service_id"],
    "service_reviews": ["service_id", "period"],
}


def counts(rows):
    dims = {"programme": "all", "borough": "all", "age_band": "all", "gender": "all", "ethnicity": "all"}
    return pd.DataFrame([{**dims, "measure": m, "period": p, "value": v, "status": s} for m, p, v, s in rows])


def release(*, participants, status, rating, services):
    return {
        "published_counts": counts(
            [
                ("participants", "2025-26", participants, status),
                ("referrals", "2025-26", 100, ""),
                ("participants", "2024-25", 50, ""),
            ]
        ),
        "services": pd.DataFrame([{"service_id": sid, "name": name, "status": st} for sid, name, st in services]),
        "service_reviews": pd.DataFrame(
            [
                {"service_id": "S1", "period": "2025-26 H1", "rag_rating": rating},
                {"service_id": "S2", "period": "2025-26 H1", "rag_rating": "green"},
            ]
        ),
    }


def test_the_approver_sees_headlines_revised_cells_ratings_and_services():
    """Given a live release and a draft that revises one cell, suppresses another, moves a rating, adds a service and
    ends one, when compared, then each change is counted where the approver reads it."""
    live = release(
        participants=620,
        status="",
        rating="green",
        services=[("S1", "Mentoring", "active"), ("S2", "Outreach", "active"), ("S3", "Old scheme", "active")],
    )
    draft = release(
        participants=None,
        status="c",
        rating="red",
        services=[("S1", "Mentoring", "active"), ("S2", "Outreach", "ended"), ("S4", "New hub", "active")],
    )
    summary = review.compare(draft, live, keys=KEYS)
    head = {h["measure"]: h for h in summary["headline"]}
    assert head["participants"]["period"] == "2025-26"
    assert head["participants"]["before"] == {"value": 620, "status": ""}
    assert head["participants"]["after"] == {"value": None, "status": "c"}
    tables = {t["table"]: t for t in summary["tables"]}
    assert tables["published_counts"] == {"table": "published_counts", "revised": 1, "added": 0, "removed": 0}
    assert tables["services"] == {"table": "services", "revised": 1, "added": 1, "removed": 1}
    assert [(r["service_id"], r["before"], r["after"]) for r in summary["ratings_changed"]] == [("S1", "green", "red")]
    assert [s["name"] for s in summary["services_new"]] == ["New hub"]
    assert {(s["name"], s["how"]) for s in summary["services_ended"]} == {
        ("Old scheme", "left the register"),
        ("Outreach", "contract ended"),
    }


def test_a_first_release_has_nothing_to_compare_with():
    draft = release(participants=620, status="", rating="green", services=[("S1", "Mentoring", "active")])
    summary = review.compare(draft, None, keys=KEYS)
    assert summary["first_release"] and summary["tables"] == [] and summary["headline"][0]["before"] is None


def test_the_same_figures_change_nothing():
    same = release(participants=620, status="", rating="green", services=[("S1", "Mentoring", "active")])
    summary = review.compare(
        same, release(participants=620, status="", rating="green", services=[("S1", "Mentoring", "active")]), keys=KEYS
    )
    assert all(t["revised"] == t["added"] == t["removed"] == 0 for t in summary["tables"])
    assert summary["ratings_changed_count"] == 0 and not summary["services_new"] and not summary["services_ended"]
