"""KPI progress: one headline KPI per priority area, then every programme KPI against its target."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import charts
from dashboard.charts import describe, slots
from dashboard.charts.kpis import kpi_figure
from dashboard.data import queries
from dashboard.data.release_context import ReleaseContext
from dashboard.data.vocabulary import RAG_WORDS
from dashboard.pages import Page, Shown
from dashboard.ui import components, filters, formats


def value_text(value, status, unit) -> str:
    """A KPI's value as the pages write it: "[c]" where suppressed, "no return" where there is none."""
    return formats.cell(
        value, status, fmt=formats.PERCENT if unit == "percent" else formats.DECIMAL, missing="no return"
    )


def _value_text(row) -> str:
    return value_text(row["value"], row["status"], row["unit"])


def trend_summary(table, first) -> str:
    """A KPI's quarters against its target, in words (the table has the columns "shown" and "rating")."""
    return describe.trend(
        table,
        what=first["name"],
        step="quarter",
        x="quarter",
        chart="Line chart",
        fmt=formats.PERCENT if first["unit"] == "percent" else formats.DECIMAL,
        reference="target",
        rating="rating",
    )


def _latest(rows, period: str):
    """The latest quarter's return within the chosen period (a year's last quarter with a return)."""
    in_period = (
        rows[rows["quarter"] == period] if filters.is_quarter(period) else rows[rows["quarter"].str.startswith(period)]
    )
    return in_period.iloc[-1] if len(in_period) else None


def headline_cards(kpis, values, programmes) -> dbc.Row:
    cards = []
    heads = kpis[kpis["is_headline"].astype(bool)]
    for area, rows in heads.groupby("priority_area"):
        latest = _latest(rows, values["period"])
        prog_name = programmes.set_index("programme_id").loc[rows.iloc[0]["programme_id"], "name"]
        body = [
            html.P(area, className="headline-label mb-1"),
            html.P(rows.iloc[0]["name"], className="fw-semibold mb-1"),
            html.P(f"{prog_name}", className="small text-body-secondary mb-2"),
        ]
        if latest is None:
            body.append(html.P("No return in this period."))
        else:
            body += [
                html.P(
                    [
                        html.Span(_value_text(latest), className="headline-value"),
                        f" against a target of {formats.measure(latest['target'], unit=latest['unit'])} "
                        f"({latest['quarter']})",
                    ]
                ),
                components.rag_badge(latest["rag_rating"]),
            ]
        cards.append(dbc.Col(dbc.Card(dbc.CardBody(body), className="h-100"), xs=12, md=6, xl=4))
    return dbc.Row(cards, className="g-3 mb-4")


def kpi_rows(ctx: ReleaseContext, values: dict, kpi_id: str):
    kpis = queries.kpi_progress(ctx.engine, ctx.release_id, programme=values["programme"])
    return kpis[kpis["kpi_id"] == kpi_id].reset_index(drop=True)


def kpi_ids(ctx: ReleaseContext, values: dict) -> list[str]:
    """The KPIs of the chosen programme, each a chart (none when all programmes are shown)."""
    if values["programme"] == filters.ALL:
        return []
    kpis = queries.kpi_progress(ctx.engine, ctx.release_id, programme=values["programme"])
    return list(dict.fromkeys(kpis["kpi_id"]))


def kpi_view(ctx: ReleaseContext, values: dict, kpi_id: str) -> charts.ChartView:
    rows = kpi_rows(ctx, values, kpi_id)
    first = rows.iloc[0]
    title = f"{first['name']}: by quarter against the target"
    table = rows.assign(
        shown=[_value_text(r) for _, r in rows.iterrows()],
        rating=[RAG_WORDS.get(r, "not published") for r in rows["rag_rating"]],
        target_text=[formats.measure(t) for t in rows["target"]],
        # The people behind a percentage (as published: rounded, or [c]), so a rate can be read with its base.
        num=[
            formats.cell(v, s) if u != "count" else ""
            for v, s, u in zip(rows["numerator"], rows["status"], rows["unit"])
        ],
        den=[
            formats.cell(v, s) if u != "count" else ""
            for v, s, u in zip(rows["denominator"], rows["status"], rows["unit"])
        ],
    )
    columns = [("quarter", "Quarter"), ("shown", "Value"), ("target_text", "Target"), ("rating", "Rating")]
    if first["unit"] == "percent":
        columns[2:2] = [("num", "Meeting the measure"), ("den", "Measured")]
    elif first["unit"] == "score":
        columns[2:2] = [("den", "People who answered")]
    return charts.ChartView(
        title=title,
        rows=rows,
        options={"unit": first["unit"], "target": float(first["target"])},
        summary=trend_summary(table, first),
        table=charts.TableData(
            table, caption=title, columns=columns, numeric=frozenset({"shown", "target_text", "num", "den"})
        ),
    )


