"""KPI trajectories: each KPI of one programme by quarter against its target, over the
shaded On track / At risk / Off track bands, with each quarter's rating in words.

One page for both modes: public mode reads the published (protected) kpi_progress, internal
mode the true one, from the database each mode is given."""
from __future__ import annotations

import dash
from dash import html

from dashboard import components, figures, filters, queries, views

dash.register_page(__name__, path="/kpis/trajectories", name="KPI trajectories",
                   title="KPI trajectories - London VRU performance dashboard", order=3)


def clean(ctx: dict, params: dict) -> dict:
    """As every page, but a programme is always chosen (the first of the area): a trajectory is one programme's."""
    values = filters.clean(params, programmes=ctx["programmes"], periods=ctx["periods"], boroughs=ctx["boroughs"])
    if values["programme"] == filters.ALL:
        options = filters.programme_options(ctx["programmes"], area=values["area"])[1:]
        values["programme"] = options[0][0] if options else filters.ALL
    return values


def _value_text(value, status, unit) -> str:
    if status == figures.SUPPRESSED:
        return "[c]"
    if value is None or value != value:
        return "no return"
    return f"{value:,.1f}%" if unit == "percent" else f"{value:,.1f}"


def trajectory_card(rows) -> html.Section:
    first = rows.iloc[0]
    title = f"{first['name']}: by quarter against the target of {first['target']:g}{'%' if first['unit'] == 'percent' else ''}"
    fig = figures.kpi_trajectory_figure(rows, title=title, unit=first["unit"], target=float(first["target"]),
                                        amber_tolerance=float(first["amber_tolerance"]), direction=first["direction"])
    table = rows.assign(shown=[_value_text(v, s, first["unit"]) for v, s in zip(rows["value"], rows["status"])],
                        target_text=[f"{t:g}" for t in rows["target"]],
                        rating=[figures.RAG_WORDS.get(r, "not published [c]") if s != figures.SUPPRESSED else "not published [c]"
                                for r, s in zip(rows["rag"], rows["status"])])
    shown = rows[rows["value"].notna() & (rows["status"] != figures.SUPPRESSED)]
    latest = shown.iloc[-1] if len(shown) else None
    summary = (f"Latest ({latest['quarter']}): {_value_text(latest['value'], latest['status'], first['unit'])}, "
               f"{figures.RAG_WORDS.get(latest['rag'], '')}." if latest is not None else "No published quarter.")
    return html.Section([
        html.H3(first["name"], className="h5"),
        html.P([components.rag_badge(latest["rag"] if latest is not None else None), " ", summary]),
        html.P(["Rating rule: ", first["rag_rule"]], className="small"),
        components.chart_card(graph_id=f"trajectory-{first['kpi_id']}", figure=fig, title=title, level=4,
                              description="Shaded bands show the values rated On track, At risk and Off track; each quarter's rating is written under it.",
                              table=components.TableData(table, caption=title, columns=[("quarter", "Quarter"), ("shown", "Value"),
                                                                                        ("target_text", "Target"), ("rating", "Rating")],
                                                         numeric=frozenset({"shown", "target_text"}))),
    ], id=f"kpi-{first['kpi_id']}", className="mb-4 trajectory")


def content(ctx: dict, values: dict) -> list:
    kpis = queries.kpi_progress(ctx["engine"], ctx["release_id"], programme=values["programme"]) if values["programme"] != filters.ALL else None
    if kpis is None or kpis.empty:
        return [html.P("This programme has no KPIs.")]
    name = ctx["programmes"].set_index("programme_id").loc[values["programme"], "name"]
    out = [html.H2(name, className="h4")]
    for _, rows in kpis.groupby("kpi_id", sort=False):
        out.append(trajectory_card(rows.reset_index(drop=True)))
    return out


layout = views.filtered_page(
    "kpi-trajectories", title="KPI trajectories", content=content, keys=("area", "programme"), clean=clean, path="/kpis/trajectories",
    intro="Each KPI of a programme quarter by quarter against its target. The shaded bands are the values rated On track, At risk "
          "and Off track, and each quarter's rating is written under it.")
