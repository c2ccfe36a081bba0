"""Layout pieces shared by the pages: header, footer, filters, chart cards with their table alternative."""
from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass
from urllib.parse import parse_qsl

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import chart_frame
from dashboard.vocabulary import INTERNAL_MARKING, LICENCE, LICENCE_URL, RAG_ICONS, RAG_WORDS, SOURCE, SUPPRESSED


def licence_text() -> str:
    """What files and images say about reuse: the OGL for public figures, a marking for internal ones."""
    from dashboard import state

    return INTERNAL_MARKING if state.settings().internal else LICENCE
NAV = (("/", "Overview"), ("/reach", "Reach"), ("/geography", "Geography"), ("/kpis", "KPI progress"), ("/spend", "Spend"),
       ("/programmes", "Programmes"), ("/services", "Services"), ("/funding-need", "Funding and need"), ("/revisions", "Revisions"), ("/about", "About the data"))


INTERNAL_NAV = (("/internal/attention", "Needs attention"), ("/internal/providers", "Providers"), ("/internal/spend-profile", "Spend profile"),
                ("/internal/data-quality", "Data quality"), ("/internal/releases", "Releases"), ("/internal/audit", "Audit"))


def header(*, internal: bool, csrf_token: str | None = None) -> html.Header:
    links = [dbc.NavItem(dbc.NavLink(label, href=href, active="exact")) for href, label in NAV + (INTERNAL_NAV if internal else ())]
    if internal:
        links.append(dbc.NavItem(html.Form([
            dcc.Input(type="hidden", name="csrf_token", value=csrf_token or ""),
            html.Button("Sign out", type="submit", className="btn btn-outline-light btn-sm ms-md-2"),
        ], method="POST", action="/signout", className="d-flex align-items-center")))
    return html.Header([
        html.A("Skip to main content", href="#main", className="skip-link"),
        html.Nav(
            dbc.Container([
                html.A("London VRU performance dashboard", href="/", className="navbar-brand"),
                dbc.Nav(links, navbar=True, className="flex-wrap"),
            ], fluid=True),
            className="navbar navbar-expand-md navbar-dark bg-dark", **{"aria-label": "Main"},
        ),
        html.Div(INTERNAL_MARKING, className="internal-banner", role="note") if internal else None,
    ])


def footer(release: dict) -> html.Footer:
    created = str(release.get("created_at", ""))[:10]
    return html.Footer(
        dbc.Container([
            html.P([f"Source: {SOURCE}. Release {release.get('release_id')} of {created}. Published under the ",
                    html.A(LICENCE, href=LICENCE_URL), ". ", html.A("How the figures are made", href="/about"), "."]),
            html.P("These figures are synthetic demonstration data, not real VRU data.", className="fw-bold") if release.get("synthetic_data") else None,
        ], fluid=True),
        className="site-footer",
    )


def synthetic_notice(release: dict):
    if not release.get("synthetic_data"):
        return None
    return dbc.Alert("Demonstration: every figure on this site is synthetic and describes no real person or programme result.",
                     color="warning", className="py-2 mb-3")


def pinned_notice(release: dict, *, live_release_id: int, path: str) -> dbc.Alert:
    """Shown on a permalink that pins an earlier release ("as published")."""
    created = str(release.get("created_at", ""))[:10]
    return dbc.Alert([
        html.Strong(f"As published on {created} (release {release['release_id']}). "),
        f"These are not the latest figures: release {live_release_id} is live. ",
        html.A("See the latest figures", href=path),
    ], color="info", className="py-2")


def copy_link(page: str) -> html.Div:
    """A control that copies the address of the current view (filters and any pinned release)."""
    return html.Div([
        html.Button("Copy a link to this view", id=f"{page}-copy-link", type="button", className="btn btn-outline-primary btn-sm"),
        html.Span(id=f"{page}-copy-status", className="ms-2 small", role="status"),
    ], className="mb-3")


def select(id_: str, *, label: str, options: list[tuple[str, str]], value: str) -> html.Div:
    """A labelled native <select>: works with the keyboard and screen readers without scripts of its own."""
    return html.Div([
        dbc.Label(label, html_for=id_, className="form-label mb-1"),
        dbc.Select(id=id_, options=[{"label": lbl, "value": val} for val, lbl in options], value=value),
    ], className="filter")


def radio(id_: str, *, label: str, options: list[tuple[str, str]], value: str) -> html.Fieldset:
    return html.Fieldset([
        html.Legend(label, className="form-label fs-6 mb-1"),
        dbc.RadioItems(id=id_, name=id_, options=[{"label": lbl, "value": val} for val, lbl in options], value=value),
    ], className="filter")


def filter_bar(children) -> html.Section:
    return html.Section(dbc.Row([dbc.Col(c, xs=12, sm=6, lg=3) for c in children], className="g-3"),
                        className="filters mb-3", **{"aria-label": "Filters"})


