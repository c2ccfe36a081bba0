"""The table of funding rounds on the services page and on each service's page (dashboard/pages/services.py,
dashboard/pages/service.py): what each round is, where, for how much, when, and a link to apply.

A round's address comes from the register's data, so it is treated as hostile until checked: only an http(s) address
with a host becomes a link (its host the link's words, so the reader sees where it goes), opened in the same tab;
anything else is shown as plain text, never as a link. On a phone the table stacks, one round a block, instead of
running eight columns wide."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.pages.service_details import covered
from dashboard.ui import components, formats, links

COLUMNS = [
    ("title", "Round"),
    ("state", "Status"),
    ("service_area", "Area"),
    ("eligible", "Boroughs"),
    ("value", "Total"),
    ("opens", "Opens"),
    ("closes", "Closes"),
    ("link", "Apply at"),
]


def apply_link(url, title) -> html.A | str:
    """A link to apply for a round, named by its host (and, for screen readers, the round), or the address as text."""
    found = links.host(url)
    if found is None:
        return url if isinstance(url, str) else ""
    return html.A([found, html.Span(f" (apply for {title})", className="visually-hidden")], href=url.strip())


def table(rounds: pd.DataFrame, names: dict, *, caption: str) -> html.Div:
    """The rounds as a table that stacks on a phone (`names`: borough names by code)."""
    return components.data_table(
        rounds.assign(
            value=rounds["total_value_gbp"].map(formats.money),
            eligible=rounds["boroughs_covered"].map(lambda b: covered(b, names)),
            link=[apply_link(u, t) for u, t in zip(rounds["url"], rounds["title"])],
        ),
        caption=caption,
        columns=COLUMNS,
        numeric={"value"},
        stack=True,
    )
