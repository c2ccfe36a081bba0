"""The services directory's results: one compact row per service (its name and provider, area, where it runs,
rating in words and icon, annual funding and contract end), linking to the service's own page, and the list's
pages. At MOPAC's scale (hundreds of services) a page of the list is PER_PAGE rows, and the rest are a link
away; the links are plain addresses, so they work before Dash has loaded and without JavaScript."""

from __future__ import annotations

from collections.abc import Callable

from dash import html

from dashboard.register import directory
from dashboard.ui import components, formats

BOROUGHS_NAMED = 3  # a row names this many boroughs, then says how many more (the service's page lists them all)
PAGES_AROUND = 2  # page links either side of the page shown; the first and last are always linked


def where(boroughs_covered: str, names: dict) -> str:
    """'London-wide', or the boroughs covered: 'Brent, Croydon, Hackney and 5 more boroughs'."""
    if boroughs_covered == directory.LONDON_WIDE:
        return "London-wide"
    covered = [names.get(c, c) for c in boroughs_covered.split(";")]
    if len(covered) <= BOROUGHS_NAMED + 1:
        return ", ".join(covered)
    rest = len(covered) - BOROUGHS_NAMED
    return f"{', '.join(covered[:BOROUGHS_NAMED])} and {rest} more boroughs"


def href(service_id: str) -> str:
    return f"/services/{service_id}"


def row(service, *, names: dict) -> html.Li:
    return html.Li(
        [
            html.H3(html.A(directory.service_name(service), href=href(service["service_id"])), className="h6 mb-1"),
            html.P(
                [
                    service["service_area"],
                    " · ",
                    html.Span(where(service["boroughs_covered"], names), className="text-nowrap")
                    if service["boroughs_covered"] == directory.LONDON_WIDE
                    else where(service["boroughs_covered"], names),
                ],
                className="small mb-1",
            ),
            html.P(
                [
                    components.rag_badge(service["rag_rating"]),
                    " · ",
                    html.Span(f"{formats.money(service['annual_value_gbp'])} a year", className="text-nowrap"),
                    " · ",
                    html.Span(f"contract to {service['contract_end']}", className="text-nowrap"),
                ],
                className="small mb-0",
            ),
        ],
        className="service-row",
    )


def results(services, *, names: dict, first_number: int) -> html.Ol:
    """The rows of one page of the list, numbered on from the pages before."""
    return html.Ol(
        [row(s, names=names) for _, s in services.iterrows()],
        start=first_number,
        className="service-list list-unstyled mb-2",
        id="services-results",
    )


def _numbers(page: int, pages: int) -> list[int | None]:
    """The page numbers to link, None where a run of them is left out."""
    shown = sorted({1, pages, *range(max(1, page - PAGES_AROUND), min(pages, page + PAGES_AROUND) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def _item(label, link: str | None, *, current: bool = False, name: str | None = None) -> html.Li:
    if link is None:
        return html.Li(html.Span(label, className="page-link"), className="page-item disabled")
    attrs = {"aria-current": "page"} if current else {}
    if name:
        attrs["aria-label"] = name
    return html.Li(
        html.A(label, href=link, className="page-link", **attrs),
        className="page-item" + (" active" if current else ""),
    )


def pagination(*, page: int, pages: int, link: Callable[[int], str]) -> html.Nav | None:
    """Links to the list's pages (`link(n)` the address of page n), the one shown marked aria-current."""
    if pages <= 1:
        return None
    items = [_item("Previous", link(page - 1), name=f"Previous page, {page - 1}")] if page > 1 else []
    for n in _numbers(page, pages):
        if n is None:
            items.append(_item("…", None))
        else:
            items.append(_item(str(n), link(n), current=n == page, name=f"Page {n}"))
    if page < pages:
        items.append(_item("Next", link(page + 1), name=f"Next page, {page + 1}"))
    return html.Nav(
        html.Ul(items, className="pagination flex-wrap mb-3"), **{"aria-label": "Pages of the services list"}
    )