def cell_text(value, status, *, fmt="{:,.0f}") -> str:
    if status == SUPPRESSED:
        return "[c]"
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "not available"
    return fmt.format(value)


def data_table(frame: pd.DataFrame, *, caption: str, columns: list[tuple[str, str]], numeric: set[str] = frozenset()) -> html.Table:
    """An HTML table with a caption and header cells: the accessible alternative to a chart."""
    head = html.Thead(html.Tr([html.Th(label, scope="col", className="text-end" if key in numeric else None) for key, label in columns]))
    rows = []
    for _, r in frame.iterrows():
        rows.append(html.Tr([html.Td(r[key], className="text-end" if key in numeric else None) for key, _ in columns]))
    return html.Table([html.Caption(caption), head, html.Tbody(rows)], className="table table-sm data-table")


def scroll_region(child, *, label: str) -> html.Div:
    """A wide table that scrolls sideways on a phone instead of widening the page; focusable
    so that keyboard users can scroll it too (WCAG 2.1.1)."""
    return html.Div(child, className="table-responsive", tabIndex="0", role="region", **{"aria-label": label})


@dataclass(frozen=True)
class TableData:
    """The numbers behind a chart, as its table shows them: the source of the table
    alternative and of the chart's CSV and XLSX downloads, so all three agree."""

    frame: pd.DataFrame
    caption: str
    columns: list[tuple[str, str]]
    numeric: frozenset[str] = frozenset()


@dataclass
class ChartRecord:
    title: str
    table: TableData
    figure: object  # go.Figure, as drawn on the page (for the embed view); None for a table without a chart
    summary: str = ""  # the chart described in words (dashboard/describe.py), for screen readers, images, packages, embeds


# While a page's content is built (dashboard.views), each chart card records its data
# here, keyed by graph id; the download route reads the record for the same filters.
_recording: contextvars.ContextVar[dict | None] = contextvars.ContextVar("chart_records", default=None)
_download_base: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("download_base", default=None)
_release: contextvars.ContextVar[dict | None] = contextvars.ContextVar("chart_release", default=None)


@contextlib.contextmanager
def recording_charts(*, page: str, query: str, release: dict):
    records: dict[str, ChartRecord] = {}
    tokens = (_recording.set(records), _download_base.set((page, query)), _release.set(release))
    try:
        yield records
    finally:
        _recording.reset(tokens[0])
        _download_base.reset(tokens[1])
        _release.reset(tokens[2])


def _download_links(graph_id: str, label: str = "Download the numbers: ") -> html.P | None:
    base = _download_base.get()
    if not base:
        return None
    page, query = base
    return html.P([
        label,
        html.A("CSV", href=f"/download/{page}/{graph_id}.csv{query}", download=""), " · ",
        html.A("Excel (XLSX)", href=f"/download/{page}/{graph_id}.xlsx{query}", download=""), " · ",
        # The CSV with a Frictionless datapackage.json and a README (dashboard/datapackage.py).
        html.A("Data package (ZIP)", href=f"/download/{page}/{graph_id}.zip{query}", download=""),
    ], className="small mb-1 downloads")


def table_downloads(record_id: str, *, title: str, table: TableData, label: str = "Download this table: ") -> html.P | None:
    """Downloads of a table shown without a chart (e.g. the services directory), recorded
    like a chart's so the download route serves exactly what the page lists."""
    records = _recording.get()
    if records is not None:
        records[record_id] = ChartRecord(title=title, table=table, figure=None)
    return _download_links(record_id, label=label)


def image_notes_for(table: TableData, *, query: str, release: dict) -> str:
    """The lines printed under an exported or embedded chart: filters, source, release, licence, [c]."""
    filters_text = ", ".join(f"{k}: {v}" for k, v in parse_qsl(query.lstrip("?")) if k != "release") or "none (all programmes, all London)"
    lines = [f"Filters: {filters_text}",
             f"Source: {SOURCE}, release {release['release_id']} of {str(release['created_at'])[:10]}. Licence: {licence_text()}."]
    if table.frame.astype(str).isin(["[c]"]).any().any():
        lines.append("[c]: suppressed to protect individuals (counts 1 to 9 and cells that would reveal them); counts rounded to 5.")
    if release.get("synthetic_data"):
        lines.append("Synthetic demonstration data, not real VRU data.")
    return "\n".join(lines)


def _image_notes(table: TableData) -> str:
    from dashboard import state  # here, not at import: components are also used outside a request

    base = _download_base.get()
    # The release the chart shows (a permalink may pin an earlier one).
    return image_notes_for(table, query=base[1] if base else "", release=_release.get() or state.release())


