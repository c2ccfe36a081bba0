"""Every page of the site in one list, registered with Dash Pages from here (`register`, called by
create_app for each app): the public pages, then internal mode's own, each pointing at its layout
by reference. Navigation, links, the not-found page and the tests read Dash's registry."""

from __future__ import annotations

from dashboard.internal import attention, audit_trail_page, data_quality, providers, releases, returns, spend_profile
from dashboard.pages import (
    Page,
    about,
    committee_report,
    data_dictionary,
    funding_need,
    geography,
    kpi_trajectories,
    kpis,
    not_found,
    overview,
    programme,
    programmes,
    reach,
    release_calendar,
    revisions,
    service,
    services,
    spend,
)

PUBLIC: tuple[Page, ...] = (
    overview.PAGE,
    reach.PAGE,
    geography.PAGE,
    kpis.PAGE,
    kpi_trajectories.PAGE,
    spend.PAGE,
    programmes.PAGE,
    programme.PAGE,
    services.PAGE,
    committee_report.PAGE,
    service.PAGE,
    funding_need.PAGE,
    revisions.PAGE,
    release_calendar.PAGE,
    about.PAGE,
    data_dictionary.PAGE,
    not_found.PAGE,
)

INTERNAL_ORDER = 100  # internal pages follow the public ones in the navigation


def _internal(order: int, *, id: str, name: str, nav_name: str, draw) -> Page:
    return Page(
        id=f"internal-{id}",
        address=f"/internal/{id}",
        name=name,
        nav_name=nav_name,
        draw=draw,
        internal=True,
        order=INTERNAL_ORDER + order,
    )


# Internal mode's own pages, in navigation order; signing in lands on the first.
INTERNAL: tuple[Page, ...] = (
    _internal(0, id="attention", name="Needs attention", nav_name="Needs attention", draw=attention.layout),
    _internal(1, id="providers", name="Providers", nav_name="Providers", draw=providers.layout),
    _internal(2, id="spend-profile", name="Spend against profile", nav_name="Spend profile", draw=spend_profile.layout),
    _internal(3, id="data-quality", name="Data quality", nav_name="Data quality", draw=data_quality.layout),
    _internal(4, id="releases", name="Releases", nav_name="Releases", draw=releases.layout),
    _internal(5, id="audit", name="Audit trail", nav_name="Audit", draw=audit_trail_page.layout),
    _internal(6, id="returns", name="Returns", nav_name="Returns", draw=returns.layout),
)


def register(*, internal: bool) -> None:
    """Register every page of this mode (and its callbacks) with Dash Pages."""
    for page in PUBLIC + (INTERNAL if internal else ()):
        page.register()
