"""A programme's providers compared, on a tiny inline frame."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import providers


def test_provider_comparison_marks_the_programme_average_and_providers_without_a_figure():
    frame = pd.DataFrame({"provider": ["Alpha", "Beta", "Gamma"], "cost": [2_000.0, None, 1_000.0]})
    fig = providers.provider_comparison_figure(
        frame, title="Cost", value="cost", value_title="£", average=1_500.0, text_format="£{:,.0f}"
    )
    bar = fig.data[0]
    assert list(bar.y) == ["Beta", "Gamma", "Alpha"] and list(bar.text) == ["no figure", "£1,000", "£2,000"]
    assert any(s.type == "line" and s.x0 == 1_500 for s in fig.layout.shapes)
    assert "programme average £1,500" in [a.text for a in fig.layout.annotations]
