"""The registry's lookups (dashboard/pages/lookups.py), on the small release."""

from __future__ import annotations

from dashboard.pages import funding_need, geography, kpi_trajectories, kpis, lookups, overview, reach, services, spend

PAGES = (
    overview.PAGE,
    reach.PAGE,
    geography.PAGE,
    kpis.PAGE,
    kpi_trajectories.PAGE,
    spend.PAGE,
    services.PAGE,
    funding_need.PAGE,
)


def test_the_registry_names_every_filtered_page_by_its_address(app):
    """A page's id is its address (the overview's is "/"), so links built from an id go to the page."""
    with app.server.test_request_context("/"):
        registered = lookups.filtered_pages()
        assert set(registered) == {p.id for p in PAGES}
        for page in registered.values():
            assert lookups.by_path(page.path) is page
        assert registered["funding-need"].path == "/funding-need"
        assert registered["overview"].path == "/"
        nav = dict(lookups.navigation(internal=False))
        assert (
            "/funding-need" in nav
            and "/kpis/trajectories" not in nav
            and not any(p.startswith("/internal") for p in nav)
        )
        assert list(nav)[:2] == ["/", "/reach"] and list(nav)[-1] == "/about"
