"""The commissioned-services directory: search and the stale-record rule, as plain functions, and the
release's register searched with the services page's filters (`find`, `rounds`)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from dashboard.data import queries, state
from dashboard.data.release_context import ReleaseContext
from dashboard.data.vocabulary import ALL
from dashboard.register import postcodes

LONDON_WIDE = "London-wide"
# Records not checked with the provider for this long may be out of date (the London Assembly asked for a register kept
# up to date).
STALE_AFTER_DAYS = 183  # six months


def service_name(row) -> str:
    """A service as a reader names it: "Service name, Provider" (a service's name is its own; several providers
    may deliver one programme)."""
    return f"{row['name']}, {row['provider_name']}"


def covers(boroughs_covered: str, borough: str) -> bool:
    return boroughs_covered == LONDON_WIDE or borough in boroughs_covered.split(";")


def covers_any(boroughs_covered: str, boroughs: tuple[str, ...]) -> bool:
    return any(covers(boroughs_covered, b) for b in boroughs)


def covering(frame: pd.DataFrame, boroughs: tuple[str, ...], *, column: str = "boroughs_covered") -> pd.DataFrame:
    """Rows whose `column` (GSS codes joined by ';', or London-wide) covers any of `boroughs`.
    A boolean list, not Series.map: on an empty frame a mapped Series has dtype object, and
    indexing with it selects columns, leaving a frame with none."""
    return frame.loc[[covers_any(c, boroughs) for c in frame[column]]]


def search(
    services: pd.DataFrame, *, text: str = "", area: str = ALL, borough: str = ALL, near: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Services matching every given criterion: words anywhere in name, provider or description; a
    service area; a borough (London-wide services cover every borough); any of the boroughs
    `near` a postcode (a postcode district can serve several)."""
    out = services
    for word in text.lower().split():
        haystack = (
            out["name"] + " " + out["provider_name"] + " " + out["description"] + " " + out["service_area"]
        ).str.lower()
        out = out[haystack.str.contains(word, regex=False)]
    if area != ALL:
        out = out[out["service_area"] == area]
    if borough != ALL:
        out = covering(out, (borough,))
    if near:
        out = covering(out, near)
    return out


def stale(last_reviewed, *, today: dt.date) -> pd.Series:
    """True where a record was last reviewed more than STALE_AFTER_DAYS before `today`."""
    reviewed = pd.to_datetime(pd.Series(list(last_reviewed)))
    return (pd.Timestamp(today) - reviewed).dt.days > STALE_AFTER_DAYS


def per_borough(services: pd.DataFrame, boroughs: pd.DataFrame) -> pd.DataFrame:
    """Number and annual value of the services named for each borough (London-wide ones are listed apart, not
    spread)."""
    local = services[services["boroughs_covered"] != LONDON_WIDE]
    named = local.assign(borough=local["boroughs_covered"].str.split(";")).explode("borough")
    totals = named.groupby("borough").agg(services=("borough", "size"), annual_value_gbp=("annual_value_gbp", "sum"))
    out = (
        boroughs[["gss_code", "name"]]
        .rename(columns={"gss_code": "borough", "name": "borough_name"})
        .merge(totals, left_on="borough", right_index=True, how="left")
    )
    return (
        out.fillna({"services": 0, "annual_value_gbp": 0.0})
        .astype({"services": int, "annual_value_gbp": float})
        .reset_index(drop=True)
    )


def open_rounds(rounds: pd.DataFrame, *, today: dt.date, include_closed: bool = False) -> pd.DataFrame:
    closes = pd.to_datetime(rounds["closes"]).dt.date
    opens = pd.to_datetime(rounds["opens"]).dt.date
    state = ["closed" if c < today else "open" if o <= today else "upcoming" for o, c in zip(opens, closes)]
    out = rounds.assign(state=state)
    return out if include_closed else out[out["state"] != "closed"]


# ------------------------------------------------------------------ who can use a service and how to get in
REFERRAL_ROUTES = ("self-referral", "family", "professional", "police", "school")  # etl/contract/extracts.py
ROUTE_WORDS = {
    "self-referral": "Self-referral",
    "family": "A family member",
    "professional": "A professional",
    "police": "The police",
    "school": "A school",
}
MAX_AGE = 120
AT_A_SITE = "at a site"  # service_sites.delivery_mode of a named place with a postcode


def for_person(services: pd.DataFrame, *, age: int | None = None, route: str = ALL) -> pd.DataFrame:
    """Services that take someone of `age` (between their youngest and oldest ages) and accept referrals by `route`."""
    out = services
    if age is not None:
        out = out[(out["min_age"] <= age) & (out["max_age"] >= age)]
    if route != ALL:
        out = out.loc[[route in str(r).split(";") for r in out["referral_routes"]]]
    return out


def overdue(next_review_date, *, today: dt.date) -> pd.Series:
    """True where a record's next review was due before `today`."""
    due = pd.to_datetime(pd.Series(list(next_review_date)))
    return (due < pd.Timestamp(today)).fillna(False)


