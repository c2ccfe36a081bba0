"""A service's ratings by six-monthly period, for its card in /services: each rating
in words with its icon (never colour alone), and the change since the previous review."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.register import reviews
from dashboard.ui import components, formats


def _value(row) -> str:
    if not row["reviewed"]:
        return "—"
    if pd.isna(row["performance_value"]):
        return "no return"
    target = "" if pd.isna(row["performance_target"]) else f" (target {formats.measure(row['performance_target'])})"
    return f"{formats.measure(row['performance_value'])}{target}"


def latest_sentence(history: pd.DataFrame) -> html.P | None:
    """'Latest review, 2026-27 H1: [icon] At risk. Declined from green.' or 'No review this period'."""
    if history.empty:
        return None
    newest = history.iloc[0]
    if not newest["reviewed"]:
        return html.P(
            [html.Strong(f"{newest['period']}: no review this period."), f" Last rating: {_last_rating(history)}."],
            className="small mb-1",
        )
    return html.P(
        [
            f"Latest review, {newest['period']}: ",
            components.rag_badge(newest["rag_rating"]),
            f" ({newest['rag_rating']}). {newest['change_words']}.",
        ],
        className="small mb-1 service-latest-review",
    )


def _last_rating(history: pd.DataFrame) -> str:
    done = history[history["reviewed"].astype(bool)]
    return "none" if done.empty else f"{reviews.rating_text(done.iloc[0]['rag_rating'])} in {done.iloc[0]['period']}"


def ratings_by_period(service_id: str, all_reviews: pd.DataFrame, *, service_name: str) -> list:
    """The latest review as a sentence, and every period's rating in a table behind a disclosure."""
    history = reviews.history(all_reviews, service_id)
    if history.empty:
        return []
    rows = [
        html.Tr(
            [
                html.Th(r["period"], scope="row"),
                html.Td(
                    components.rag_badge(r["rag_rating"]) if r["reviewed"] else "No review", className="text-nowrap"
                ),
                html.Td(_value(r), className="text-end"),
                html.Td(r["change_words"]),
            ]
        )
        for _, r in history.iterrows()
    ]
    table = html.Table(
        [
            html.Caption(f"Ratings of {service_name} by six-monthly period, newest first"),
            html.Thead(
                html.Tr(
                    [
                        html.Th("Period", scope="col"),
                        html.Th("Rating", scope="col"),
                        html.Th("Value", scope="col", className="text-end"),
                        html.Th("Change since the previous review", scope="col"),
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        className="table table-sm data-table mb-1",
    )
    return [
        latest_sentence(history),
        html.Details(
            [
                html.Summary(f"Ratings by period ({int(history['reviewed'].sum())} reviews)"),
                components.scroll_region(table, label=f"Ratings of {service_name}"),
            ],
            className="small mb-1 service-ratings",
        ),
    ]
