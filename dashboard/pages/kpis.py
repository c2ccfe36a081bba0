"""KPI progress: one headline KPI per priority area, then every programme KPI against its target."""
from __future__ import annotations

import dash

from dashboard import views
from dashboard.sections import kpis

dash.register_page(__name__, path="/kpis", name="KPI progress", title="KPI progress - London VRU performance dashboard", order=3)

layout = views.filtered_page("kpis", title="KPI progress: against targets", content=kpis.content, keys=("area", "programme", "period"),
                             intro="Each programme's key performance indicators by quarter, rated On track, At risk or Off track by the rule shown.")
