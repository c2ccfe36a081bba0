"""Every page of the site, public and internal, as one kind of object (`Page`). The lookups that navigation, links,
downloads, images, embeds and the tests make in Dash's page registry are in lookups.py; a filtered page's filter
controls and callbacks in filtering.py.

A page is either drawn by its own layout function (`draw`: about, revisions, the internal
pages...) or is a filtered page: a heading, the filter bar, and a content area rebuilt from
the filters by one callback, which also writes them to the URL (`content` and `charts`).
`dashboard.pages.registry` lists every page and registers them with Dash Pages.

May import: charts, ui, access, data, register (never exports, internal or the app)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dash
from dash import dcc, html

from dashboard import charts
from dashboard.access import urls
from dashboard.data import cache, release_context, state
from dashboard.data.release_context import ReleaseContext
from dashboard.pages import filtering
from dashboard.ui import chart_card, components, filters, release_notices, site

OVERVIEW = "overview"  # the one page whose id is not its path: it is the site's home, "/"


@dataclass(frozen=True)
class Shown:
    """One page drawn for one set of (cleaned) filter values."""

    page: Page
    ctx: ReleaseContext
    values: dict

    @property
    def place(self) -> charts.Place:
        return self.page.place(self.ctx, self.values)

    def card(self, chart: charts.Chart, *, key: str | None = None, level: int = 2):
        """The chart's card for these filters (None when the chart is not shown for them)."""
        view = chart.view_for(self.ctx, self.values, key)
        if view is None:
            return None
        return chart_card.chart_card(
            chart_id=chart.chart_id(key),
            view=view,
            figure=chart.draw(view),
            place=self.place,
            level=level,
            slot=chart.slot,
        )

    def table_downloads(self, chart: charts.Chart, *, label: str = "Download this table: "):
        """Download links of a chart that is a table alone (the services directory, the inner-outer table)."""
        return chart_card.download_links(chart.id, place=self.place, label=label)


@dataclass(frozen=True)
class Head:
    """What a page with path variables says of itself in its <head> (dashboard/exports/share.py), where it is not a
    filtered page's view: its title, its description, the chart whose picture previews it (the filtered page that
    has the chart, and the chart's id), and schema.org data about what it shows."""

    title: str
    description: str
    chart_page: str
    chart: str | None  # None: no chart to preview it (the preview then has no picture)
    structured_data: dict | None = None


