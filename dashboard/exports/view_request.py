"""A chart view named by a request (/download/..., /image/..., /embed/...): its page, its chart
and its filters, checked, and the chart's view built by the chart's own spec (dashboard/charts/__init__.py),
never by rebuilding the page.

A page drops a filter it does not know and shows its default; so do the CSV and XLSX downloads
and embeds (`strict=False`). Images and data packages refuse it instead (400), so that what they
draw and cache is only ever a view the page offers, named by cleaned values, never by the
request's own text."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from dashboard import charts, pages
from dashboard.access import caching
from dashboard.data.release_context import ReleaseContext
from dashboard.pages import lookups
from dashboard.ui import chart_notes, filters


class UnknownView(Exception):
    """No such page or chart (404)."""


class BadFilters(Exception):
    """A filter the page does not have, or a value it does not offer (400)."""


@dataclass(frozen=True)
class View:
    page: str  # the page's id
    chart: str  # the chart's id ("kpi-K1" for a family's chart)
    spec: charts.Chart
    key: str | None
    record: charts.ChartView  # title, table, rows, summary
    ctx: ReleaseContext
    values: dict  # cleaned: every key the page reads, including "release" ("" when live)
    query: str  # the canonical query string of the view ("?programme=divert"), from the cleaned values only
    daily: bool = False  # its page's content depends on the day (Page.daily)

    @property
    def release(self) -> dict:
        return self.ctx.release

    @property
    def release_id(self) -> int:
        return self.ctx.release_id

    @property
    def pinned(self) -> bool:
        """Whether this is a view of an earlier release than the live one (a permalink "as published")."""
        return bool(self.values.get("release"))

    def vary_on(self, **what):
        """Name this view to the caches (dashboard/access/caching.py) by its page, chart and canonical query, and
        `what` else the answer depends on (format, size); a 304 to send at once if the reader's copy is current."""
        return caching.vary_on(
            {"page": self.page, "chart": self.chart, "query": self.query, **what}, pinned=self.pinned, daily=self.daily
        )

    @functools.cached_property
    def image_notes(self) -> str:
        """What an image or an embed of this view says under the chart: source, licence, the filters applied (the
        cleaned ones, never the query string as sent) and the release."""
        return chart_notes.image_notes_for(
            self.record.table,
            query=self.query,
            release=self.release,
            internal=self.ctx.internal,
            protection=self.ctx.protection(),
            sources=self.record.sources,
        )

    @functools.cached_property
    def figure(self):
        """The chart's figure (plotly), as its card draws it; None for a table alone."""
        return self.spec.draw(self.record)


def _given_matches(key: str, given: str, cleaned: str, *, live_release_id: int) -> bool:
    if given in ("", filters.ALL) and cleaned in ("", filters.ALL):
        return True
    if key == "release":
        # The live release's own id is a valid pin of today's figures; the page shows it unpinned.
        return given == cleaned or (given.isdigit() and int(given) == live_release_id and cleaned == "")
    return given == cleaned


def _check(page: pages.Page, params: dict, ctx: ReleaseContext, values: dict, *, free_text: bool) -> None:
    unknown = sorted(set(params) - set(page.query_keys))
    if unknown:
        raise BadFilters(f"unknown filter {unknown[0]!r} for this page")
    if not free_text and any(params.get(k) for k in page.free_text):
        raise BadFilters("search words and postcodes do not change the chart; leave them out")
    release_arg = params.get("release", "")
    if release_arg and not (isinstance(release_arg, str) and release_arg.isascii() and release_arg.isdigit()):
        raise BadFilters("release must be a release number")
    if release_arg and values["release"] != release_arg and int(release_arg) != ctx.live_release_id:
        raise BadFilters(f"there is no release {release_arg}")
    for key, given in params.items():
        if not _given_matches(key, str(given), str(values.get(key, "")), live_release_id=ctx.live_release_id):
            raise BadFilters(f"{key} has a value this page does not offer")


def resolve(
    page_id: str,
    chart_id: str,
    args: dict,
    *,
    extra: tuple[str, ...] = (),
    strict: bool = True,
    free_text: bool = True,
    needs_figure: bool = False,
) -> View:
    """The view of `chart_id` on page `page_id` for the filters in `args` (request.args as a dict).

    `extra` names keys the caller reads itself (e.g. size=); `free_text=False` refuses the
    services directory's search words and postcode, which an image does not depend on and
    which would let anyone fill the image cache with views nobody offers."""
    page = lookups.by_id(page_id)
    if page is None:
        raise UnknownView(page_id)
    params = {k: v for k, v in args.items() if k not in extra}
    shown = page.shown_for(params)
    if strict:
        _check(page, params, shown.ctx, shown.values, free_text=free_text)
    return _view(shown, chart_id, needs_figure=needs_figure)


def _view(shown: pages.Shown, chart_id: str, *, needs_figure: bool) -> View:
    page, ctx, values = shown.page, shown.ctx, shown.values
    found = page.chart(chart_id, ctx, values)
    if found is None:
        raise UnknownView(f"{page.id}/{chart_id}")
    spec, key = found
    record = spec.view_for(ctx, values, key)
    if record is None or (needs_figure and (spec.figure is None or record.rows is None)):
        raise UnknownView(f"{page.id}/{chart_id}")
    return View(
        page=page.id,
        chart=chart_id,
        spec=spec,
        key=key,
        record=record,
        ctx=ctx,
        values=values,
        query=page.query(values),
        daily=page.daily,
    )


def views_of(page: pages.Page, params: dict):
    """Every chart of `page` that has a figure for these filters, in the page's order (lenient, as the page),
    each drawn from the request's one view of the page (`Page.shown_for`)."""
    shown = page.shown_for(params)
    for chart_id in charts.every_id(page.charts, shown.ctx, shown.values):
        try:
            yield _view(shown, chart_id, needs_figure=True)
        except UnknownView:
            continue


def default_views(page: pages.Page) -> list[View]:
    """Every chart of `page` with a figure, for its default filters (what images warm up)."""
    return list(views_of(page, {}))
