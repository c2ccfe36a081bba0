"""The data dictionary of the internal extracts, rendered from docs/data-dictionary.md, which is
itself generated from the ETL's validation schemas (a test keeps the two identical)."""

from __future__ import annotations

from pathlib import Path

from dash import dcc, html

from dashboard import pages

DICTIONARY = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def layout(**_params):
    text = DICTIONARY.read_text()
    return html.Div(
        [
            html.P(
                [
                    "The published tables and their columns are described in the ",
                    html.A("API documentation", href="/api/v1/docs"),
                    ". This page describes the extracts the VRU's ETL reads, "
                    "from which every published figure is made.",
                ],
                className="small",
            ),
            dcc.Markdown(text, link_target="_self", className="data-dictionary"),
        ]
    )


PAGE = pages.Page(
    id="data-dictionary", address="/about/data-dictionary", name="Data dictionary", draw=layout, in_navigation=False
)
