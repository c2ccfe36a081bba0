"""The home page's small trends (dashboard/charts/sparklines.py), on a three-row frame."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import sparklines


def test_a_small_trend_is_a_line_with_no_axes_a_gap_for_a_suppressed_value_and_its_latest_value_marked():
    frame = pd.DataFrame(
        {"period": ["2023-24", "2024-25", "2025-26"], "value": [100, None, 120], "status": ["", "c", ""]}
    )
    fig = sparklines.sparkline_figure(frame, title="Young people reached")
    line, latest = fig.data
    assert list(line.y) == [100.0, None, 120.0] and line.connectgaps is False
    assert list(latest.x) == ["2025-26"] and list(latest.y) == [120.0]
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert fig.layout.height == sparklines.HEIGHT


def test_a_small_trend_reads_any_column():
    frame = pd.DataFrame({"financial_year": ["2024-25", "2025-26"], "spend_gbp": [1.0e6, 1.2e6]})
    fig = sparklines.sparkline_figure(frame, title="Spend", x="financial_year", value="spend_gbp")
    assert list(fig.data[0].x) == ["2024-25", "2025-26"] and list(fig.data[1].y) == [1.2e6]
