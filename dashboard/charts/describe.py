"""Charts described in words: one function per kind of chart, from the same table the chart draws.

Each returns one or two plain-English sentences with the chart's real figures (highest, lowest,
latest, change, how many cells are suppressed). Screen readers announce them with the chart
(dashboard/ui/chart_card.py), and the same text goes into the image files, the data package and the
embed. Pure functions, DataFrame in and text out, like the figure modules (dashboard/charts/bars.py...).

Only published cells are quoted; a suppressed cell (status "c") is counted, never guessed. The
change on the period before is a ratio of two published cells, as on the overview page.
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.data.vocabulary import SUPPRESSED

# A change smaller than this (half a per cent) is read as "about the same", as on the overview page.
SAME = 0.005


def _published_rows(frame: pd.DataFrame, value: str) -> pd.Series:
    """True for each row whose `value` is published: present, and not suppressed."""
    shown = frame[value].notna()
    if "status" in frame:
        shown &= frame["status"] != SUPPRESSED
    return shown


def _published(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    return frame[_published_rows(frame, value)]


# The rows holding a column's highest and lowest values, found by position: a label (idxmax) would
# pick out several rows of a frame whose index repeats a label.
def _highest(frame: pd.DataFrame, value: str) -> pd.Series:
    return frame.iloc[int(frame[value].argmax())]


def _lowest(frame: pd.DataFrame, value: str) -> pd.Series:
    return frame.iloc[int(frame[value].argmin())]


def _suppressed_count(frame: pd.DataFrame) -> int:
    return int((frame["status"] == SUPPRESSED).sum()) if "status" in frame else 0


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s" if not word.endswith("y") else f"{n} {word[:-1]}ies"


def _suppressed_clause(n: int, word: str) -> str:
    if not n:
        return ""
    return f"; {_plural(n, word)} suppressed ([c]) to protect individuals"


def _change(now: float, before: float, step: str) -> str:
    if before == 0:
        return f"none the {step} before"
    change = (now - before) / before
    if abs(change) < SAME:
        return f"about the same as the {step} before"
    return f"{'up' if change > 0 else 'down'} {abs(change):.0%} on the {step} before"


def trend(
    frame: pd.DataFrame,
    *,
    what: str,
    step: str,
    x: str = "period",
    value: str = "value",
    fmt: str = "{:,.0f}",
    chart: str = "Bar chart",
    reference: str | None = None,
    reference_word: str = "target",
    rating: str | None = None,
    context: str = "",
) -> str:
    """A chart over time: the span, the highest, lowest and latest published values, the change on
    the step before, and how many steps are suppressed. `reference` names a column (a KPI's target,
    a year's budget) quoted beside the latest value; `rating` a column of words (On track...)."""
    if frame.empty:
        return f"{chart} of {what}: nothing is published for this view."
    published = _published_rows(frame, value)
    shown = frame[published]
    span = f"{frame[x].iloc[0]} to {frame[x].iloc[-1]}" if len(frame) > 1 else str(frame[x].iloc[0])
    head = f"{chart} of {what} by {step}{', ' + context if context else ''}, {span}"
    hidden = _suppressed_clause(_suppressed_count(frame), step)
    if shown.empty:
        return f"{head}: every value is suppressed ([c]) to protect individuals."
    high, low = _highest(shown, value), _lowest(shown, value)
    parts = (
        []
        if len(shown) == 1
        else [f"highest {fmt.format(high[value])} in {high[x]}", f"lowest {fmt.format(low[value])} in {low[x]}"]
    )
    latest = shown.iloc[-1]
    last_row = frame.iloc[-1]
    latest_text = (
        f"latest {fmt.format(latest[value])} in {latest[x]}"
        if latest[x] == last_row[x]
        else f"latest published {fmt.format(latest[value])} in {latest[x]} ({last_row[x]} is suppressed)"
    )
    if reference and pd.notna(latest[reference]):
        latest_text += f" against a {reference_word} of {fmt.format(latest[reference])}"
    if rating and isinstance(latest[rating], str) and latest[rating]:
        latest_text += f" ({latest[rating]})"
    position = int(published.to_numpy().nonzero()[0][-1])  # the latest published row's place in the frame
    if position > 0 and published.iloc[position - 1]:
        values = frame[value]
        latest_text += ", " + _change(float(values.iloc[position]), float(values.iloc[position - 1]), step)
    parts.append(latest_text)
    return f"{head}: {', '.join(parts)}{hidden}."


def ranking(
    frame: pd.DataFrame, *, what: str, item: str, label: str, value: str, fmt: str = "{:,.0f}", chart: str = "Bar chart"
) -> str:
    """Items ranked by a value: how many, the highest and lowest with their values, and how many
    are not published."""
    shown = _published(frame, value).sort_values(value, ascending=False)
    missing = len(frame) - len(shown)
    unpublished = f"; {_plural(missing, item)} not published" if missing else ""
    if shown.empty:
        return f"{chart} of {what}: no {item} has a published figure{unpublished}."
    top, bottom = shown.iloc[0], shown.iloc[-1]
    if len(shown) == 1:
        return f"{chart} of {what}: only {top[label]} has a published figure, {fmt.format(top[value])}{unpublished}."
    return (
        f"{chart} ranking {_plural(len(shown), item)} by {what}: highest {top[label]} ({fmt.format(top[value])}), "
        f"lowest {bottom[label]} ({fmt.format(bottom[value])}){unpublished}."
    )


def breakdown(
    frame: pd.DataFrame,
    *,
    what: str,
    by: str,
    label: str = "category",
    value: str = "value",
    fmt: str = "{:,.0f}",
    chart: str = "Bar chart",
) -> str:
    """Groups of one total (age bands, genders, ethnic groups): the largest and smallest published
    groups, and which groups are suppressed."""
    shown = _published(frame, value).sort_values(value, ascending=False)
    hidden = frame[frame["status"] == SUPPRESSED][label].tolist() if "status" in frame else []
    hidden_text = f"; suppressed ([c]): {', '.join(map(str, hidden))}" if hidden else ""
    if shown.empty:
        return f"{chart} of {what} by {by}: no group has a published figure{hidden_text}."
    top, bottom = shown.iloc[0], shown.iloc[-1]
    if len(shown) == 1:
        return f"{chart} of {what} by {by}: {top[label]} {fmt.format(top[value])}{hidden_text}."
    middle = f", then {shown.iloc[1][label]} ({fmt.format(shown.iloc[1][value])})" if len(shown) > 2 else ""
    return (
        f"{chart} of {what} by {by}, {_plural(len(frame), 'group')}: largest {top[label]} "
        f"({fmt.format(top[value])}){middle}, "
        f"smallest {bottom[label]} ({fmt.format(bottom[value])}){hidden_text}."
    )


def area_map(
    frame: pd.DataFrame,
    *,
    what: str,
    label: str = "borough_name",
    value: str = "value",
    fmt: str = "{:,.1f}",
    chart: str = "Map of London boroughs",
) -> str:
    """Boroughs shaded by a value: the highest and lowest, and how many are suppressed."""
    shown = _published(frame, value).sort_values(value, ascending=False)
    hidden = _suppressed_clause(_suppressed_count(frame), "borough")
    if shown.empty:
        return f"{chart} shaded by {what}: no borough has a published figure{hidden}."
    top, bottom = shown.iloc[0], shown.iloc[-1]
    return (
        f"{chart} shaded by {what}, {_plural(len(shown), 'borough')} with published figures: highest {top[label]} "
        f"({fmt.format(top[value])}), lowest {bottom[label]} ({fmt.format(bottom[value])}){hidden}."
    )


def groups(
    frame: pd.DataFrame,
    *,
    what: str,
    group: str,
    label: str,
    value: str,
    fmt: str = "{:,.1f}",
    chart: str = "Strip chart",
) -> str:
    """Points in side-by-side groups (inner against outer London): each group's range, no averages."""
    shown = _published(frame, value)
    hidden = _suppressed_clause(_suppressed_count(frame), "borough")
    if shown.empty:
        return f"{chart} of {what}: nothing is published for this view{hidden}."
    parts = []
    for name, g in shown.groupby(group, sort=True):
        g = g.sort_values(value, ascending=False)
        parts.append(
            f"{name} London, {_plural(len(g), 'borough')}, from {fmt.format(g.iloc[-1][value])} ({g.iloc[-1][label]}) "
            f"to {fmt.format(g.iloc[0][value])} ({g.iloc[0][label]})"
        )
    return f"{chart} of {what}: {'; '.join(parts)}{hidden}."


def _correlation_words(r: float) -> str:
    strength = "strongly" if abs(r) >= 0.7 else "moderately" if abs(r) >= 0.4 else "weakly" if abs(r) >= 0.2 else None
    if strength is None:
        return "no clear relationship"
    return f"{strength} {'positive' if r > 0 else 'negative'} relationship"


def scatter(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    label: str,
    x_what: str,
    y_what: str,
    item: str = "borough",
    x_fmt: str = "{:,.1f}",
    y_fmt: str = "{:,.2f}",
    chart: str = "Scatter plot",
) -> str:
    """Two values per item: both ranges with the items at their ends, and the direction and strength
    of the relationship (Pearson's r of the published values)."""
    shown = frame[frame[x].notna() & frame[y].notna()]
    missing = len(frame) - len(shown)
    unpublished = f"; {_plural(missing, item)} not shown (no published figure)" if missing else ""
    if shown.empty:
        return f"{chart} of {y_what} against {x_what}: nothing is published{unpublished}."
    hx, lx = _highest(shown, x), _lowest(shown, x)
    hy, ly = _highest(shown, y), _lowest(shown, y)
    text = (
        f"{chart} of {y_what} against {x_what}, {_plural(len(shown), item)}: {y_what} from {y_fmt.format(ly[y])} "
        f"({ly[label]}) "
        f"to {y_fmt.format(hy[y])} ({hy[label]}); {x_what} from {x_fmt.format(lx[x])} ({lx[label]}) to "
        f"{x_fmt.format(hx[x])} ({hx[label]})"
    )
    if len(shown) >= 3:
        r = float(shown[x].astype(float).corr(shown[y].astype(float)))
        if not math.isnan(r):
            text += f"; {_correlation_words(r)} (r = {r:.2f})"
    return text + unpublished + "."
