"""The overview page's sentences (dashboard/pages/overview.py), with no app."""

from __future__ import annotations

from dashboard.pages import overview


def test_change_sentence_never_compares_a_suppressed_figure():
    text = overview.change_sentence(
        what="young people reached",
        now=None,
        now_status="c",
        before=40,
        before_status="",
        period="2023-24",
        previous="2022-23",
    )
    assert "cannot be compared" in text
    rose = overview.change_sentence(
        what="referrals received",
        now=120,
        now_status="",
        before=100,
        before_status="",
        period="2023-24",
        previous="2022-23",
    )
    assert (
        rose == "Referrals received rose by 20%, from 100 in financial year 2022-23 to 120 in financial year 2023-24."
    )
