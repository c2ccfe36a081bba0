"""The dashboard's vocabulary (dashboard/vocabulary.py) is the ETL's: the dashboard never imports
etl, so the words it filters and labels by are stated twice, and this test keeps them equal."""
from __future__ import annotations

from dashboard import vocabulary
from etl import contract, pseudonymise


def test_the_dashboard_states_the_etl_vocabulary():
    assert vocabulary.AGE_BANDS == tuple(pseudonymise.AGE_BANDS)
    assert vocabulary.GENDERS == contract.GENDERS
    assert vocabulary.ETHNICITIES == contract.ETHNICITIES
    assert vocabulary.RAG_RATINGS == contract.RAG_RATINGS
    assert set(vocabulary.RAG_WORDS) == set(vocabulary.RAG_ICONS) == set(contract.RAG_RATINGS)
