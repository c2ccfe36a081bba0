"""The services register as borough directories read it: each service's status, derived from its contract dates.

A plain function of the validated services frame and the extract date, so the public pages, the
downloads and the Open Referral UK feed all show the same status, worked out once per release.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

ACTIVE, ENDING, ENDED = "active", "ending", "ended"
# A contract ending within this many months is "ending": long enough for a borough directory, a referrer
# or the commissioner to plan for it (recommission, or tell families where else to go).
ENDING_WITHIN_MONTHS = 6


def status(services: pd.DataFrame, *, as_of: dt.date) -> pd.Series:
    """'ended' once the contract has ended or the team lists the service as closed; 'ending' when the contract
    ends within ENDING_WITHIN_MONTHS of `as_of`; 'active' otherwise."""
    today = pd.Timestamp(as_of)
    end = pd.to_datetime(services["contract_end"])
    ended = (end < today) | (services["listed_status"] == "closed")
    ending = end < today + pd.DateOffset(months=ENDING_WITHIN_MONTHS)
    return pd.Series(np.where(ended, ENDED, np.where(ending, ENDING, ACTIVE)), index=services.index)
