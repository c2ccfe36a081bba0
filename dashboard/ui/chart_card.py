"""A chart's card on a page: its title, the chart in words, the table of its numbers, their downloads, the image
exports and the embed code, shared by the public and internal pages."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import charts
from dashboard.charts import facade, slots
from dashboard.data import state
from dashboard.ui import embed_code
from dashboard.ui.chart_notes import image_notes_for
from dashboard.ui.components import data_table


def download_links(chart_id: str, *, place: charts.Place, label: str = "Download the numbers: ") -> html.P:
    """CSV, XLSX and data-package links of a chart (or of a table shown alone) for the view shown."""
    base = f"/download/{place.page}/{chart_id}"
    return html.P(
        [
            label,
            html.A("CSV", href=f"{base}.csv{place.query}", download=""),
            " · ",
            html.A("Excel (XLSX)", href=f"{base}.xlsx{place.query}", download=""),
            " · ",
            # The CSV with a Frictionless datapackage.json and a README (dashboard/exports/datapackage.py).
            html.A("Data package (ZIP)", href=f"{base}.zip{place.query}", download=""),
        ],
        className="small mb-1 downloads",
    )


def _embed_snippet(chart_id: str, title: str, place: charts.Place) -> html.Details:
    # The origin is VRU_PUBLIC_BASE_URL's, never the request's Host: this snippet is part of cached page contents.
    live = embed_code.snippet(
        origin=place.origin, page=place.page, chart=chart_id, query=place.query, title=title, release=None
    )
    pinned = int(place.release["release_id"])
    return html.Details(
        [
            html.Summary("Embed this chart"),
            html.Label(
                "Copy this code into your page (it follows the latest release):",
                htmlFor=f"{chart_id}-embed",
                className="small d-block mt-1",
            ),
            dcc.Textarea(
                id=f"{chart_id}-embed",
                value=live,
                readOnly=True,
                rows=4,
                className="form-control form-control-sm font-monospace",
            ),
            html.Label(
                f"Or pinned to release {pinned}, the figures you see now:",
                htmlFor=f"{chart_id}-embed-pinned",
                className="small d-block mt-1",
            ),
            dcc.Textarea(
                id=f"{chart_id}-embed-pinned",
                readOnly=True,
                rows=4,
                className="form-control form-control-sm font-monospace",
                value=embed_code.snippet(
                    origin=place.origin, page=place.page, chart=chart_id, query=place.query, title=title, release=pinned
                ),
            ),
            html.P(
                "The script line is optional: it lets the frame grow and shrink to fit the chart. Without it the frame "
                "is "
                f"{embed_code.FIXED_HEIGHT} px tall.",
                className="small text-body-secondary mb-0 mt-1",
            ),
        ],
        className="small mb-1 embed-snippet",
    )


def _export_buttons(chart_id: str, title: str, notes: str) -> html.P:
    filename = f"london-vru-{chart_id}"
    return html.P(
        ["Save the chart as an image: "]
        + [
            html.Button(
                fmt.upper(),
                type="button",
                className="btn btn-link btn-sm p-0 mx-1 align-baseline chart-export",
                **{
                    "data-graph": chart_id,
                    "data-format": fmt,
                    "data-title": title,
                    "data-notes": notes,
                    "data-filename": filename,
                    "aria-label": f"Save '{title}' as {fmt.upper()}",
                },
            )
            for fmt in ("png", "svg")
        ],
        className="small mb-1",
    )


def internal_place() -> charts.Place:
    """Where the internal performance pages' charts are: the live release's true figures, with no
    downloads or embeds of their own (their tables are on the page and in the internal API)."""
    return charts.Place(page="", query="", release=state.release(), internal=True, protection="")


def chart_card(
    *,
    chart_id: str,
    view: charts.ChartView,
    figure,
    place: charts.Place,
    level: int = 2,
    downloads: bool = True,
    slot: slots.Slot = slots.FULL,
) -> dbc.Card:
    """A chart with its title, the chart in words for screen readers (aria-describedby), a
    table of the same numbers and downloads of them, image exports and an embed snippet.
    It only renders: `view` and `figure` come from the chart's spec (dashboard/charts/__init__.py).

    The page shows the title as a heading, so the figure's own title (kept for image
    exports) is hidden on screen."""
    charts.as_on_page(figure)
    table = view.table
    described = (
        {"role": "figure", "aria-label": view.title, "aria-describedby": f"{chart_id}-summary"} if view.summary else {}
    )
    notes = image_notes_for(
        table,
        query=place.query,
        release=dict(place.release),
        internal=place.internal,
        protection=place.protection,
        sources=view.sources,
    )
    return dbc.Card(
        dbc.CardBody(
            [
                getattr(html, f"H{level}")(view.title, className="h5 card-title"),
                html.P(view.description, className="text-body-secondary small") if view.description else None,
                *(html.P(f"{source}.", className="small mb-1 chart-source") for source in view.sources),
                html.P(view.summary, id=f"{chart_id}-summary", className="visually-hidden chart-summary")
                if view.summary
                else None,
                # The chart's space is kept until it is drawn (no layout shift); public pages show its picture first,
                # so a phone shows the chart before plotly.js has loaded.
                facade.graph(
                    graph_id=chart_id,
                    figure=figure,
                    described=described,
                    image_path=f"/image/{place.page}/{chart_id}{place.query}" if downloads and place.page else None,
                    slot=slot,
                ),
                html.Details(
                    [
                        html.Summary("Show the numbers as a table"),
                        data_table(table.frame, caption=table.caption, columns=table.columns, numeric=table.numeric),
                    ],
                    className="table-alternative",
                ),
                download_links(chart_id, place=place) if downloads else None,
                _export_buttons(chart_id, view.title, notes),
                _embed_snippet(chart_id, view.title, place) if downloads else None,
            ]
        ),
        className="mb-4 chart-card",
    )
