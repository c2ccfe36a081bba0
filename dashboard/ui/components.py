"""Layout pieces shared by the pages: header, footer, notices, filters, tables, ratings and headline figures.

A chart's card is in dashboard/ui/chart_card.py, the notes that go with a chart off the page in chart_notes.py."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.data import state
from dashboard.data.vocabulary import INTERNAL_MARKING, LICENCE, LICENCE_URL, RAG_ICONS, RAG_WORDS, SOURCE
from dashboard.ui import formats, site


def licence_text() -> str:
    """What this app's files and images say about reuse: the OGL for public figures, a marking for internal ones."""
    return INTERNAL_MARKING if state.settings().internal else LICENCE


def header(*, nav: list[tuple[str, str]], internal: bool, csrf_token: str | None = None) -> html.Header:
    """The site header; `nav` is (path, name) of each page in the navigation (dashboard.pages.lookups.navigation)."""
    links = [dbc.NavItem(dbc.NavLink(label, href=href, active="exact")) for href, label in nav]
    if internal:
        links.append(
            dbc.NavItem(
                html.Form(
                    [
                        dcc.Input(type="hidden", name="csrf_token", value=csrf_token or ""),
                        html.Button("Sign out", type="submit", className="btn btn-outline-light btn-sm ms-md-2"),
                    ],
                    method="POST",
                    action="/signout",
                    className="d-flex align-items-center",
                )
            )
        )
    return html.Header(
        [
            html.A("Skip to main content", href="#main", className="skip-link"),
            html.Nav(
                dbc.Container(
                    [
                        html.A(site.SITE, href="/", className="navbar-brand"),
                        # On a phone the pages fold under "Menu", so a page starts one line under the site's name, not
                        # a screen of links below it; on a wider screen they are always shown (assets/10-dashboard.css).
                        html.Details(
                            [
                                html.Summary("Menu", className="site-menu-button"),
                                dbc.Nav(links, navbar=True, className="flex-wrap"),
                            ],
                            className="site-menu",
                        ),
                    ],
                    fluid=True,
                ),
                className="navbar navbar-expand-md navbar-dark bg-dark",
                **{"aria-label": "Main"},
            ),
            html.Div(INTERNAL_MARKING, className="internal-banner", role="note") if internal else None,
        ]
    )


def footer(release: dict, *, internal: bool) -> html.Footer:
    created = str(release.get("created_at", ""))[:10]
    # Internal figures are not published: their footer carries the marking, not the licence.
    reuse = [f"{INTERNAL_MARKING}. "] if internal else ["Published under the ", html.A(LICENCE, href=LICENCE_URL), ". "]
    return html.Footer(
        dbc.Container(
            [
                html.P(
                    [
                        f"Source: {SOURCE}. Release {release.get('release_id')} of {created}. ",
                        *reuse,
                        html.A("How the figures are made", href="/about"),
                        ". ",
                        html.A("Release calendar", href="/releases"),
                        " (",
                        html.A("Atom feed", href="/releases.atom"),
                        ", ",
                        html.A("iCalendar", href="/releases.ics"),
                        ").",
                    ]
                ),
                html.P(
                    "The VRU's figures here are synthetic demonstration data; figures from other publishers name "
                    "their source.",
                    className="fw-bold",
                )
                if release.get("synthetic_data")
                else None,
            ],
            fluid=True,
        ),
        className="site-footer",
    )


def synthetic_notice(release: dict):
    if not release.get("synthetic_data"):
        return None
    return dbc.Alert(
        "Demonstration: the VRU's figures here are synthetic and describe no real person. Police figures of need "
        "and other publishers' figures are real and name their source.",
        color="warning",
        className="py-2 mb-3",
    )


def pinned_notice(release: dict, *, live_release_id: int, path: str) -> dbc.Alert:
    """Shown on a permalink that pins an earlier release ("as published")."""
    created = str(release.get("created_at", ""))[:10]
    return dbc.Alert(
        [
            html.Strong(f"As published on {created} (release {release['release_id']}). "),
            f"These are not the latest figures: release {live_release_id} is live. ",
            html.A("See the latest figures", href=path),
        ],
        color="info",
        className="py-2",
    )


def copy_link(page: str) -> html.Div:
    """A control that copies the address of the current view (filters and any pinned release)."""
    return html.Div(
        [
            html.Button(
                "Copy a link to this view",
                id=f"{page}-copy-link",
                type="button",
                className="btn btn-outline-primary btn-sm",
            ),
            html.Span(id=f"{page}-copy-status", className="ms-2 small", role="status"),
        ],
        className="mb-3",
    )


def query_key(control_id: str) -> str:
    """The query parameter a filter control sets: its id's last part ("funding-need-period" -> "period";
    no filter key has a hyphen). The first paint's form sends it under this name."""
    return control_id.rsplit("-", 1)[-1]


