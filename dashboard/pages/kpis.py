"""KPI progress: one headline KPI per priority area, then every programme KPI against its target."""
from __future__ import annotations

from dashboard.sections import kpis

kpis.PAGE.register_page(__name__)
