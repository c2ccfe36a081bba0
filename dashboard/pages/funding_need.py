"""Funding against need: London Crime Prevention Fund allocations per head and need per borough, inner against outer
London."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import charts
from dashboard.charts import describe, figures
from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.pages import Page, Shown
from dashboard.ui import components, filters, formats

NO_ALLOCATION = "no allocation"  # a borough the fund gave nothing to in the year


def _per_head(v) -> str:
    return formats.money(v, pence=True, missing=NO_ALLOCATION)


def _year(values: dict) -> str:
    return filters.financial_year_of(values["period"])


def _borough_table(ctx: ReleaseContext, values: dict):
    year = _year(values)
    boroughs = queries.lcpf(ctx.engine, ctx.release_id, financial_year=year)
    rows = boroughs.assign(
        per_head=boroughs["allocation_per_head_gbp"].map(_per_head),
        need=boroughs["need_per_1000"].map(formats.decimal),
        allocation=boroughs["allocation_gbp"].map(lambda v: formats.money(v, missing=NO_ALLOCATION)),
    )
    caption = f"London Crime Prevention Fund allocation per resident by borough, financial year {year}"
    return boroughs, charts.TableData(
        rows,
        caption=caption,
        columns=[
            ("borough_name", "Borough"),
            ("inner_outer", "Inner or outer"),
            ("allocation", "Allocation"),
            ("per_head", "£ per resident"),
            ("need", "Violence with injury per 1,000"),
        ],
        numeric=frozenset({"allocation", "per_head", "need"}),
    )


def ranked_view(ctx: ReleaseContext, values: dict) -> charts.ChartView | None:
    boroughs, table = _borough_table(ctx, values)
    if boroughs.empty:
        return None
    return charts.ChartView(
        title=table.caption,
        rows=boroughs,
        table=table,
        summary=describe.ranking(
            boroughs,
            what=f"LCPF allocation per resident in financial year {_year(values)}",
            item="borough",
            label="borough_name",
            value="allocation_per_head_gbp",
            fmt=formats.MONEY_PENCE,
        ),
    )


def scatter_view(ctx: ReleaseContext, values: dict) -> charts.ChartView | None:
    boroughs, table = _borough_table(ctx, values)
    if boroughs.empty:
        return None
    return charts.ChartView(
        title="Allocation per resident against violence with injury per 1,000 residents, financial year "
        f"{_year(values)}",
        rows=boroughs,
        table=table,
        summary=describe.scatter(
            boroughs,
            x="need_per_1000",
            y="allocation_per_head_gbp",
            label="borough_name",
            x_what="violence with injury per 1,000 residents",
            y_what="LCPF allocation per resident",
            y_fmt=formats.MONEY_PENCE,
        ),
        description="Boroughs above the others at the same level of violence receive more per resident. The axes span "
        "the boroughs, not from zero. "
        "Where labels would overlap, and on narrow screens, boroughs are named on hover and in the table.",
    )


def inner_outer_view(ctx: ReleaseContext, values: dict) -> charts.ChartView | None:
    """Inner against outer London: a table alone (no chart)."""
    year = _year(values)
    summary = queries.lcpf_summary(ctx.engine, ctx.release_id, financial_year=year)
    if summary.empty:
        return None
    s = summary.set_index("area").reindex(["Inner London", "Outer London", "London"]).reset_index()
    rows = s.assign(
        per_head=s["allocation_per_head_gbp"].map(_per_head),
        need=s["need_per_1000"].map(formats.decimal),
        per_offence=s["allocation_per_offence_gbp"].map(_per_head),
        total=s["allocation_gbp"].map(formats.money),
    )
    title = f"LCPF allocation and need, inner against outer London (boroughs with an allocation), financial year {year}"
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
                ("need", "Violence with injury per 1,000"),
                ("per_offence", "£ per offence"),
            ],
            numeric=frozenset({"borough_count", "total", "per_head", "need", "per_offence"}),
        ),
    )


RANKED = charts.Chart(id="funding-ranked", view=ranked_view, figure=figures.ranked_funding_figure)
SCATTER = charts.Chart(id="funding-scatter", view=scatter_view, figure=figures.funding_need_scatter)
INNER_OUTER = charts.Chart(id="funding-inner-outer", view=inner_outer_view)


def content(shown: Shown) -> list:
    year = _year(shown.values)
    inner_outer = INNER_OUTER.view_for(shown.ctx, shown.values)
    if inner_outer is None or ranked_view(shown.ctx, shown.values) is None:
        return [dbc.Alert(f"No LCPF allocations are published for financial year {year}.", color="info")]
    table = inner_outer.table
    return [
        html.H2(f"Inner and outer London, financial year {year}", className="h4"),
        components.data_table(table.frame, caption=table.caption, columns=table.columns, numeric=table.numeric),
        shown.table_downloads(INNER_OUTER),
        shown.card(RANKED),
        shown.card(SCATTER),
        html.H2("What this comparison can and cannot show", className="h4"),
        html.Ul(
            [
                html.Li(
                    "It compares each borough's direct LCPF allocation with one indicator of need, police-recorded "
                    "violence with injury, per resident (Census 2021)."
                ),
                html.Li(
                    "It cannot show whether the formula is fair: need has other measures (deprivation, young "
                    "population, "
                    "other crime types), and boroughs also receive co-commissioned and other funding not shown here."
                ),
                html.Li(
                    "Offences are recorded where they happen, not where victims or offenders live, which raises "
                    "central boroughs' need; "
                    "the City of London is policed separately and receives no LCPF allocation, so it is left out of "
                    "the sums."
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
    keys=("period",),
    intro="Each borough's London Crime Prevention Fund allocation per resident, set against violence with injury per "
    "1,000 residents.",
)