@dataclass(frozen=True, kw_only=True)
class Page:
    id: str  # its address without the leading "/" (OVERVIEW for "/"), and its module's name with "-" for "_";
    # the name of the page in download, image and embed addresses (/download/<id>/<chart>.csv)
    name: str  # its name in the browser's title bar and, unless `nav_name` says otherwise, in the navigation
    title: str = ""  # a filtered page's heading
    intro: str = ""
    content: Callable[[Shown], list] | None = None  # a filtered page's content for a view
    draw: Callable[..., Any] | None = None  # or the page's own layout function, of the query's (and path's) values
    charts: tuple[charts.Chart, ...] = ()
    keys: tuple[str, ...] = filters.KEYS
    clean: Callable[[ReleaseContext, dict], dict] | None = (
        None  # pages with filters of their own: every key's value, known values only
    )
    controls: Callable[[ReleaseContext, dict], list] | None = None  # ... and their inputs, with ids "<page>-<key>"
    # Contents for a value typed into a free-text filter are built each time, never cached:
    # anyone can send endless distinct words, each of which would take a cache entry.
    free_text: tuple[str, ...] = ()
    order: int = 100  # its place in the navigation
    in_navigation: bool = True
    address: str | None = None  # the path, where it is not the id's (a page under another: /kpis/trajectories)
    callbacks: tuple[
        Callable[[], None], ...
    ] = ()  # more callbacks of its own, registered with the page (e.g. borough_click)
    nav_name: str | None = None  # a shorter name for the navigation
    internal: bool = False  # internal mode's own pages: registered only there, behind sign-in
    path_template: str | None = None  # an address with variables: /programmes/<programme_id>
    exists: Callable[..., bool] | None = (
        None  # ... and whether the variables name something in the release asked for (else the address is a 404)
    )
    # A page drawn by its own function whose share preview is a filtered page's view (a programme's page: the
    # reach page's for that programme): (that page's id, its filters) of the values the layout is given.
    previews_as: Callable[..., tuple[str, dict]] | None = None
    # A page drawn by its own function that reads its query: the cleaned values of it that it reads (None: none).
    normalise: Callable[..., dict] | None = None
    # Or one that says what it shows itself (a service's page): its Head, of the path's variables and release=
    # (None where they name nothing); its title is also the page's title in the browser.
    head: Callable[..., Head | None] | None = None
    # A results list's page number (its key): set by the list's own links rather than by a control, and back to the
    # first page whenever another filter changes.
    paging: str | None = None
    # The filters behind a disclosure, closed at first: the home page, which shows the whole picture on one screen.
    folded_filters: bool = False
    # What it shows depends on the day as well as on the release (the services register's records not reviewed for
    # six months, funding rounds open today): its ETags, and those of its downloads and pictures, change at midnight
    # (dashboard/access/caching.py). Every other page's stay the same until the release or the code changes.
    daily: bool = False
    # What it shows changes without a new release (the release calendar): a short digest of that content, for its
    # ETag.
    version: Callable[[], str] | None = None

    def __post_init__(self):
        if (self.content is None) == (self.draw is None):
            raise TypeError(f"page {self.id!r}: give it either content (a filtered page) or its own draw function")

    @property
    def filtered(self) -> bool:
        return self.content is not None

    @property
    def module(self) -> str:
        """Its key in Dash's page registry (Dash Pages draws the page keyed not_found_404 for an unknown address)."""
        return self.id.replace("-", "_")

    @property
    def path(self) -> str:
        if self.address:
            return self.address
        return "/" if self.id == OVERVIEW else f"/{self.id}"

    @property
    def query_keys(self) -> tuple[str, ...]:
        return (*self.keys, "release")

    # ------------------------------------------------------------------ filters

    def values(self, ctx: ReleaseContext, params: dict) -> dict:
        """Every key's cleaned value, and "release" (the pinned release's id, or "" when live)."""
        clean = self.clean or filtering.clean_filters
        values = clean(ctx, params)
        values["release"] = str(ctx.release_id) if ctx.pinned else ""
        return values

    def normalised(self, params: dict) -> dict:
        """The cleaned values a request's view of this page is drawn from ("release" among them when the page reads
        it: the pinned id, or "" when live): with the path, all that its HTML depends on in a release (caches key
        it so: dashboard/access/caching.py)."""
        if self.filtered:
            return self.shown_for(params).values
        return self.normalise(**params) if self.normalise else {}

    def query(self, values: dict) -> str:
        """The canonical query string of a view: non-default values in the page's filter order."""
        return filters.query_string({k: values.get(k, "") for k in self.query_keys})

    def place(self, ctx: ReleaseContext, values: dict) -> charts.Place:
        settings = state.settings()
        return charts.Place(
            page=self.id,
            query=self.query(values),
            release=ctx.release,
            internal=ctx.internal,
            origin=urls.absolute("/", settings=settings).rstrip("/"),
            protection=ctx.protection(),
        )

    def shown(self, ctx: ReleaseContext, values: dict) -> Shown:
        return Shown(page=self, ctx=ctx, values=values)

    def shown_for(self, params: dict) -> Shown:
        """The page for a request's filters (`params`, "release" among them): its release context and
        cleaned values, built once per request, page and filters (kept on flask.g), so that the layout,
        its first paint, the share preview and every chart the request draws take the same objects."""
        asked = tuple(sorted((k, repr(v)) for k, v in params.items() if k in self.query_keys))

        def build() -> Shown:
            ctx = release_context.for_request(params.get("release"))
            return self.shown(ctx, self.values(ctx, params))

        return state.once_per_request("shown-page", (self.id, asked), build)

    def chart(self, chart_id: str, ctx: ReleaseContext, values: dict) -> tuple[charts.Chart, str | None] | None:
        return charts.find(self.charts, chart_id, ctx, values)

    # ------------------------------------------------------------------ content

    def content_for(self, ctx: ReleaseContext, values: dict) -> list:
        """The page's content for these filters, from dashboard.data.cache or built now. Keyed by
        release and filters, and by the day: some contents depend on the date (records not
        reviewed for six months, funding rounds open today)."""

        def build():
            return self.content(self.shown(ctx, values))

        if any(values.get(k) for k in self.free_text):
            return build()
        frozen = tuple(sorted(values.items()))
        return cache.memoize(f"content.{self.id}", (ctx.release_id, frozen, dt.date.today().isoformat()), build)

    def layout(self, **params):
        """What Dash Pages draws for the page (its router and the first paint both call this), from the query's
        values and the path's variables."""
        params = filtering.one_value_each(params)
        if self.draw is not None:
            return self.draw(**params)
        shown = self.shown_for(params)
        ctx, values = shown.ctx, shown.values
        controls = (
            self.controls(ctx, values) if self.controls else filtering.filter_controls(self.id, ctx, values, self.keys)
        )
        return html.Div(
            [
                html.H1(self.title),
                components.pinned_notice(ctx.release, live_release_id=ctx.live_release_id, path=self.path)
                if ctx.pinned and not ctx.preview
                else None,
                html.P(self.intro, className="lead"),
                *self._filters(controls, values, default=filters.defaults(list(ctx.periods))),
                dcc.Store(id=f"{self.id}-release", data=values["release"]),
                # The filters the content shows now, so the callback can tell a real change from the page being
                # inserted.
                dcc.Store(id=f"{self.id}-shown", data=self.query(values)),
                html.Div(self.content_for(ctx, values), id=f"{self.id}-content", **{"aria-live": "polite"}),
            ]
        )

    def _title(self, **variables) -> str:
        """The title of a page that names what it shows (Head), for its path's variables (Dash Pages calls it)."""
        head = self.head(**variables) if self.head else None
        return site.title(head.title if head else self.name, internal=self.internal)

    def _filters(self, controls: list, values: dict, *, default: dict) -> list:
        bar = [components.filter_bar(controls, pinned=values["release"]), components.copy_link(self.id)]
        if not self.folded_filters:
            return bar
        # A view other than the default shows its filters open, so the reader sees what they are looking at.
        chosen = any(values.get(k) != default.get(k) for k in self.keys)
        return [
            html.Details(
                [html.Summary("Choose a period, programme or borough"), *bar],
                open=chosen,
                className="folded-filters mb-3",
            )
        ]

    def drawn(self, **params):
        """The page as Dash Pages draws it: its layout, under the preview notice when it was drawn from a release
        that waits for publication (internal mode only: elsewhere such a release is a 404 before this)."""
        page = self.layout(**params)
        ctx = release_context.built(params.get("release"))
        if ctx is None or not ctx.preview:
            return page
        return html.Div([release_notices.preview_banner(ctx.release), page])

    # ------------------------------------------------------------------ registration

    def register(self) -> None:
        """Register the page with Dash Pages, and its callbacks with Dash (dashboard.pages.registry
        calls this for every page, once for each app)."""
        dash.register_page(
            self.module,
            path=None if self.path_template else self.path,
            path_template=self.path_template,
            name=self.name,
            title=self._title if self.head else site.title(self.name, internal=self.internal),
            order=self.order,
            layout=self.drawn,
            vru_page=self,
            internal=self.internal,
            nav=(self.nav_name or self.name) if self.in_navigation else None,
        )
        if self.filtered:
            filtering.register_filter_callback(self)
            filtering.register_copy_link(self.id)
        for register in self.callbacks:
            register()
