"""Funding against need: London Crime Prevention Fund allocations per borough set against one indicator of need at a
time (the Metropolitan Police's knife crime figures), per resident and per unit of need, inner against outer London.

Every figure is a published cell of lcpf_funding or lcpf_summary (etl/publish/lcpf.py): a need figure that is not
available is [x], never 0, and the ETL has already left it out of every rate and total."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import charts
from dashboard.charts import describe, funding
from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.data.vocabulary import NEED_INDICATORS, NOT_AVAILABLE, NeedIndicator, need_indicator
from dashboard.pages import Page, Shown
from dashboard.ui import components, filters, formats

NO_ALLOCATION = "no allocation"  # a borough the fund gave nothing to in the year
KEYS = ("period", "indicator")


# ------------------------------------------------------------------ filters
def _indicators(ctx: ReleaseContext) -> list[str]:
    """The release's need indicators, those the dashboard names first, in its order (the first is the default)."""
    published = set(queries.lcpf_years(ctx.engine, ctx.release_id)["need_indicator"])
    return [code for code in NEED_INDICATORS if code in published] + sorted(published - set(NEED_INDICATORS))


def _years(ctx: ReleaseContext) -> list[str]:
    return sorted(set(queries.lcpf_years(ctx.engine, ctx.release_id)["financial_year"]))


def clean(ctx: ReleaseContext, params: dict) -> dict:
    """A published need indicator (else the first), and a financial year of the LCPF table (a quarter's link
    shows its year), else the latest year with need figures for the indicator."""
    indicators = _indicators(ctx)
    given = filters.text(params, "indicator")
    indicator = given if given in indicators else (indicators[0] if indicators else "")
    years = _years(ctx)
    asked = filters.financial_year_of(filters.text(params, "period") or "")
    if asked in years:
        return {"period": asked, "indicator": indicator}
    found = queries.lcpf_years(ctx.engine, ctx.release_id)
    with_need = found[(found["need_indicator"] == indicator) & (found["with_need"] > 0)]["financial_year"]
    return {"period": max(with_need) if len(with_need) else (years[-1] if years else ""), "indicator": indicator}


def controls(ctx: ReleaseContext, values: dict) -> list:
    return [
        components.select(
            "funding-need-period",
            label="Financial year",
            options=[(y, f"Financial year {y}") for y in reversed(_years(ctx))],
            value=values["period"],
        ),
        components.radio(
            "funding-need-indicator",
            label="Indicator of need",
            options=[(code, need_indicator(code).label) for code in _indicators(ctx)],
            value=values["indicator"],
        ),
    ]


# ------------------------------------------------------------------ the figures, as the page writes them
def _per_head(v) -> str:
    return formats.money(v, pence=True, missing=NO_ALLOCATION)


def _per_need(row) -> str:
    """£ per unit of need: [x] where the need figure is not available, else the amount or "no allocation"."""
    if row.get("need_status") == NOT_AVAILABLE:
        return formats.NOT_AVAILABLE_SYMBOL
    return formats.money(row["allocation_per_need_gbp"], pence=True, missing=NO_ALLOCATION)


def _need_columns(frame: pd.DataFrame, need: NeedIndicator) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    status = frame["need_status"] if "need_status" in frame else pd.Series("", index=frame.index)
    rows = frame.assign(
        need=[formats.cell(v, s) for v, s in zip(frame["need_value"], status)],
        need_rate=[formats.cell(v, s, fmt=formats.DECIMAL) for v, s in zip(frame["need_per_10k"], status)],
        per_need=[_per_need(r) for r in frame.assign(need_status=status).to_dict("records")],
    )
    columns = [
        ("need", need.label),
        ("need_rate", f"{need.units.capitalize()} per 10,000 residents"),
        ("per_need", f"£ per {need.unit}"),
    ]
    return rows, columns


def _context(ctx: ReleaseContext, values: dict) -> tuple[str, NeedIndicator, pd.DataFrame]:
    year = values["period"]
    boroughs = queries.lcpf(ctx.engine, ctx.release_id, financial_year=year, need_indicator=values["indicator"])
    return year, need_indicator(values["indicator"]), boroughs


def _sources(need: NeedIndicator) -> tuple[str, ...]:
    return (f"{need.label}: {need.source}",) if need.source else ()


