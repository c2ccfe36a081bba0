"""The synthetic generator: reproducible, valid, and realistic enough to exercise the rules."""

from __future__ import annotations

import pandas as pd

from etl import extract
from etl.validation import validate
from tests.support.extracts import AS_OF_DATE as AS_OF


def test_generated_extracts_are_valid_and_carry_the_faulty_returns(small_extracts_master):
    """Given generated extracts, when validated, then there are no errors and the late and missing returns are warned
    about."""
    frames, problems = extract.read_extracts(small_extracts_master)
    typed, warnings = validate.validate(frames, as_of=AS_OF, prior_findings=problems)
    rules = {w.rule for w in warnings}
    assert {"late_return", "missing_return"} <= rules
    assert len(typed["programmes"]) == 12
    boroughs = set(typed["participants"]["borough_code"])
    assert len(boroughs) >= 32  # the City of London, with 600 children, may get none in a small sample


def test_reach_is_seasonal_for_the_summer_programme(small_extracts_master):
    """Given the summer programme, when referrals are counted by month, then July and August dominate."""
    p = pd.read_csv(small_extracts_master / "participants.csv", parse_dates=["referral_date"])
    summer = p[p["programme_id"] == "summer-activities"]
    share = summer["referral_date"].dt.month.isin([7, 8]).mean()
    assert share > 0.6
