"""/internal/spend-profile: each programme's spend to date against its budget profile for
the financial year (the current one unless ?year=), the outturn forecast from the run rate,
and one programme's cumulative spend by month (?programme=). Every figure is read from the
ETL's spend_profile and spend_position tables: nothing is summed here."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

import pandas as pd
from dash import html

from dashboard import charts
from dashboard.charts import spend
from dashboard.data import queries, state
from dashboard.internal import assess, data
from dashboard.ui import chart_card, components, formats

# A missing figure (no forecast before spend starts) leaves its cell empty; shares of the budget are signed.
money = functools.partial(formats.money, missing="")
share = functools.partial(formats.percent, sign=True, missing="")


def _flag(v) -> str:
    if v is None or pd.isna(v) or abs(v) <= assess.SPEND_VARIANCE_PCT:
        return f"within {formats.measure(assess.SPEND_VARIANCE_PCT, unit='percent')}"
    return "over profile" if v > 0 else "under profile"


def layout(programme: str | None = None, year: str | None = None, **_params):
    engine = state.engine()
    rid = int(state.release()["release_id"])
    years = data.spend_years(engine, rid)
    position_now = data.reporting_position(engine, rid)
    current = position_now["financial_year"].iloc[0] if len(position_now) else (years[-1] if years else "")
    year = year if year in years else (current if current in years else (years[-1] if years else ""))
    progs = queries.programmes(engine, rid)
    names = dict(zip(progs["programme_id"], progs["name"]))
    position = data.spend_position(engine, rid, financial_year=year)
    if position.empty:
        return html.Div(
            [html.H1("Spend against profile"), html.P(f"No budget for {year or 'any year'} in this release.")]
        )
    if programme not in set(position["programme_id"]):
        # The programme furthest off its profile, so the chart opens on what needs attention.
        programme = position.loc[position["variance_pct"].abs().idxmax(), "programme_id"]
    return data.built_page(
        "spend-profile",
        (rid, programme, year),
        lambda: _build(engine, rid, programme=programme, year=year, years=years, names=names, position=position),
    )


def _build(engine, rid: int, *, programme: str, year: str, years: list[str], names: dict, position) -> html.Div:
    chosen = position[position["programme_id"] == programme].iloc[0]
    table = position.assign(
        name=position["programme_id"].map(lambda p: names.get(p, p)),
        budget=position["budget_gbp"].map(money),
        profiled=position["profile_to_date_gbp"].map(money),
        spent=position["spend_to_date_gbp"].map(money),
        variance=position["variance_gbp"].map(money),
        variance_share=position["variance_pct"].map(share),
        flag=position["variance_pct"].map(_flag),
        forecast=position["forecast_outturn_gbp"].map(money),
        forecast_variance=position["forecast_variance_gbp"].map(money),
        forecast_share=position["forecast_variance_pct"].map(share),
    ).sort_values("name")
    rows = [
        html.Tr(
            [
                html.Th(
                    html.A(
                        r["name"],
                        href="/internal/spend-profile?" + urlencode({"programme": r["programme_id"], "year": year}),
                        **({"aria-current": "true"} if r["programme_id"] == programme else {}),
                    ),
                    scope="row",
                )
            ]
            + [
                html.Td(r[k], className="text-end text-nowrap")
                for k in ("budget", "profiled", "spent", "variance", "variance_share")
            ]
            + [html.Td(r["flag"])]
            + [
                html.Td(r[k], className="text-end text-nowrap")
                for k in ("forecast", "forecast_variance", "forecast_share")
            ]
        )
        for _, r in table.iterrows()
    ]
    heads = [
        "Programme",
        "Budget",
        "Profile to date",
        "Spend to date",
        "Variance",
        "Variance %",
        "Against profile",
        "Forecast outturn",
        "Forecast against budget",
        "Forecast %",
    ]
    overview = html.Table(
        [
            html.Caption(f"Spend against budget profile, {year}, {int(chosen['months_elapsed'])} of 12 months"),
            html.Thead(
                html.Tr(
                    [
                        html.Th(h, scope="col", className=None if h in ("Programme", "Against profile") else "text-end")
                        for h in heads
                    ]
                )
            ),
            html.Tbody(rows),
        ],
        className="table table-sm data-table",
    )
    profile = data.spend_profile(engine, rid, programme=programme, financial_year=year)
    title = f"{names.get(programme, programme)}: cumulative spend against the budget profile, {year}"
    fig = spend.spend_profile_figure(
        profile,
        title=title,
        months_elapsed=int(chosen["months_elapsed"]),
        forecast_outturn=None if pd.isna(chosen["forecast_outturn_gbp"]) else float(chosen["forecast_outturn_gbp"]),
    )
    elapsed = int(chosen["months_elapsed"])
    month_table = profile.assign(
        month_name=pd.to_datetime(profile["month"]).dt.strftime("%B %Y"),
        profile_text=profile["profile_cumulative_gbp"].map(money),
        spend_text=[
            money(v) if i <= elapsed else "not yet"
            for v, i in zip(profile["spend_cumulative_gbp"], profile["month_index"])
        ],
        month_spend=[money(v) if i <= elapsed else "" for v, i in zip(profile["spend_gbp"], profile["month_index"])],
    )
    chart_table = charts.TableData(
        month_table,
        caption=title,
        columns=[
            ("month_name", "Month"),
            ("month_spend", "Spend in the month"),
            ("spend_text", "Spend to date"),
            ("profile_text", "Profile to date"),
        ],
        numeric=frozenset({"month_spend", "spend_text", "profile_text"}),
    )
    summary = (
        f"{money(chosen['spend_to_date_gbp'])} spent in {elapsed} months against "
        f"{money(chosen['profile_to_date_gbp'])} profiled: "
        f"{money(chosen['variance_gbp'])} ({share(chosen['variance_pct'])}), {_flag(chosen['variance_pct'])}. "
        f"At this run rate the year ends at {money(chosen['forecast_outturn_gbp'])} against a budget of "
        f"{money(chosen['budget_gbp'])} "
        f"({share(chosen['forecast_variance_pct'])})."
    )
    return html.Div(
        [
            html.H1("Spend against profile"),
            html.P(
                "Spend to date against the budget profile (straight-line over the twelve months unless the budgets "
                "extract gives a profile), "
                f"financial year {year}; the forecast outturn is spend to date per month elapsed times twelve. True "
                "figures, not for publication.",
                className="lead",
            ),
            components.year_links(
                years,
                current=year,
                href=lambda y: "/internal/spend-profile?" + urlencode({"programme": programme, "year": y}),
            ),
            components.scroll_region(overview, label=f"Spend against budget profile, {year}"),
            html.H2(names.get(programme, programme), className="h4 mt-3", id="spend-profile-programme"),
            html.P(summary),
            chart_card.chart_card(
                chart_id="spend-profile",
                view=charts.ChartView(title=title, table=chart_table),
                figure=fig,
                place=chart_card.internal_place(),
                downloads=False,
                level=3,
            ),
        ]
    )
