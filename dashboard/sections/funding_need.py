"""Funding against need: London Crime Prevention Fund allocations per head and need per borough, inner against outer London."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import components, describe, figures, filters, queries


def _money(v) -> str:
    return "no allocation" if v != v or v is None else f"£{v:,.2f}"


def content(ctx: dict, values: dict) -> list:
    year = filters.financial_year_of(values["period"])
    boroughs = queries.lcpf(ctx["engine"], ctx["release_id"], financial_year=year)
    summary = queries.lcpf_summary(ctx["engine"], ctx["release_id"], financial_year=year)
    if boroughs.empty:
        return [dbc.Alert(f"No LCPF allocations are published for financial year {year}.", color="info")]
    table_rows = boroughs.assign(per_head=boroughs["allocation_per_head_gbp"].map(_money), need=boroughs["need_per_1000"].map("{:,.1f}".format),
                                 allocation=boroughs["allocation_gbp"].map(lambda v: "no allocation" if v != v else f"£{v:,.0f}"))
    rank_title = f"London Crime Prevention Fund allocation per resident by borough, financial year {year}"
    scatter_title = f"Allocation per resident against violence with injury per 1,000 residents, financial year {year}"
    s = summary.set_index("area").reindex(["Inner London", "Outer London", "London"]).reset_index()
    summary_rows = s.assign(per_head=s["allocation_per_head_gbp"].map(_money), need=s["need_per_1000"].map("{:,.1f}".format),
                            per_offence=s["allocation_per_offence_gbp"].map(_money), total=s["allocation_gbp"].map("£{:,.0f}".format))
    table = components.TableData(table_rows, caption=rank_title, columns=[
        ("borough_name", "Borough"), ("inner_outer", "Inner or outer"), ("allocation", "Allocation"), ("per_head", "£ per resident"),
        ("need", "Violence with injury per 1,000")], numeric=frozenset({"allocation", "per_head", "need"}))
    summary_title = f"LCPF allocation and need, inner against outer London (boroughs with an allocation), financial year {year}"
    summary_table = components.TableData(summary_rows, caption=summary_title, columns=[
        ("area", "Area"), ("boroughs", "Boroughs"), ("total", "Allocation"), ("per_head", "£ per resident"),
        ("need", "Violence with injury per 1,000"), ("per_offence", "£ per offence")], numeric=frozenset({"boroughs", "total", "per_head", "need", "per_offence"}))
    return [
        html.H2(f"Inner and outer London, financial year {year}", className="h4"),
        components.data_table(summary_table.frame, caption=summary_title, columns=summary_table.columns, numeric=summary_table.numeric),
        components.table_downloads("funding-inner-outer", title=summary_title, table=summary_table),
        components.chart_card(graph_id="funding-ranked", figure=figures.ranked_funding_figure(boroughs, title=rank_title), title=rank_title, table=table,
                              summary=describe.ranking(boroughs, what=f"LCPF allocation per resident in financial year {year}", item="borough",
                                                       label="borough_name", value="allocation_per_head_gbp", fmt="£{:,.2f}")),
        components.chart_card(graph_id="funding-scatter", figure=figures.funding_need_scatter(boroughs, title=scatter_title), title=scatter_title,
                              summary=describe.scatter(boroughs, x="need_per_1000", y="allocation_per_head_gbp",
                                                       label="borough_name", x_what="violence with injury per 1,000 residents",
                                                       y_what="LCPF allocation per resident", y_fmt="£{:,.2f}"),
                              description="Boroughs above the others at the same level of violence receive more per resident. The axes span the boroughs, not from zero. Where labels would overlap, and on narrow screens, boroughs are named on hover and in the table.", table=table),
        html.H2("What this comparison can and cannot show", className="h4"),
        html.Ul([
            html.Li("It compares each borough's direct LCPF allocation with one indicator of need, police-recorded violence with injury, per resident (Census 2021)."),
            html.Li("It cannot show whether the formula is fair: need has other measures (deprivation, young population, "
                    "other crime types), and boroughs also receive co-commissioned and other funding not shown here."),
            html.Li("Offences are recorded where they happen, not where victims or offenders live, which raises central boroughs' need; "
                    "the City of London is policed separately and receives no LCPF allocation, so it is left out of the sums."),
        ]),
    ]
