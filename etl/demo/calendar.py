"""When each demo programme runs within the reporting years: the window its synthetic records fall in."""

from __future__ import annotations

import pandas as pd

from etl import periods
from etl.demo.calibration.model import DemoProgramme

# No synthetic record is dated after the last reporting year.
DATA_CUTOFF = pd.Timestamp(periods.reporting_end())


def window(prog: DemoProgramme) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = max(pd.Timestamp(prog.start), pd.Timestamp(periods.reporting_start()))
    end = min(pd.Timestamp(prog.end) if prog.end else DATA_CUTOFF, DATA_CUTOFF)
    return start, end


def running_quarters(prog: DemoProgramme) -> list[str]:
    start, end = window(prog)
    out = []
    for q in periods.quarters():
        first, last = periods.quarter_bounds(q)
        if pd.Timestamp(first) <= end and pd.Timestamp(last) >= start:
            out.append(q)
    return out
