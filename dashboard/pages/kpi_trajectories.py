"""KPI trajectories: each KPI of one programme by quarter against its target (dashboard/sections/kpi_trajectories.py)."""
from __future__ import annotations

from dashboard.sections import kpi_trajectories

kpi_trajectories.PAGE.register_page(__name__)
