"""The Committee report's rows and files (dashboard/register/committee_report.py), on a tiny register."""

from __future__ import annotations

import pytest


def test_cells_that_a_spreadsheet_would_run_are_written_as_text():
    from dashboard.register import committee_report

    assert committee_report._safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert committee_report._safe("-1") == "'-1" and committee_report._safe("Mentoring") == "Mentoring"


def test_report_rows_summary_and_unreviewed_on_a_tiny_register():
    """Given three services (two reviewed this half, one not), the report groups the reviewed ones, lists the other
    apart,
    and the summary counts ratings now and in the previous half, with the annual value by rating."""
    import pandas as pd

    from dashboard.register import committee_report

    services = pd.DataFrame(
        {
            "service_id": ["S1", "S2", "S3"],
            "name": ["Alpha", "Beta", "Gamma"],
            "provider_name": ["P1", "P2", "P3"],
            "commissioner": ["VRU", "VRU", "MOPAC"],
            "service_area": ["Mentoring", "Mentoring", "Victim support"],
            "award_type": ["grant", "contract", "contract"],
            "annual_value_gbp": [100_000.0, 200_000.0, 300_000.0],
            "funding_stream": ["Home Office VRU grant"] * 3,
            "contract_start": ["2024-04-01"] * 3,
            "contract_end": ["2027-03-31"] * 3,
            "performance_measure": ["m"] * 3,
            "performance_value": [1.0, 2.0, 3.0],
            "performance_target": [1.0, 1.0, 1.0],
            "rag_rating": ["green", "red", "amber"],
            "rag_rule": ["r"] * 3,
        }
    )
    reviews = pd.DataFrame(
        {
            "service_id": ["S1", "S2", "S3", "S1", "S2", "S3"],
            "period": ["2025-26 H2"] * 3 + ["2026-27 H1"] * 3,
            "reviewed": [True, True, True, True, True, False],
            "review_date": ["2026-05-01"] * 5 + [None],
            "performance_value": [0.8, 1.2, 1.0, 1.1, 0.7, None],
            "performance_target": [1.0] * 5 + [None],
            "rag_rating": ["red", "green", "amber", "green", "red", None],
            "rag_rule": ["r"] * 5 + [None],
            "previous_rating": [None, None, None, "red", "green", "amber"],
            "change": ["first_review"] * 3 + ["improved", "declined", "not_reviewed"],
        }
    )
    report = committee_report.build(services, reviews, period=None)
    assert report.period == "2026-27 H1" and report.periods == ["2026-27 H1", "2025-26 H2"]
    assert list(report.rows["service_id"]) == ["S1", "S2"] and list(report.unreviewed["service_id"]) == ["S3"]
    assert [(c, a, list(g["name"])) for c, a, g in committee_report.groups(report)] == [
        ("VRU", "Mentoring", ["Alpha", "Beta"])
    ]
    assert report.summary.set_index("rating")[["services", "previous", "annual_value_gbp"]].to_dict("index") == {
        "green": {"services": 1, "previous": 1, "annual_value_gbp": 100_000.0},
        "amber": {"services": 0, "previous": 1, "annual_value_gbp": 0.0},
        "red": {"services": 1, "previous": 1, "annual_value_gbp": 200_000.0},
    }
    assert list(report.rows["change_words"]) == ["Improved from red", "Declined from green"]
    assert report.moves == {"improved": 1, "declined": 1, "unchanged": 0}
    assert report.unreviewed.iloc[0]["rating"] == "No review this period"
    assert list(report.rows["length"]) == ["3 years", "3 years"]
    with pytest.raises(committee_report.UnknownPeriod):
        committee_report.build(services, reviews, period="2019-20 H1")
