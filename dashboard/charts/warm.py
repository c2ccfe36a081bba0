"""Warming plotly up in a new worker (internal mode): the performance figures built once on tiny frames."""

from __future__ import annotations

import pandas as pd

from dashboard.charts.kpis import kpi_trajectory_figure
from dashboard.charts.providers import provider_comparison_figure
from dashboard.charts.spend import spend_profile_figure


def warm_up() -> None:
    """Build each performance figure once on a two-row frame: a worker's first plotly figure pays for
    setting up plotly's validators (about a second on a loaded machine), which should not fall on the first
    director to open a page after a restart. Called once when the internal app is made."""
    quarters = pd.DataFrame(
        {
            "quarter": ["2025-26 Q1", "2025-26 Q2"],
            "value": [1.0, 2.0],
            "rag_rating": ["green", "red"],
            "status": ["", ""],
        }
    )
    kpi_trajectory_figure(
        quarters, title="", unit="percent", target=1.5, amber_tolerance=0.1, direction="higher_is_better"
    )
    months = pd.DataFrame(
        {
            "month_index": [1, 2],
            "month": ["2025-04-01", "2025-05-01"],
            "profile_cumulative_gbp": [1.0, 2.0],
            "spend_cumulative_gbp": [1.0, 2.0],
        }
    )
    spend_profile_figure(months, title="", months_elapsed=1, forecast_outturn=2.0)
    provider_comparison_figure(
        pd.DataFrame({"provider": ["a", "b"], "v": [1.0, 2.0]}), title="", value="v", value_title="", average=1.5
    )
