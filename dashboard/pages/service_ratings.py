"""A service's ratings by six-monthly period, for its page (dashboard/pages/service.py): the latest review as a
sentence, and every period's rating as a small chart with its table (a chart of the services page, one per
service, so it has the downloads, pictures and embed of every chart). Each rating is in words with its icon (never
colour alone), with the change since the previous review."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard import charts
from dashboard.charts import ratings, slots
from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.data.vocabulary import RAG_WORDS
from dashboard.register import directory, reviews
from dashboard.ui import components, formats


def _value(row) -> str:
    if not row["reviewed"]:
        return "—"
    if pd.isna(row["performance_value"]):
        return "no return"
    return formats.measure(row["performance_value"])


def latest_sentence(history: pd.DataFrame) -> html.P | None:
    """'Latest review, 2026-27 H1: [icon] At risk. Declined from green.' or 'No review this period'."""
    if history.empty:
        return None
    newest = history.iloc[0]
    if not newest["reviewed"]:
        return html.P(
            [html.Strong(f"{newest['period']}: no review this period."), f" Last rating: {_last_rating(history)}."],
            className="mb-2",
        )
    return html.P(
        [
            f"Latest review, {newest['period']}: ",
            components.rag_badge(newest["rag_rating"]),
            f" ({newest['rag_rating']}). {newest['change_words']}.",
        ],
        className="mb-2 service-latest-review",
    )


def _last_rating(history: pd.DataFrame) -> str:
    done = history[history["reviewed"].astype(bool)]
    return "none" if done.empty else f"{reviews.rating_text(done.iloc[0]['rag_rating'])} in {done.iloc[0]['period']}"


def _summary(history: pd.DataFrame, *, measure: str) -> str:
    """The chart in words: the span, the latest value against its target and its rating, and how many reviews gave
    each rating (a count of the published ratings, as the Committee report's summary gives)."""
    oldest, newest = history.iloc[-1], history.iloc[0]
    done = history[history["reviewed"].astype(bool) & history["performance_value"].notna()]
    head = f"Line chart of {measure} by half-year, {oldest['period']} to {newest['period']}"
    if done.empty:
        return f"{head}: no review has a value yet."
    latest = done.iloc[0]
    target = "" if pd.isna(latest["performance_target"]) else f" against a target of {latest['performance_target']:g}"
    counts = ", ".join(
        f"{RAG_WORDS[r].lower()} in {n}" for r in reviews.RATINGS if (n := int((done["rag_rating"] == r).sum()))
    )
    missing = int((~history["reviewed"].astype(bool)).sum())
    gaps = f"; {missing} half-year{'s' if missing != 1 else ''} not reviewed" if missing else ""
    return (
        f"{head}: latest {latest['performance_value']:g} in {latest['period']}{target} "
        f"({RAG_WORDS.get(latest['rag_rating'], 'not rated')}); {counts} of {len(done)} reviews{gaps}."
    )


def ratings_view(ctx: ReleaseContext, values: dict, service_id: str) -> charts.ChartView | None:
    """A service's ratings by period (None for a service with no review period yet)."""
    services = queries.services(ctx.engine, ctx.release_id)
    found = services[services["service_id"] == service_id]
    history = reviews.history(reviews.service_reviews(ctx.engine, ctx.release_id), service_id)
    if found.empty or history.empty:
        return None
    service = found.iloc[0]
    name = directory.service_name(service)
    title = f"Ratings of {name} by six-monthly period"
    table = history.assign(
        shown=[
            reviews.rating_with_icon(r) if ok else "No review"
            for r, ok in zip(history["rag_rating"], history["reviewed"])
        ],
        value=[_value(r) for _, r in history.iterrows()],
        target=[formats.measure(t) if pd.notna(t) else "" for t in history["performance_target"]],
    )
    return charts.ChartView(
        title=title,
        rows=history.iloc[::-1].reset_index(drop=True),
        description=f"{service['performance_measure']}: each half-year's value against its target, and its rating.",
        summary=_summary(history, measure=str(service["performance_measure"]).lower()),
        table=charts.TableData(
            table,
            caption=f"{title}, newest first",
            columns=[
                ("period", "Period"),
                ("shown", "Rating"),
                ("value", "Value"),
                ("target", "Target"),
                ("change_words", "Change since the previous review"),
            ],
            numeric=frozenset({"value", "target"}),
        ),
    )


def _every_service(ctx: ReleaseContext, values: dict) -> list[str]:
    return list(queries.services(ctx.engine, ctx.release_id)["service_id"])


# One chart per service, keyed by its register id, and a chart of the services page (whose downloads, pictures and
# embed it has: /image/services/services-ratings-SVC001.svg) shown on the service's own page. Its pictures are drawn
# when first asked for, not ahead: there is one per service, hundreds at MOPAC's scale.
RATINGS = charts.Chart(
    id="services-ratings",
    view=ratings_view,
    figure=ratings.rating_history_figure,
    keys=_every_service,
    on_page=False,
    slot=slots.HALF,  # beside what the register says of the service, half the row on a desk
)