def select(id_: str, *, label: str, options: list[tuple[str, str]], value: str) -> html.Div:
    """A labelled native <select>: works with the keyboard and screen readers without scripts of its own."""
    return html.Div(
        [
            dbc.Label(label, html_for=id_, className="form-label mb-1"),
            dbc.Select(
                id=id_, name=query_key(id_), options=[{"label": lbl, "value": val} for val, lbl in options], value=value
            ),
        ],
        className="filter",
    )


def radio(id_: str, *, label: str, options: list[tuple[str, str]], value: str) -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(label, className="form-label fs-6 mb-1"),
            dbc.RadioItems(
                id=id_, name=query_key(id_), options=[{"label": lbl, "value": val} for val, lbl in options], value=value
            ),
        ],
        className="filter",
    )


def filter_bar(children, *, pinned: str = "") -> html.Section:
    """The page's filters. The first paint draws this section as a form that asks the page's own
    address for the chosen view (data-filters; dashboard/ui/first_paint.py), so they work before Dash
    has loaded and without JavaScript; on a permalink to an earlier release (`pinned`, its id) the
    form sends that release too, so a new choice stays on the figures as published."""
    return html.Section(
        [
            dbc.Row([dbc.Col(c, xs=12, sm=6, lg=3) for c in children], className="g-3"),
            dcc.Input(type="hidden", name="release", value=pinned) if pinned else None,
        ],
        className="filters mb-3",
        **{"aria-label": "Filters", "data-filters": "form"},
    )


def data_table(
    frame: pd.DataFrame,
    *,
    caption: str,
    columns: list[tuple[str, str]],
    numeric: set[str] = frozenset(),
    stack: bool = False,
) -> html.Div:
    """An HTML table with a caption and header cells (the accessible alternative to a chart), in a box of its
    own that scrolls sideways where the table is wider than a phone's screen (WCAG 1.4.10: six public pages
    scrolled sideways at 360 px with a table open). With `stack`, a phone shows each row as a block of
    "column: value" lines instead (assets/10-dashboard.css, .table-stack), for a table too wide to read by
    scrolling; its ARIA roles keep it a table for screen readers once CSS draws its cells as blocks."""
    roles = (lambda role: {"role": role}) if stack else (lambda _role: {})
    head = html.Thead(
        html.Tr(
            [
                html.Th(label, scope="col", className="text-end" if key in numeric else None, **roles("columnheader"))
                for key, label in columns
            ],
            **roles("row"),
        ),
        **roles("rowgroup"),
    )
    rows = []
    for _, r in frame.iterrows():
        cells = [
            html.Td(
                html.Span(r[key]) if stack else r[key],
                className="text-end" if key in numeric else None,
                **({"data-label": label} if stack else {}),
                **roles("cell"),
            )
            for key, label in columns
        ]
        rows.append(html.Tr(cells, **roles("row")))
    return scroll_region(
        html.Table(
            [html.Caption(caption), head, html.Tbody(rows, **roles("rowgroup"))],
            className="table table-sm data-table" + (" table-stack" if stack else ""),
            **roles("table"),
        ),
        label=caption,
    )


def year_links(years, *, current: str, href) -> html.Nav:
    """Links to each financial year of a page (`href(year)` its address), the one shown marked aria-current."""
    return html.Nav(
        html.Ul(
            [
                html.Li(
                    html.A(y, href=href(y), **({"aria-current": "page"} if y == current else {})),
                    className="list-inline-item",
                )
                for y in years
            ],
            className="list-inline",
        ),
        **{"aria-label": "Financial year"},
    )


def scroll_region(child, *, label: str) -> html.Div:
    """A wide table that scrolls sideways on a phone instead of widening the page; focusable
    so that keyboard users can scroll it too (WCAG 2.1.1)."""
    return html.Div(child, className="table-responsive", tabIndex="0", role="region", **{"aria-label": label})


def fold(summary, children: list, *, id_: str | None = None) -> html.Details:
    """Something a reader opens when they need it (a long table, a form used now and then), closed under its
    summary, which says what it holds: a page stays short on a phone and nothing is out of reach (a <details>
    opens by keyboard as by pointer)."""
    return html.Details([html.Summary(summary), *children], className="fold", **({"id": id_} if id_ else {}))


def rag_badge(rag) -> html.Span:
    if rag not in RAG_WORDS:
        return html.Span(f"Not published {formats.SUPPRESSED_SYMBOL}", className="rag rag-none")
    return html.Span(
        [html.Span(RAG_ICONS[rag], **{"aria-hidden": "true"}), " ", RAG_WORDS[rag]], className=f"rag rag-{rag}"
    )


def headline(label: str, value: str, *, note: str = "", trend=None, xs: int = 12, lg: int = 3) -> dbc.Col:
    """A headline figure in a card, with a note of what it is for and, under it, its trend (a small picture)."""
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.P(label, className="headline-label mb-1"),
                    html.P(value, className="headline-value mb-0"),
                    html.P(note, className="headline-note small text-body-secondary mb-0") if note else None,
                    trend,
                ]
            ),
            className="h-100 headline",
        ),
        xs=xs,
        sm=6,
        lg=lg,
    )
