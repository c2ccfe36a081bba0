"""The demo's six-monthly service reviews (etl/demo/reviews.py): a history that moves, with gaps, and the register's
rating its latest review."""

from __future__ import annotations

import pandas as pd


def test_demo_register_has_a_history_of_reviews(small_extracts_master):
    """Given the demo extracts, then most services have two or more halves reviewed, back to 2021-22, ratings
    move, some reviews are missing, and the register's rating is each service's most recent review."""
    reviews = pd.read_csv(small_extracts_master / "service_reviews.csv")
    services = pd.read_csv(small_extracts_master / "services.csv")
    per_service = reviews.groupby("service_id").size()
    assert (per_service >= 2).mean() > 0.8
    assert reviews["period"].min() == "2021-22 H1"
    assert (reviews.groupby("service_id")["rag_rating"].nunique() > 1).sum() >= 5, "ratings should move between reviews"
    latest = reviews["period"].max()
    assert (reviews["period"] == latest).sum() < len(services), "some services are not reviewed in the latest half"
    newest = reviews.sort_values("period").drop_duplicates("service_id", keep="last").set_index("service_id")
    s = services.set_index("service_id").loc[newest.index]
    assert (s["rag_rating"] == newest["rag_rating"]).all() and (
        s["performance_value"] == newest["performance_value"]
    ).all()
    assert set(services["award_type"]) == {"grant", "contract"}