# ------------------------------------------------------------------ the results list: its order and its pages
PER_PAGE = 20  # services on a page of the results list: at MOPAC's scale (hundreds), one page is a screen or two
# The list's orders, by the value of the services page's sort= ("" is by name, the default, kept out of addresses).
SORTS = {
    "": "Name (A to Z)",
    "funding": "Annual funding (largest first)",
    "rating": "Rating (on track first)",
    "contract-end": "Contract end (soonest first)",
}
RATING_ORDER = {"green": 0, "amber": 1, "red": 2}  # then anything not rated


def ordered(services: pd.DataFrame, sort: str) -> pd.DataFrame:
    """The services in the order `sort` names, each order then by name, provider and id (a stable, total order)."""
    tie = services.assign(
        _name=services["name"].str.casefold(),
        _provider=services["provider_name"].str.casefold(),
        _value=-services["annual_value_gbp"],
        _rating=services["rag_rating"].map(RATING_ORDER).fillna(len(RATING_ORDER)),
    )
    first = {"funding": ["_value"], "rating": ["_rating"], "contract-end": ["contract_end"]}.get(sort, [])
    return services.loc[tie.sort_values([*first, "_name", "_provider", "service_id"], kind="stable").index]


def page_count(found: int) -> int:
    return max(1, math.ceil(found / PER_PAGE))


def on_page(services: pd.DataFrame, number: int) -> pd.DataFrame:
    """The services of the list's page `number` (from 1)."""
    return services.iloc[(number - 1) * PER_PAGE : number * PER_PAGE]


# ------------------------------------------------------------------ the release's register, searched
SEARCH_KEYS = ("q", "postcode", "area", "borough", "age", "route")  # the filters that choose which services match


def _with_sites(services, sites):
    """Each service with its own rows of service_sites (a frame per service, empty where none is recorded)."""
    # not dict(groupby): a GroupBy has a .keys attribute, which dict() would call
    by_service = {k: g for k, g in sites.groupby("service_id")}  # noqa: C416
    return services.assign(sites=[by_service.get(sid, sites.iloc[0:0]) for sid in services["service_id"]])


@dataclass(frozen=True)
class Search:
    """The services register searched with the page's filters."""

    services: pd.DataFrame  # every service, with stale, overdue and its sites
    found: pd.DataFrame  # those matching the search
    names: dict  # borough names by GSS code
    place: postcodes.Lookup | None  # the postcode typed, looked up
    where: str  # " in Camden near NW1 for age 15": what the search is for, in words


def find(ctx: ReleaseContext, values: dict) -> Search:
    """The release's register searched with the services page's (cleaned) filter values, once per request:
    the page's list, its map and the directory's table (and a share preview's) read the one search."""
    key = (ctx.release_id, tuple((k, values[k]) for k in SEARCH_KEYS))
    return state.once_per_request("services-search", key, lambda: _find(ctx, values))


def _find(ctx: ReleaseContext, values: dict) -> Search:
    today = dt.date.today()
    services = queries.services(ctx.engine, ctx.release_id)
    services = services.assign(
        stale=stale(services["last_reviewed"], today=today).to_numpy(),
        overdue=overdue(services["next_review_date"], today=today).to_numpy(),
    )
    services = _with_sites(services, queries.service_sites(ctx.engine, ctx.release_id))
    names = dict(zip(ctx.boroughs["gss_code"], ctx.boroughs["name"]))
    place = postcodes.lookup(values["postcode"], names) if values["postcode"] else None
    if place and not place.found:
        found = services.iloc[0:0]
    else:
        found = search(
            services,
            text=values["q"],
            area=values["area"],
            borough=values["borough"],
            near=place.boroughs if place else (),
        )
        found = for_person(found, age=int(values["age"]) if values["age"] else None, route=values["route"])
    where = "".join(
        [
            f" in {names[values['borough']]}" if values["borough"] != ALL else "",
            f" near {values['postcode']}" if place and place.found else "",
            f" for age {values['age']}" if values["age"] else "",
            f" taking referrals by {ROUTE_WORDS[values['route']].lower()}" if values["route"] != ALL else "",
        ]
    )
    return Search(services=services, found=found, names=names, place=place, where=where)


NO_SEARCH = {"q": "", "postcode": "", "area": ALL, "borough": ALL, "age": "", "route": ALL}


def one(ctx: ReleaseContext, service_id: str) -> tuple[pd.Series, dict] | None:
    """A service of the release's register, with stale, overdue and its sites, and the borough names by GSS code;
    None when the register has no such service."""
    search = find(ctx, NO_SEARCH)
    found = search.services[search.services["service_id"] == service_id]
    return (found.iloc[0], search.names) if len(found) else None


def rounds(ctx: ReleaseContext, values: dict, *, near: tuple[str, ...] = ()) -> pd.DataFrame:
    """The funding rounds open (and upcoming; closed ones too with closed=yes) for the services page's filters."""
    found = open_rounds(
        queries.funding_opportunities(ctx.engine, ctx.release_id),
        today=dt.date.today(),
        include_closed=values["closed"] == "yes",
    )
    if values["area"] != ALL:
        found = found[found["service_area"] == values["area"]]
    if values["borough"] != ALL:
        found = covering(found, (values["borough"],), column="boroughs_covered")
    if near:
        found = covering(found, near, column="boroughs_covered")
    return found
