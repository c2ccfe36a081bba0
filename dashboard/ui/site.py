"""The site's name and a page's title, for every document the app serves: Dash's pages, the outage
and not-found pages, embeds, sign-in and the API's docs page (ui is the lowest layer they all import)."""

from __future__ import annotations

SITE = "London VRU performance dashboard"  # the site's name: header, titles, share previews
SITE_INTERNAL = "London VRU dashboard (internal)"  # internal mode's, in titles: a tab says which site it is


def title(name: str, *, internal: bool = False) -> str:
    """The browser's title of a page: its name, then the site's."""
    return f"{name} - {SITE_INTERNAL if internal else SITE}"
