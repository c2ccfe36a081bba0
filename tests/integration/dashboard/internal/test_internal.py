"""Internal mode's pages as a whole (dashboard/internal/): none exists in public mode, and none fails on crafted
parameters."""

from __future__ import annotations

import pytest

from tests.support.web import main_text, page_html


@pytest.mark.parametrize(
    "path", ["/internal/data-quality", "/internal/releases", "/internal/providers", "/signin", "/signout"]
)
def test_internal_routes_do_not_exist_in_public_mode(public_app, path):
    assert public_app.server.test_client().get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "shows"),
    [
        ("/internal/spend-profile?programme=nope&year=1999-00", "Spend against profile"),
        ("/internal/providers?programme=%3Cscript%3E&sort=%22", "Compare the providers of a programme"),
        ("/internal/audit?since=yesterday&until=2026-99-99&user=nobody", "is not a date like"),
        ("/kpis/trajectories?programme=nope", "KPI trajectories"),
    ],
)
def test_crafted_parameters_fall_back_instead_of_failing(signed_in, path, shows):
    html = page_html(signed_in, path)
    assert shows in main_text(html) and "<script>alert" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/internal/attention",
        "/internal/spend-profile",
        "/internal/audit",
        "/internal/api/v1/counts",
        "/internal/audit/image-export",
    ],
)
def test_new_internal_routes_do_not_exist_in_public_mode(public_app, path):
    assert public_app.server.test_client().get(path).status_code == 404
