"""The dashboard's vocabulary (dashboard/data/vocabulary.py) is the ETL's: the dashboard never imports
etl, so the words it filters and labels by are stated twice, and this test keeps them equal."""

from __future__ import annotations

from dashboard.data import vocabulary
from etl import pseudonymise
from etl.contract import vocabulary as etl_vocabulary


def test_the_dashboard_states_the_etl_vocabulary():
    assert tuple(pseudonymise.AGE_BANDS) == vocabulary.AGE_BANDS
    assert vocabulary.GENDERS == etl_vocabulary.GENDERS
    assert vocabulary.ETHNICITIES == etl_vocabulary.ETHNICITIES
    assert vocabulary.RAG_RATINGS == etl_vocabulary.RAG_RATINGS
    assert set(vocabulary.RAG_WORDS) == set(vocabulary.RAG_ICONS) == set(etl_vocabulary.RAG_RATINGS)
    assert tuple(vocabulary.NEED_INDICATORS) == etl_vocabulary.NEED_INDICATOR_NAMES