def _left_out(boroughs: pd.DataFrame, need: NeedIndicator) -> str:
    """Which boroughs the rates and sums leave out, and why, in words ("" when none is)."""
    reasons = []
    for _, b in boroughs.iterrows():
        why = [NO_ALLOCATION] if formats.is_missing(b["allocation_gbp"]) else []
        if b["need_status"] == NOT_AVAILABLE:
            why.append(f"{need.units} not available {formats.NOT_AVAILABLE_SYMBOL}")
        if why:
            reasons.append(f"{b['borough_name']} ({', '.join(why)})")
    return f"Left out: {'; '.join(reasons)}." if reasons else ""


def _compared(boroughs: pd.DataFrame) -> pd.DataFrame:
    """The boroughs with an allocation and the need figure: those the charts draw."""
    return boroughs[boroughs["allocation_gbp"].notna() & (boroughs["need_status"] != NOT_AVAILABLE)]


def _borough_table(year: str, need: NeedIndicator, boroughs: pd.DataFrame) -> charts.TableData:
    rows, need_columns = _need_columns(boroughs, need)
    rows = rows.assign(
        per_head=boroughs["allocation_per_head_gbp"].map(_per_head),
        allocation=boroughs["allocation_gbp"].map(lambda v: formats.money(v, missing=NO_ALLOCATION)),
    )
    return charts.TableData(
        rows,
        caption=f"LCPF allocation and {need.label.lower()} by borough, financial year {year}",
        columns=[
            ("borough_name", "Borough"),
            ("inner_outer", "Inner or outer"),
            ("allocation", "Allocation"),
            ("per_head", "£ per resident"),
            *need_columns,
        ],
        numeric=frozenset({"allocation", "per_head", "need", "need_rate", "per_need"}),
    )


# ------------------------------------------------------------------ charts
def ranked_view(ctx: ReleaseContext, values: dict) -> charts.ChartView | None:
    year, need, boroughs = _context(ctx, values)
    compared = _compared(boroughs)
    if compared.empty:
        return None
    return charts.ChartView(
        title=f"LCPF allocation per {need.unit} by borough ({need.label.lower()}), financial year {year}",
        rows=compared,
        table=_borough_table(year, need, boroughs),
        options={"value": "allocation_per_need_gbp", "x_title": f"£ per {need.unit}", "per": f"per {need.unit}"},
        summary=describe.ranking(
            compared,
            what=f"LCPF allocation per {need.unit} ({need.label.lower()}) in financial year {year}",
            item="borough",
            label="borough_name",
            value="allocation_per_need_gbp",
            fmt=formats.MONEY_PENCE,
        ),
        description=_left_out(boroughs, need),
        sources=_sources(need),
    )


def scatter_view(ctx: ReleaseContext, values: dict) -> charts.ChartView | None:
    year, need, boroughs = _context(ctx, values)
    compared = _compared(boroughs)
    if compared.empty:
        return None
    return charts.ChartView(
        title=f"Allocation per resident against {need.label.lower()} per 10,000 residents, financial year {year}",
        rows=compared,
        table=_borough_table(year, need, boroughs),
        options={
            "x": "need_per_10k",
            "x_title": f"{need.units} per 10,000 residents",
            "x_hover": f"{need.units} per 10,000",
        },
        summary=describe.scatter(
            compared,
            x="need_per_10k",
            y="allocation_per_head_gbp",
            label="borough_name",
            x_what=f"{need.units} per 10,000 residents",
            y_what="LCPF allocation per resident",
            y_fmt=formats.MONEY_PENCE,
        ),
        description=f"Boroughs above the others at the same level of need receive more per resident. The axes span "
        "the boroughs, not from zero. Where labels would overlap, and on narrow screens, boroughs are named on hover "
        f"and in the table. {_left_out(boroughs, need)}".strip(),
        sources=_sources(need),
    )


def inner_outer_view(ctx: ReleaseContext, values: dict) -> charts.ChartView | None:
    """Inner against outer London: a table alone (no chart)."""
    year, need = values["period"], need_indicator(values["indicator"])
    summary = queries.lcpf_summary(ctx.engine, ctx.release_id, financial_year=year, need_indicator=values["indicator"])
    if summary.empty:
        return None
    s = summary.set_index("area").reindex(["Inner London", "Outer London", "London"]).dropna(how="all").reset_index()
    rows, need_columns = _need_columns(s, need)
    rows = rows.assign(
        per_head=s["allocation_per_head_gbp"].map(_per_head), total=s["allocation_gbp"].map(formats.money)
    )
    title = f"LCPF allocation and {need.label.lower()}, inner against outer London, financial year {year}"
    return charts.ChartView(
        title=title,
        table=charts.TableData(
            rows,
            caption=title,
            columns=[
                ("area", "Area"),
                ("borough_count", "Boroughs"),
                ("total", "Allocation"),
                ("per_head", "£ per resident"),
                *need_columns,
            ],
            numeric=frozenset({"borough_count", "total", "per_head", "need", "need_rate", "per_need"}),
        ),
        sources=_sources(need),
    )


