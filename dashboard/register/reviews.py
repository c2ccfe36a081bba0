"""Six-monthly service reviews (each service rated every half-year, as the Police and Crime Committee asked):
their queries, and the plain functions that put a
service's ratings over time and the Committee report's rows into words.

Ratings are never colour alone: each has a word and an icon (dashboard.data.vocabulary.RAG_WORDS,
RAG_ICONS), and the change since the previous review is a sentence ("improved from amber",
"no review this period"). The ETL decides which halves a service should have been reviewed
in, and how its rating moved (service_reviews.change); nothing here compares cells.
"""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from dashboard.data import queries, tables
from dashboard.data.queries import cached
from dashboard.data.vocabulary import RAG_ICONS, RAG_WORDS

service_reviews_table = tables.service_reviews_table  # one definition, shared with the open-data API
# Internal database only (sql/internal.sql): the reviewers' notes are not for publication.
service_review_notes_table = tables.table(
    "service_review_notes", ("release_id", "service_id", "period", "reviewer_note")
)
service_grants_table = tables.table(
    "service_grants",
    (
        "release_id",
        "service_id",
        "title",
        "description",
        "provider_id",
        "provider_name",
        "organisation_id",
        "annual_value_gbp",
        "amount_awarded_gbp",
        "award_date",
        "planned_start",
        "planned_end",
        "duration_months",
        "boroughs_covered",
        "programme_id",
        "programme_name",
        "commissioner",
        "funding_stream",
        "service_area",
    ),
)
RATINGS = ("green", "amber", "red")  # best first, as the report's summary lists them
COLOUR_NAMES = {"green": "green", "amber": "amber", "red": "red"}
CHANGE_TEXT = {
    "improved": "Improved from {previous}",
    "declined": "Declined from {previous}",
    "unchanged": "No change ({previous})",
    "first_review": "First review",
    "no_previous_review": "No review the previous period",
    "not_reviewed": "No review this period",
}


@cached
def service_reviews(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    return queries.release_rows(engine, service_reviews_table, release_id, order_by=("service_id", "period"))


@cached
def review_notes(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    """The reviewers' notes: only the internal database has them."""
    return queries.release_rows(engine, service_review_notes_table, release_id)


@cached
def service_grants(engine: sa.Engine, release_id: int) -> pd.DataFrame:
    return queries.release_rows(engine, service_grants_table, release_id, order_by=("service_id",))


def periods(reviews: pd.DataFrame) -> list[str]:
    """The halves with at least one review, newest first ('2026-27 H1' sorts after '2025-26 H2')."""
    return sorted(reviews.loc[reviews["reviewed"].astype(bool), "period"].unique(), reverse=True)


def rating_text(rating) -> str:
    """'On track (green)': the word and the colour's name, so that neither colour nor icon is needed."""
    if rating not in RAG_WORDS:
        return "Not rated"
    return f"{RAG_WORDS[rating]} ({COLOUR_NAMES[rating]})"


def rating_with_icon(rating) -> str:
    return f"{RAG_ICONS[rating]} {rating_text(rating)}" if rating in RAG_WORDS else "Not rated"


def change_text(change: str, previous_rating) -> str:
    """The change since the previous review, in words: 'Improved from amber', 'No review this period'."""
    previous = COLOUR_NAMES.get(previous_rating, "") if isinstance(previous_rating, str) else ""
    return CHANGE_TEXT[change].format(previous=previous)


def period_words(half: str) -> str:
    """'2025-26 H1' -> 'April to September 2025'."""
    start = int(half[:4])
    return f"April to September {start}" if half.endswith("H1") else f"October {start} to March {start + 1}"


def history(reviews: pd.DataFrame, service_id: str) -> pd.DataFrame:
    """A service's ratings by period, newest first, with the change in words."""
    h = reviews[reviews["service_id"] == service_id].sort_values("period", ascending=False)
    return h.assign(
        rating=[rating_text(r) if ok else "No review" for r, ok in zip(h["rag_rating"], h["reviewed"])],
        change_words=[change_text(c, p) for c, p in zip(h["change"], h["previous_rating"])],
    )
