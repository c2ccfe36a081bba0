"""Embeds: /embed/<page>/<chart>?<filters> shows one chart alone, for an iframe, with its
source line and a link back to the full view. The only routes other sites may frame."""

from __future__ import annotations

import plotly.io as pio
from flask import Flask, abort, request

from dashboard import charts
from dashboard.exports import view_request
from dashboard.pages import lookups
from dashboard.ui import documents, filters, site


def embed(page: str, chart: str):
    try:
        view = view_request.resolve(page, chart, filters.query_of(request.args), strict=False, needs_figure=True)
    except view_request.UnknownView:
        abort(404)
    if unchanged := view.vary_on():
        return unchanged
    record = view.record
    notes = view.image_notes  # the filters applied, cleaned: never the raw query string, whose text anyone can choose
    figure = pio.to_json(charts.as_on_page(view.spec.draw(record)), validate=False).replace("</", "<\\/")
    full = lookups.by_id(view.page).path + view.query  # the page's own path (the funding page is /funding-need)
    table = record.table
    return documents.render(
        "embed.html",
        page_title=site.title(record.title, internal=view.ctx.internal),
        title=record.title,
        summary=record.summary or record.title,
        embed_id=f"{view.page}/{view.chart}",
        figure=figure,
        table=table,
        rows=[[str(r[key]) for key, _ in table.columns] for _, r in table.frame.iterrows()],
        notes=notes.split("\n"),
        full=full,
    )


def register(server: Flask) -> None:
    server.add_url_rule("/embed/<page>/<chart>", "embed", embed)
