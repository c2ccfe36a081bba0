"""KPI trajectories: each KPI of one programme by quarter against its target, over the
shaded On track / At risk / Off track bands, with each quarter's rating in words.

One page for both modes: public mode reads the published (protected) kpi_progress, internal
mode the true one, from the database each mode is given."""

from __future__ import annotations

from dash import html

from dashboard import charts
from dashboard.charts import slots
from dashboard.charts.kpis import kpi_trajectory_figure
from dashboard.data.release_context import ReleaseContext
from dashboard.data.vocabulary import RAG_WORDS, SUPPRESSED
from dashboard.pages import Page, Shown
from dashboard.pages.kpis import kpi_ids, kpi_rows, trend_summary, value_text
from dashboard.ui import components, filters, formats

NOT_PUBLISHED = f"not published {formats.SUPPRESSED_SYMBOL}"  # a quarter's rating, withheld with its value


def clean(ctx: ReleaseContext, params: dict) -> dict:
    """As every page, but a programme is always chosen (the first of the area): a trajectory is one programme's."""
    values = filters.clean(params, programmes=ctx.programmes, periods=list(ctx.periods), boroughs=ctx.boroughs)
    if values["programme"] == filters.ALL:
        options = filters.programme_options(ctx.programmes, area=values["area"])[1:]
        values["programme"] = options[0][0] if options else filters.ALL
    return values


def _title(first) -> str:
    return f"{first['name']}: by quarter against the target of {formats.measure(first['target'], unit=first['unit'])}"


def trajectory_view(ctx: ReleaseContext, values: dict, kpi_id: str) -> charts.ChartView:
    rows = kpi_rows(ctx, values, kpi_id)
    first = rows.iloc[0]
    title = _title(first)
    table = rows.assign(
        shown=[value_text(v, s, first["unit"]) for v, s in zip(rows["value"], rows["status"])],
        target_text=[formats.measure(t) for t in rows["target"]],
        rating=[
            RAG_WORDS.get(r, NOT_PUBLISHED) if s != SUPPRESSED else NOT_PUBLISHED
            for r, s in zip(rows["rag_rating"], rows["status"])
        ],
    )
    return charts.ChartView(
        title=title,
        rows=rows,
        options={
            "unit": first["unit"],
            "target": float(first["target"]),
            "amber_tolerance": float(first["amber_tolerance"]),
            "direction": first["direction"],
        },
        description="Shaded bands show the values rated On track, At risk and Off track; each quarter's rating is "
        "written under it.",
        summary=trend_summary(table, first),
        table=charts.TableData(
            table,
            caption=title,
            columns=[("quarter", "Quarter"), ("shown", "Value"), ("target_text", "Target"), ("rating", "Rating")],
            numeric=frozenset({"shown", "target_text"}),
        ),
    )


TRAJECTORY = charts.Chart(
    id="trajectory", view=trajectory_view, figure=kpi_trajectory_figure, keys=kpi_ids, slot=slots.SCROLLING
)


def trajectory_card(shown: Shown, kpi_id: str) -> html.Section:
    rows = kpi_rows(shown.ctx, shown.values, kpi_id)
    first = rows.iloc[0]
    published = rows[rows["value"].notna() & (rows["status"] != SUPPRESSED)]
    latest = published.iloc[-1] if len(published) else None
    summary = (
        f"Latest ({latest['quarter']}): {value_text(latest['value'], latest['status'], first['unit'])}, "
        f"{RAG_WORDS.get(latest['rag_rating'], '')}."
        if latest is not None
        else "No published quarter."
    )
    return html.Section(
        [
            html.H3(first["name"], className="h5"),
            html.P([components.rag_badge(latest["rag_rating"] if latest is not None else None), " ", summary]),
            html.P(["Rating rule: ", first["rag_rule"]], className="small"),
            shown.card(TRAJECTORY, key=kpi_id, level=4),
        ],
        id=f"kpi-{kpi_id}",
        className="mb-4 trajectory",
    )


def content(shown: Shown) -> list:
    ids = kpi_ids(shown.ctx, shown.values)
    if not ids:
        return [html.P("This programme has no KPIs.")]
    return [
        html.H2(shown.ctx.programme_name(shown.values["programme"]), className="h4"),
        *[trajectory_card(shown, k) for k in ids],
    ]


PAGE = Page(
    id="kpi-trajectories",
    address="/kpis/trajectories",
    title="KPI trajectories",
    name="KPI trajectories",
    content=content,
    charts=(TRAJECTORY,),
    keys=("area", "programme"),
    clean=clean,
    in_navigation=False,
    intro="Each KPI of a programme quarter by quarter against its target. The shaded bands are the values rated On "
    "track, At risk "
    "and Off track, and each quarter's rating is written under it.",
)