RANKED = charts.Chart(id="funding-ranked", view=ranked_view, figure=funding.ranked_funding_figure)
SCATTER = charts.Chart(id="funding-scatter", view=scatter_view, figure=funding.funding_need_scatter)
INNER_OUTER = charts.Chart(id="funding-inner-outer", view=inner_outer_view)


# ------------------------------------------------------------------ the page
def _where_from(need: NeedIndicator, *, synthetic: bool) -> html.P:
    return html.P(
        [
            html.Strong("Need"),
            f" ({need.label.lower()}): {need.source}." if need.source else f": {need.label.lower()}.",
            *(
                [html.Br(), html.Strong("Allocations: "), "synthetic demonstration figures, not real LCPF allocations."]
                if synthetic
                else []
            ),
        ],
        className="funding-sources",
    )


def _inner_outer(shown: Shown, view: charts.ChartView | None, need: NeedIndicator, boroughs: pd.DataFrame) -> list:
    year = shown.values["period"]
    if view is None:
        found = queries.lcpf_years(shown.ctx.engine, shown.ctx.release_id)
        years = list(
            found[(found["need_indicator"] == shown.values["indicator"]) & (found["with_need"] > 0)].iloc[:, 0]
        )
        covered = f" They are published for {', '.join(years)}." if years else ""
        return [
            dbc.Alert(
                f"{need.label} are not available {formats.NOT_AVAILABLE_SYMBOL} for financial year {year}, so "
                f"allocations are not set against them and inner and outer London are not compared.{covered}",
                color="info",
            )
        ]
    table = view.table
    london = table.frame.set_index("area")["borough_count"].get("London")
    return [
        html.H2(f"Inner and outer London, financial year {year}", className="h4"),
        html.P(
            f"Sums and rates over the {london} boroughs with both an allocation and a need figure. "
            f"{_left_out(boroughs, need)} {formats.NOT_AVAILABLE_SYMBOL} means not available: it is not 0."
        ),
        # Seven columns of figures: on a phone each area is a block of its figures, not a table to scroll sideways.
        components.data_table(
            table.frame, caption=table.caption, columns=table.columns, numeric=table.numeric, stack=True
        ),
        shown.table_downloads(INNER_OUTER),
    ]


def content(shown: Shown) -> list:
    year, need, boroughs = _context(shown.ctx, shown.values)
    if boroughs.empty:
        return [dbc.Alert(f"No LCPF allocations are published for financial year {year}.", color="info")]
    return [
        _where_from(need, synthetic=bool(shown.ctx.release.get("synthetic_data"))),
        *_inner_outer(shown, INNER_OUTER.view_for(shown.ctx, shown.values), need, boroughs),
        shown.card(RANKED),
        shown.card(SCATTER),
        html.H2("What this comparison can and cannot show", className="h4"),
        html.Ul(
            [
                html.Li(
                    "It sets each borough's direct LCPF allocation against one indicator of need at a time, per "
                    "resident (Census 2021) and per offence or young victim."
                ),
                html.Li(
                    "It cannot show whether the formula is fair: need has other measures (deprivation, young "
                    "population, other crime types), and boroughs also receive co-commissioned and other funding not "
                    "shown here."
                ),
                html.Li(
                    "The police count offences and victims where the offence happened, not where victims or "
                    "offenders live, which raises central boroughs' need. The counts are published as the police "
                    "publish them, not rounded or suppressed: they are public figures, not people in the VRU's data."
                ),
                html.Li(
                    "The City of London is policed by the City of London Police, not the Metropolitan Police, and "
                    f"receives no LCPF allocation: its need is {formats.NOT_AVAILABLE_SYMBOL} (not available), never "
                    "0, and it is left out of the rates and of the inner and outer London totals, as is any borough "
                    "or year without a figure."
                ),
            ]
        ),
    ]


PAGE = Page(
    id="funding-need",
    title="Crime-prevention funding against need",
    name="Funding and need",
    order=7,
    content=content,
    charts=(RANKED, SCATTER, INNER_OUTER),
    keys=KEYS,
    clean=clean,
    controls=controls,
    intro="Each borough's London Crime Prevention Fund allocation set against an indicator of need per 10,000 "
    "residents: knife crime, as the Metropolitan Police Service publishes it.",
)
