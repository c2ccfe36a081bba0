"""The lookups that navigation, links, downloads, images, embeds and the tests make in Dash's page registry: every
filtered page, a page by id, path or module, the page that answers an address, and the navigation."""

from __future__ import annotations

import dash

from dashboard.pages import Page
from dashboard.pages.filtering import one_value_each


def filtered_pages() -> dict[str, Page]:
    """Every filtered page registered with Dash Pages, by id, in navigation order."""
    entries = sorted(
        (e for e in dash.page_registry.values() if isinstance(e.get("vru_page"), Page) and e["vru_page"].filtered),
        key=lambda e: e.get("order") or 0,
    )
    return {e["vru_page"].id: e["vru_page"] for e in entries}


def registered(module: str) -> Page | None:
    """The page Dash's registry holds under `module` (its routing answers with the entry)."""
    page = dash.page_registry.get(module, {}).get("vru_page")
    return page if isinstance(page, Page) else None


def by_id(page_id: str) -> Page | None:
    return filtered_pages().get(page_id) if isinstance(page_id, str) else None


def by_path(path: str) -> Page | None:
    return next((p for p in filtered_pages().values() if p.path == path), None)


def page_at(app: dash.Dash, path: str) -> tuple[dict, dict]:
    """The registry entry of the page that answers `path`, and the path's variables ({} and {} where no page
    does), found as Dash Pages routes a request: the one place that calls Dash's private router."""
    entry, variables = dash._pages._path_to_page(app.strip_relative_path(path))
    return entry or {}, variables or {}


def query_values(query_string: str) -> dict:
    """A request's query as a layout gets it (`Page.layout`): one value a key, and no key that repeats."""
    return one_value_each(dash._pages._parse_query_string("?" + query_string))


def navigation(*, internal: bool) -> list[tuple[str, str]]:
    """(path, name) of every page in the main navigation, from the registry: the public pages in
    their order, then in internal mode the internal ones."""
    entries = [e for e in dash.page_registry.values() if e.get("nav") and (internal or not e.get("internal"))]
    entries.sort(key=lambda e: (bool(e.get("internal")), e.get("order") or 0))
    return [(e["path"], e["nav"]) for e in entries]
