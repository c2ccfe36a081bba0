"""Tables of a release built from validated extracts (etl/publish.py), on small inline frames: funding against need
checked against a hand-computed example, and each service's change of rating since the previous half."""

from __future__ import annotations

import pandas as pd
import pytest

from etl import publish
from etl.publish import lcpf_summary
from tests.support.frames import reviews_frame, services_frame


def test_inner_outer_summary_matches_a_hand_computed_example():
    """Given three boroughs (one inner, one outer, and the City with no allocation), when summarised, then:
    Inner: £200,000 / 100,000 people = £2.00 a head; 1,000 offences = 10.0 per 1,000; £200 per offence.
    Outer: £300,000 / 200,000 = £1.50 a head; 1,000 offences = 5.0 per 1,000; £300 per offence.
    London: £500,000 / 300,000 = £1.67 a head; 2,000 offences = 6.67 per 1,000; £250 per offence.
    The City (no allocation) counts on neither side."""
    lcpf = pd.DataFrame(
        {
            "borough_code": ["E09000012", "E09000003", "E09000001"],
            "inner_outer": ["Inner", "Outer", "Inner"],
            "financial_year": ["2023-24"] * 3,
            "population_2021": [100_000, 200_000, 8_600],
            "allocation_gbp": [200_000.0, 300_000.0, None],
            "need_value": [1_000, 1_000, 400],
        }
    )
    out = lcpf_summary(lcpf).set_index("area")
    assert out.loc["Inner London", "allocation_per_head_gbp"] == 2.00
    assert out.loc["Inner London", "need_per_1000"] == 10.00
    assert out.loc["Inner London", "allocation_per_offence_gbp"] == 200.00
    assert out.loc["Inner London", "borough_count"] == 1
    assert out.loc["Outer London", "allocation_per_head_gbp"] == 1.50
    assert out.loc["Outer London", "need_per_1000"] == 5.00
    assert out.loc["Outer London", "allocation_per_offence_gbp"] == 300.00
    assert out.loc["London", "allocation_per_head_gbp"] == pytest.approx(1.67)
    assert out.loc["London", "need_per_1000"] == pytest.approx(6.67)
    assert out.loc["London", "allocation_per_offence_gbp"] == 250.00


def test_change_since_the_previous_half():
    """Given a service reviewed green, amber, not at all, then red, then the table says how each half moved."""
    services = services_frame(contract_start=pd.Timestamp("2024-04-01"), contract_end=pd.Timestamp("2026-09-30"))
    reviews = reviews_frame(
        {"period": "2024-25 H1", "review_date": "2024-11-01", "performance_value": 61.0, "rag_rating": "green"},
        {"period": "2024-25 H2", "review_date": "2025-05-01", "performance_value": 55.0, "rag_rating": "amber"},
        {"period": "2025-26 H2", "review_date": "2026-05-01", "performance_value": 40.0, "rag_rating": "red"},
        {"period": "2026-27 H1", "review_date": "2026-10-20", "performance_value": 57.0, "rag_rating": "amber"},
    )
    table = publish.service_reviews({"services": services, "service_reviews": reviews})
    assert list(zip(table["period"], table["reviewed"], table["change"], table["previous_rating"].fillna("-"))) == [
        ("2024-25 H1", True, "first_review", "-"),
        ("2024-25 H2", True, "declined", "green"),
        ("2025-26 H1", False, "not_reviewed", "amber"),
        ("2025-26 H2", True, "no_previous_review", "-"),
        ("2026-27 H1", True, "improved", "red"),
    ]
    assert "reviewer_note" not in table.columns