def _embed_snippet(graph_id: str, title: str) -> html.Details | None:
    base = _download_base.get()
    if not base:
        return None
    page, query = base
    from html import escape

    from flask import has_app_context

    from dashboard import embed_code, state, urls

    # From VRU_PUBLIC_BASE_URL, never the request's Host: this snippet is part of cached page contents.
    origin = urls.absolute("/", settings=state.settings() if has_app_context() else None).rstrip("/")
    release = _release.get() or {}
    pinned = int(release["release_id"]) if release.get("release_id") is not None else None
    live = embed_code.snippet(origin=origin, page=page, chart=graph_id, query=query, title=title, release=None)
    return html.Details([
        html.Summary("Embed this chart"),
        html.Label("Copy this code into your page (it follows the latest release):", htmlFor=f"{graph_id}-embed", className="small d-block mt-1"),
        dcc.Textarea(id=f"{graph_id}-embed", value=live, readOnly=True, rows=4, className="form-control form-control-sm font-monospace"),
        *([html.Label(f"Or pinned to release {pinned}, the figures you see now:", htmlFor=f"{graph_id}-embed-pinned", className="small d-block mt-1"),
           dcc.Textarea(id=f"{graph_id}-embed-pinned", readOnly=True, rows=4, className="form-control form-control-sm font-monospace",
                        value=embed_code.snippet(origin=origin, page=page, chart=graph_id, query=query, title=title, release=pinned))]
          if pinned is not None else []),
        html.P("The script line is optional: it lets the frame grow and shrink to fit the chart. Without it the frame is "
               f"{embed_code.FIXED_HEIGHT} px tall.", className="small text-body-secondary mb-0 mt-1"),
    ], className="small mb-1 embed-snippet")


def _export_buttons(graph_id: str, title: str, table: TableData) -> html.P:
    notes = _image_notes(table)
    filename = f"london-vru-{graph_id}"
    return html.P(["Save the chart as an image: "] + [
        html.Button(fmt.upper(), type="button", className="btn btn-link btn-sm p-0 mx-1 align-baseline chart-export",
                    **{"data-graph": graph_id, "data-format": fmt, "data-title": title, "data-notes": notes, "data-filename": filename,
                       "aria-label": f"Save '{title}' as {fmt.upper()}"})
        for fmt in ("png", "svg")
    ], className="small mb-1")


def chart_card(*, graph_id: str, figure, title: str, table: TableData, description: str = "", level: int = 2, summary: str = "") -> dbc.Card:
    """A chart with its title, a text description for screen readers, a table of the same
    numbers and downloads of them. `summary` is the chart in words (dashboard/describe.py):
    screen readers announce it with the chart (aria-describedby).

    The page shows the title as a heading, so the figure's own title (kept for image
    exports) is hidden on screen."""
    records = _recording.get()
    figure.update_layout(title={"text": ""}, margin={"t": 30})
    if records is not None:
        records[graph_id] = ChartRecord(title=title, table=table, figure=figure, summary=summary)
    described = {"role": "figure", "aria-label": title, "aria-describedby": f"{graph_id}-summary"} if summary else {}
    return dbc.Card(dbc.CardBody([
        getattr(html, f"H{level}")(title, className="h5 card-title"),
        html.P(description, className="text-body-secondary small") if description else None,
        html.P(summary, id=f"{graph_id}-summary", className="visually-hidden chart-summary") if summary else None,
        # The chart's space is kept while dcc.Graph's code and plotly.js load, so nothing below it moves when it draws
        # (dcc.Graph's own placeholder has no height).
        chart_frame.graph(graph_id=graph_id, figure=figure, described=described,
                          image_path=f"/image/{_download_base.get()[0]}/{graph_id}{_download_base.get()[1]}" if _download_base.get() else None),
        html.Details([html.Summary("Show the numbers as a table"),
                      data_table(table.frame, caption=table.caption, columns=table.columns, numeric=table.numeric)],
                     className="table-alternative"),
        _download_links(graph_id),
        _export_buttons(graph_id, title, table),
        _embed_snippet(graph_id, title),
    ]), className="mb-4 chart-card")


def rag_badge(rag) -> html.Span:
    if rag not in RAG_WORDS:
        return html.Span("Not published [c]", className="rag rag-none")
    return html.Span([html.Span(RAG_ICONS[rag], **{"aria-hidden": "true"}), " ", RAG_WORDS[rag]], className=f"rag rag-{rag}")


def headline(label: str, value: str, *, note: str = "") -> dbc.Col:
    return dbc.Col(dbc.Card(dbc.CardBody([
        html.P(label, className="headline-label mb-1"),
        html.P(value, className="headline-value mb-0"),
        html.P(note, className="small text-body-secondary mb-0") if note else None,
    ]), className="h-100 headline"), xs=12, sm=6, lg=3)
