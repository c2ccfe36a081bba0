"""KPI trajectories (dashboard/pages/kpi_trajectories.py) in public mode, in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import describe_violations, run_axe, settle

pytestmark = pytest.mark.slow


def _accessible(page, axe_script, where: str) -> None:
    violations = run_axe(page, axe_script)
    assert not violations, f"{where}: {describe_violations(violations)}"


def test_kpi_trajectories_in_public_mode_are_accessible(page, page_log, dashboard_url, axe_script):
    page.goto(dashboard_url + "/kpis/trajectories?programme=myends")
    settle(page)
    expect(page.locator("#main h1")).to_have_text("KPI trajectories")
    expect(page.locator(".trajectory").first).to_contain_text("Rating rule")
    page.select_option("#kpi-trajectories-programme", "divert")
    page.wait_for_url("**programme=divert*")
    expect(page.locator("#kpi-trajectories-content h2")).to_have_text("DIVERT (custody diversion)")
    _accessible(page, axe_script, "KPI trajectories (public)")
    assert not page_log.errors(), page_log.errors()
