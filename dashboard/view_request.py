"""A chart view named by a request (/image/..., /download/....zip): its page, its chart and its
filters, checked. A page drops a filter it does not know and shows its default; these routes
refuse it instead (400), so that what they draw and cache is only ever a view the page offers,
named by cleaned values, never by the request's own text."""
from __future__ import annotations

from dataclasses import dataclass

from dashboard import components, filters, views


class UnknownView(Exception):
    """No such page or chart (404)."""


class BadFilters(Exception):
    """A filter the page does not have, or a value it does not offer (400)."""


@dataclass(frozen=True)
class View:
    page: str
    chart: str
    record: components.ChartRecord
    release: dict
    values: dict  # cleaned: every key the page reads, including "release" ("" when live)
    query: str  # the canonical query string of the view ("?programme=divert"), from the cleaned values only

    @property
    def release_id(self) -> int:
        return int(self.release["release_id"])


def _given_matches(key: str, given: str, cleaned: str, *, live_release_id: int) -> bool:
    if given in ("", filters.ALL) and cleaned in ("", filters.ALL):
        return True
    if key == "release":
        # The live release's own id is a valid pin of today's figures; the page shows it unpinned.
        return given == cleaned or (given.isdigit() and int(given) == live_release_id and cleaned == "")
    return given == cleaned


def resolve(page: str, chart: str, args: dict, *, extra: tuple[str, ...] = (), free_text: bool = True, needs_figure: bool = False) -> View:
    """The view of `chart` on `page` for the filters in `args` (request.args as a dict).

    `extra` names keys the caller reads itself (e.g. size=); `free_text=False` refuses the
    services directory's search words and postcode, which an image does not depend on and
    which would let anyone fill the image cache with views nobody offers."""
    if page not in views.PAGES or page not in views.FILTERS:
        raise UnknownView(page)
    keys, clean = views.FILTERS[page]
    params = {k: v for k, v in args.items() if k not in extra}
    unknown = sorted(set(params) - set(keys))
    if unknown:
        raise BadFilters(f"unknown filter {unknown[0]!r} for this page")
    if not free_text and any(params.get(k) for k in ("q", "postcode")):
        raise BadFilters("search words and postcodes do not change the chart; leave them out")
    release_arg = params.get("release", "")
    if release_arg and not release_arg.isdigit():
        raise BadFilters("release must be a release number")
    ctx, values = clean(params)
    if release_arg and values["release"] != release_arg and int(release_arg) != ctx["live_release_id"]:
        raise BadFilters(f"there is no release {release_arg}")
    for key, given in params.items():
        if not _given_matches(key, str(given), str(values.get(key, "")), live_release_id=ctx["live_release_id"]):
            raise BadFilters(f"{key} has a value this page does not offer")
    record = views.PAGES[page](params).get(chart)
    if record is None or (needs_figure and record.figure is None):
        raise UnknownView(f"{page}/{chart}")
    query = filters.query_string({k: values.get(k, "") for k in keys})
    return View(page=page, chart=chart, record=record, release=ctx["release"], values=values, query=query)