KPI = charts.Chart(id="kpi", view=kpi_view, figure=kpi_figure, keys=kpi_ids, slot=slots.NESTED)


def kpi_card(shown: Shown, kpi_id: str) -> dbc.Card:
    rows = kpi_rows(shown.ctx, shown.values, kpi_id)
    first = rows.iloc[0]
    latest = _latest(rows, shown.values["period"])
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3(first["name"], className="h5"),
                html.P(
                    [
                        components.rag_badge(latest["rag_rating"] if latest is not None else None),
                        " ",
                        html.Span(
                            f"Latest ({latest['quarter']}): {_value_text(latest)}"
                            if latest is not None
                            else "No return in this period."
                        ),
                    ]
                ),
                html.P(["Rating rule: ", first["rag_rule"]], className="small"),
                shown.card(KPI, key=kpi_id, level=4),
            ]
        ),
        className="mb-4",
    )


def programme_kpis(shown: Shown) -> list:
    """The chosen programme's KPI cards (the KPI page, and the programme's own page)."""
    return [kpi_card(shown, kpi_id) for kpi_id in kpi_ids(shown.ctx, shown.values)]


def summary_table(kpis, values, programmes) -> html.Table:
    """Every KPI's latest published value in the period, with its rating in words and an icon."""
    names = programmes.set_index("programme_id")["name"]
    rows = []
    for (programme_id, _kpi_id), k in kpis.groupby(["programme_id", "kpi_id"], sort=True):
        latest = _latest(k.reset_index(drop=True), values["period"])
        first = k.iloc[0]
        rows.append(
            html.Tr(
                [
                    html.Td(html.A(names.get(programme_id, programme_id), href=f"/kpis?programme={programme_id}")),
                    html.Td(first["name"]),
                    html.Td(latest["quarter"] if latest is not None else "no return"),
                    html.Td(_value_text(latest) if latest is not None else "", className="text-end"),
                    html.Td(formats.measure(first["target"], unit=first["unit"]), className="text-end"),
                    html.Td(
                        components.rag_badge(latest["rag_rating"])
                        if latest is not None
                        else html.Span("No return in this period", className="rag rag-none")
                    ),
                ]
            )
        )
    head = html.Thead(
        html.Tr(
            [
                html.Th(t, scope="col", className="text-end" if t in ("Latest value", "Target") else None)
                for t in ("Programme", "KPI", "Quarter", "Latest value", "Target", "Rating")
            ]
        )
    )
    return html.Table(
        [
            html.Caption("Every programme KPI: latest published quarter in the period, and its rating"),
            head,
            html.Tbody(rows),
        ],
        className="table table-sm data-table",
    )


def content(shown: Shown) -> list:
    ctx, values = shown.ctx, shown.values
    kpis = queries.kpi_progress(ctx.engine, ctx.release_id)
    if values["area"] != filters.ALL:
        kpis = kpis[kpis["priority_area"] == values["area"]]
    out = [html.H2("Headline KPI of each priority area", className="h4"), headline_cards(kpis, values, ctx.programmes)]
    if values["programme"] == filters.ALL:
        # All KPIs at a glance; a programme's charts open when it is chosen (a link or the filter).
        return [
            *out,
            html.H2("All programme KPIs", className="h4"),
            components.scroll_region(summary_table(kpis, values, ctx.programmes), label="All programme KPIs"),
            html.P("Choose a programme to see each of its KPIs by quarter against its target.", className="small"),
        ]
    out.append(
        html.P(
            html.A(
                "The same KPIs as trajectories, with the rating bands shaded",
                href=f"/kpis/trajectories?programme={values['programme']}",
            )
        )
    )
    out.append(html.H2(ctx.programme_name(values["programme"]), className="h4 mt-2"))
    return out + programme_kpis(shown)


PAGE = Page(
    id="kpis",
    title="KPI progress: against targets",
    name="KPI progress",
    order=3,
    content=content,
    charts=(KPI,),
    keys=("area", "programme", "period"),
    intro="Each programme's key performance indicators by quarter, rated On track, At risk or Off track by the rule "
    "shown.",
)
