"""Filter values: parsing from the URL query string, checking against what was published, and back.

Filter state lives in the URL so that reloading or sharing a link restores the view.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pandas as pd

from dashboard.data.vocabulary import ALL

KEYS = ("area", "programme", "period", "borough")
VIEWS = ("map", "tiles")  # geography: a map of boroughs, or London Squared tiles
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def is_quarter(period: str) -> bool:
    return " Q" in period


def financial_years(periods: list[str]) -> list[str]:
    return [p for p in periods if not is_quarter(p)]


def quarters(periods: list[str]) -> list[str]:
    return [p for p in periods if is_quarter(p)]


def text(params: dict, key: str) -> str | None:
    """`params[key]` if it is one piece of text; None for anything else. A parameter repeated in
    the query string (?area=a&area=b) arrives as a list, a crafted callback may send a number or
    an object: none of them is a filter value."""
    value = params.get(key)
    return value if isinstance(value, str) else None


def words(value: str | None, *, limit: int) -> str:
    """Free text from a search box: control characters (C0, DEL and C1, which no search matches and no
    spreadsheet cell may hold) read as spaces, each run of spaces as one, at most `limit` characters."""
    return " ".join(_CONTROL.sub(" ", value or "").split())[:limit]


def query_of(args) -> dict:
    """A request's query (werkzeug's MultiDict) as Dash Pages gives it to a layout: one value a key, and a list
    where the key repeats, which no filter takes (`text` reads it as no value)."""
    return {k: v[0] if len(v) == 1 else v for k, v in args.lists()}


def defaults(periods: list[str]) -> dict:
    """The default view: all programmes and priority areas, the latest financial year, all London, the map."""
    years = financial_years(periods)
    return {"programme": ALL, "area": ALL, "period": years[-1] if years else "", "borough": ALL, "view": VIEWS[0]}


def clean(params: dict, *, programmes: pd.DataFrame, periods: list[str], boroughs: pd.DataFrame) -> dict:
    """Known values only; anything else falls back to the default (`defaults`)."""
    default = defaults(periods)
    given = {k: text(params, k) for k in (*KEYS, "view")}
    out = {
        "programme": given["programme"] if given["programme"] in set(programmes["programme_id"]) else ALL,
        "area": given["area"] if given["area"] in set(programmes["priority_area"]) else ALL,
        "period": given["period"] if given["period"] in periods else default["period"],
        "borough": given["borough"] if given["borough"] in set(boroughs["gss_code"]) else ALL,
        "view": given["view"] if given["view"] in VIEWS else VIEWS[0],
    }
    if out["area"] != ALL and out["programme"] != ALL:
        area_of = dict(zip(programmes["programme_id"], programmes["priority_area"]))
        if area_of[out["programme"]] != out["area"]:
            out["programme"] = ALL
    return out


def query_string(values: dict) -> str:
    """Only non-default values, in the order given (each page's filter order): short, shareable links."""
    pairs = [(k, v) for k, v in values.items() if v and v not in (ALL, VIEWS[0])]
    return "?" + urlencode(pairs) if pairs else ""


def programme_options(programmes: pd.DataFrame, *, area: str) -> list[tuple[str, str]]:
    rows = programmes if area == ALL else programmes[programmes["priority_area"] == area]
    return [(ALL, "All programmes"), *list(zip(rows["programme_id"], rows["name"]))]


def area_options(programmes: pd.DataFrame) -> list[tuple[str, str]]:
    return [(ALL, "All priority areas")] + [(a, a) for a in sorted(programmes["priority_area"].unique())]


def period_options(periods: list[str]) -> list[tuple[str, str]]:
    years = [(p, f"Financial year {p}") for p in reversed(financial_years(periods))]
    qs = [(p, f"Quarter {p}") for p in reversed(quarters(periods))]
    return years + qs


def borough_options(boroughs: pd.DataFrame) -> list[tuple[str, str]]:
    return [(ALL, "All London"), *list(zip(boroughs["gss_code"], boroughs["name"]))]


def financial_year_of(period: str) -> str:
    return period.split(" ")[0]


def previous(period: str, periods: list[str]) -> str | None:
    same_kind = quarters(periods) if is_quarter(period) else financial_years(periods)
    i = same_kind.index(period) if period in same_kind else -1
    return same_kind[i - 1] if i > 0 else None


def period_label(period: str) -> str:
    return f"quarter {period}" if is_quarter(period) else f"financial year {period}"


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day (ISO text) of a financial year '2023-24' or quarter '2023-24 Q1'."""
    start_year = int(period[:4])
    if not is_quarter(period):
        return f"{start_year}-04-01", f"{start_year + 1}-03-31"
    q = int(period[-1])
    first_month = 4 + 3 * (q - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    end_month = month + 2
    last_day = {3: 31, 6: 30, 9: 30, 12: 31}[end_month]
    return f"{year}-{month:02d}-01", f"{year}-{end_month:02d}-{last_day}"
