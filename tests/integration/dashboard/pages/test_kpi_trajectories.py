"""KPI trajectories (dashboard/pages/kpi_trajectories.py) in public mode, from the published figures."""

from __future__ import annotations

from tests.support.db import query
from tests.support.web import main_text


def test_trajectories_in_public_mode_come_from_published_figures(public_app, small_release):
    """Given the public app, then the trajectory page opens with no sign-in and shows the published values."""
    c = public_app.server.test_client()
    text = main_text(c.get("/kpis/trajectories?programme=hospital-youth-work").data.decode())
    ((value,),) = query(
        f"sqlite:///{small_release / 'public.db'}",
        "SELECT value FROM kpi_progress WHERE kpi_id = 'hospital-feel-safer' AND quarter = '2025-26 Q4'",
    )
    assert f"{value:,.1f}%" in text and "Off track" in text
