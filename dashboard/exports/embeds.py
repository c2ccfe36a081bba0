"""Embeds: /embed/<page>/<chart>?<filters> shows one chart alone, for an iframe, with its
source line and a link back to the full view. The only routes other sites may frame."""

from __future__ import annotations

from html import escape

import plotly.io as pio
from flask import Flask, abort, request

from dashboard import charts, pages
from dashboard.exports import view_request
from dashboard.ui import components, site

PAGE = """<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{page_title}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/00-bootstrap.min.css"><link rel="stylesheet"
href="/assets/10-dashboard.css"></head>
<body class="p-2">
<main id="main">
<h1 class="h5">{title}</h1>
<p id="embed-summary" class="visually-hidden">{summary}</p>
<div id="embed-chart" role="figure" aria-label="{title}" aria-describedby="embed-summary" data-embed="{embed_id}"></div>
<script type="application/json" id="embed-figure">{figure}</script>
<details class="table-alternative"><summary>Show the numbers as a table</summary>{table}</details>
<p class="small mb-0">{notes}</p>
<p class="small"><a href="{full}" target="_blank" rel="noopener">See this chart on the London VRU dashboard</a></p>
</main>
<script src="/_dash-component-suites/plotly/package_data/plotly.min.js"></script>
<script src="/assets/embed.js"></script>
</body></html>"""


def _table_html(table: charts.TableData) -> str:
    head = "".join(f'<th scope="col">{escape(label)}</th>' for _, label in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(str(r[key]))}</td>" for key, _ in table.columns) + "</tr>"
        for _, r in table.frame.iterrows()
    )
    return (
        f'<table class="table table-sm data-table"><caption>{escape(table.caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def embed(page: str, chart: str):
    try:
        view = view_request.resolve(page, chart, dict(request.args.items()), strict=False, needs_figure=True)
    except view_request.UnknownView:
        abort(404)
    record = view.record
    # The filters applied, cleaned: never the raw query string (issue 12).
    notes = components.image_notes_for(
        record.table,
        query=view.query,
        release=view.release,
        internal=view.ctx.internal,
        protection=view.ctx.protection(),
    )
    figure = pio.to_json(charts.as_on_page(view.spec.draw(record)), validate=False).replace("</", "<\\/")
    full = pages.by_id(view.page).path + view.query  # the page's own path (the funding page is /funding-need)
    return PAGE.format(
        page_title=escape(site.title(record.title, internal=view.ctx.internal)),
        title=escape(record.title),
        summary=escape(record.summary or record.title),
        embed_id=escape(f"{view.page}/{view.chart}"),
        figure=figure,
        table=_table_html(record.table),
        notes="<br>".join(escape(line) for line in notes.split("\n")),
        full=escape(full),
    )


def register(server: Flask) -> None:
    server.add_url_rule("/embed/<page>/<chart>", "embed", embed)
