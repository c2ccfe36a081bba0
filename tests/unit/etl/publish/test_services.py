"""Tables of a release built from validated extracts (etl/publish/services.py), on small inline frames: each service's
change of rating since the previous half."""

from __future__ import annotations

import pandas as pd

from etl.publish.services import service_reviews
from tests.support.frames import reviews_frame, services_frame


def test_change_since_the_previous_half():
    """Given a service reviewed green, amber, not at all, then red, then the table says how each half moved."""
    services = services_frame(contract_start=pd.Timestamp("2024-04-01"), contract_end=pd.Timestamp("2026-09-30"))
    reviews = reviews_frame(
        {"period": "2024-25 H1", "review_date": "2024-11-01", "performance_value": 61.0, "rag_rating": "green"},
        {"period": "2024-25 H2", "review_date": "2025-05-01", "performance_value": 55.0, "rag_rating": "amber"},
        {"period": "2025-26 H2", "review_date": "2026-05-01", "performance_value": 40.0, "rag_rating": "red"},
        {"period": "2026-27 H1", "review_date": "2026-10-20", "performance_value": 57.0, "rag_rating": "amber"},
    )
    table = service_reviews({"services": services, "service_reviews": reviews})
    assert list(zip(table["period"], table["reviewed"], table["change"], table["previous_rating"].fillna("-"))) == [
        ("2024-25 H1", True, "first_review", "-"),
        ("2024-25 H2", True, "declined", "green"),
        ("2025-26 H1", False, "not_reviewed", "amber"),
        ("2025-26 H2", True, "no_previous_review", "-"),
        ("2026-27 H1", True, "improved", "red"),
    ]
    assert "reviewer_note" not in table.columns
