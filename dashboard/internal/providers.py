"""/internal/providers: every provider's true figures by year and, with ?programme=ID, the
providers that deliver one programme compared (sortable table, chart, programme average,
KPIs against target, returns on time). Plain links and a GET form: no callbacks."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from dashboard import charts
from dashboard.charts.providers import provider_comparison_figure
from dashboard.data import queries, state
from dashboard.data.vocabulary import RAG_WORDS
from dashboard.internal import assess, data
from dashboard.ui import chart_card, components, formats

# Sortable columns: key -> (heading, format of a cell, chart axis title).
COLUMNS = {
    "provider": ("Provider", "{}", ""),
    "referrals": ("Referrals", formats.COUNT, "referrals"),
    "participants": ("Young people started", formats.COUNT, "young people started"),
    "completions": ("Completed", formats.COUNT, "young people completing"),
    "completion_rate": ("Completion rate", formats.PERCENT, "% of referrals ended that completed"),
    "spend_gbp": ("Spend", formats.MONEY, "£ spent"),
    "cost_per_participant_gbp": ("Spend per young person", formats.MONEY, "£ per young person started"),
    "cost_per_completion_gbp": ("Spend per completion", formats.MONEY, "£ per completion"),
    "returns": ("KPI returns on time", "{}", ""),
}
DEFAULT_SORT = "participants"


def _year_shown(years: list[str], year: str | None) -> str:
    """`year` if the release has it, else its latest year."""
    return year if year in years else (years[-1] if years else "")


def _text(key: str, value) -> str:
    return formats.cell(value, None, fmt=COLUMNS[key][1], missing="none")


def _sort_link(key: str, *, programme: str, year: str, sort: str, order: str) -> html.Th:
    label = COLUMNS[key][0]
    current = key == sort
    next_order = "asc" if current and order == "desc" else "desc"
    href = "/internal/providers?" + urlencode({"programme": programme, "year": year, "sort": key, "order": next_order})
    state_words = {"asc": "ascending", "desc": "descending"}
    return html.Th(
        html.A(
            [label, html.Span(" ▲" if order == "asc" else " ▼", **{"aria-hidden": "true"}) if current else None],
            href=href,
            title=f"Sort by {label.lower()}",
        ),
        scope="col",
        className=None if key == "provider" else "text-end",
        **({"aria-sort": state_words[order]} if current else {}),
    )


def _comparison_table(
    compared: pd.DataFrame, average: dict, *, programme: str, year: str, sort: str, order: str, caption: str
) -> html.Table:
    keys = list(COLUMNS)
    head = html.Thead(html.Tr([_sort_link(k, programme=programme, year=year, sort=sort, order=order) for k in keys]))
    rows = []
    for _, r in compared.iterrows():
        cells = [html.Th(r["provider"], scope="row")]
        for k in keys[1:]:
            if k == "returns":
                value = f"{r['returns_on_time']} of {r['returns_due']}" if r["returns_due"] else "none due"
            else:
                value = _text(k, r[k])
            cells.append(html.Td(value, className="text-end"))
        rows.append(html.Tr(cells))
    avg = [html.Th("Programme average", scope="row")] + [
        html.Td("" if k == "returns" else _text(k, average.get(k)), className="text-end") for k in keys[1:]
    ]
    return html.Table(
        [html.Caption(caption), head, html.Tbody(rows), html.Tfoot(html.Tr(avg, className="fw-semibold"))],
        className="table table-sm data-table",
    )


def _kpi_table(kpis: pd.DataFrame, returns: pd.DataFrame, names: dict, *, year: str) -> charts.TableData:
    rows = []
    for kpi_id, k in kpis.groupby("kpi_id", sort=False):
        in_year = k[k["quarter"].str.startswith(year) & k["value"].notna()]
        latest = in_year.iloc[-1] if len(in_year) else None
        by = returns[returns["kpi_id"] == kpi_id]["provider_id"]
        rows.append(
            {
                "kpi": k.iloc[0]["name"],
                "provider": names.get(by.iloc[0], by.iloc[0]) if len(by) else "none due",
                "quarter": latest["quarter"] if latest is not None else "no return",
                "value": formats.measure(latest["value"], unit=k.iloc[0]["unit"]) if latest is not None else "",
                "target": formats.measure(k.iloc[0]["target"], unit=k.iloc[0]["unit"]),
                "rating": RAG_WORDS.get(latest["rag_rating"], "") if latest is not None else "",
            }
        )
    frame = pd.DataFrame(rows, columns=["kpi", "provider", "quarter", "value", "target", "rating"])
    return charts.TableData(
        frame,
        caption=f"Each KPI of the programme against its target: latest quarter of {year}, and who returns it",
        columns=[
            ("kpi", "KPI"),
            ("provider", "Returned by"),
            ("quarter", "Quarter"),
            ("value", "Value"),
            ("target", "Target"),
            ("rating", "Rating"),
        ],
        numeric=frozenset({"value", "target"}),
    )


def comparison(engine, rid: int, *, programme: str, year: str | None, sort: str | None, order: str | None) -> html.Div:
    progs = queries.programmes(engine, rid)
    name = progs.set_index("programme_id")["name"].get(programme, programme)
    summary_all = data.provider_summary(engine, rid, programme=programme)
    years = sorted(summary_all["financial_year"].unique())
    year = _year_shown(years, year)
    sort = sort if sort in COLUMNS else DEFAULT_SORT
    order = order if order in ("asc", "desc") else "desc"
    return data.built_page(
        "providers",
        (rid, programme, year, sort, order),
        lambda: _build(
            engine,
            rid,
            programme=programme,
            name=name,
            year=year,
            years=years,
            sort=sort,
            order=order,
            progs=progs,
            summary_all=summary_all,
        ),
    )


def _build(
    engine,
    rid: int,
    *,
    programme: str,
    name: str,
    year: str,
    years: list[str],
    sort: str,
    order: str,
    progs,
    summary_all,
) -> html.Div:
    providers = data.providers(engine, rid)
    returns = data.kpi_returns(engine, rid, programme=programme, financial_year=year)
    compared = assess.provider_comparison(summary_all[summary_all["financial_year"] == year], returns, providers)
    average = assess.programme_average(compared)
    sort_key = "returns_on_time" if sort == "returns" else sort
    compared = compared.sort_values(sort_key, ascending=order == "asc", na_position="last", kind="stable").reset_index(
        drop=True
    )
    chart_key = sort if sort not in ("provider", "returns") else DEFAULT_SORT
    title = f"{name}: {COLUMNS[chart_key][0].lower()} by provider, {year}"
    fig = provider_comparison_figure(
        compared,
        title=title,
        value=chart_key,
        value_title=COLUMNS[chart_key][2],
        average=average.get(chart_key),
        text_format=COLUMNS[chart_key][1],
    )
    chart_table = charts.TableData(
        compared.assign(shown=[_text(chart_key, v) for v in compared[chart_key]]),
        caption=title,
        columns=[("provider", "Provider"), ("shown", COLUMNS[chart_key][0])],
        numeric=frozenset({"shown"}),
    )
    kpis = queries.kpi_progress(engine, rid, programme=programme)
    names = dict(zip(providers["provider_id"], providers["name"]))
    kpi_table = _kpi_table(kpis, returns, names, year=year)
    return html.Div(
        [
            html.H1(f"Providers compared: {name}"),
            html.P(
                f"True (unsuppressed, unrounded) figures for each of the {len(compared)} providers delivering {name}, "
                f"financial year {year}, "
                "with the programme average (the mean over its providers). Not for publication.",
                className="lead",
            ),
            _programme_form(progs, programme=programme, year=year),
            components.year_links(
                years,
                current=year,
                href=lambda y: "/internal/providers?" + urlencode({"programme": programme, "year": y}),
            ),
            html.P(
                "Select a column heading to sort by it; select it again to reverse the order. The chart shows the "
                "column sorted by. "
                "Completion rate: of the referrals that ended in the year, completed or withdrawn, "
                "the share completed.",
                className="small",
            ),
            components.scroll_region(
                _comparison_table(
                    compared,
                    average,
                    programme=programme,
                    year=year,
                    sort=sort,
                    order=order,
                    caption=f"Providers of {name}, {year}: referrals, starts, completions, spend and returns",
                ),
                label=f"Providers of {name} compared",
            ),
            chart_card.chart_card(
                chart_id="provider-comparison",
                view=charts.ChartView(title=title, table=chart_table),
                figure=fig,
                place=chart_card.internal_place(),
                downloads=False,
            ),
            html.H2("KPIs against target", className="h4"),
            html.P(
                "KPI returns are made for the programme by the provider named; the other providers' delivery is in the "
                "programme's figures.",
                className="small",
            ),
            components.data_table(
                kpi_table.frame, caption=kpi_table.caption, columns=kpi_table.columns, numeric=kpi_table.numeric
            ),
            html.P(html.A("KPI trajectories of this programme", href=f"/kpis/trajectories?programme={programme}")),
        ]
    )


# The table of every provider: programme, provider, then these columns of COLUMNS.
EVERY_PROVIDER_COLUMNS = ["participants", "referrals", "completions", "spend_gbp", "cost_per_participant_gbp"]


def every_provider(engine, rid: int, *, year: str | None) -> list:
    """Every provider's true figures for one financial year (the latest unless `year` is another
    year of the release), with links to the other years."""
    summary = data.provider_summary(engine, rid)
    years = sorted(summary["financial_year"].unique())
    year = _year_shown(years, year)
    names = data.providers(engine, rid).rename(columns={"name": "provider"})
    progs = queries.programmes(engine, rid).rename(columns={"name": "programme"})
    f = (
        summary[summary["financial_year"] == year]
        .merge(names[["provider_id", "provider"]], on="provider_id", how="left")
        .merge(progs[["programme_id", "programme"]], on="programme_id", how="left")
        .sort_values(["programme", "provider"])
    )
    f["cost_per_participant_gbp"] = assess.cost_per(f["spend_gbp"], f["participants"])
    for key in EVERY_PROVIDER_COLUMNS:
        f[key] = [_text(key, v) for v in f[key]]
    return [
        html.P(
            f"True (unsuppressed, unrounded) figures per delivery provider, financial year {year}. Not for "
            "publication: small providers' counts would identify people.",
            className="lead",
        ),
        components.year_links(years, current=year, href=lambda y: f"/internal/providers?year={y}"),
        components.data_table(
            f,
            caption=f"Referrals, young people started, completions and spend by provider, {year}",
            columns=[("programme", "Programme"), ("provider", "Provider")]
            + [(k, COLUMNS[k][0]) for k in EVERY_PROVIDER_COLUMNS],
            numeric=set(EVERY_PROVIDER_COLUMNS),
        ),
    ]


def _programme_form(progs: pd.DataFrame, *, programme: str, year: str) -> html.Form:
    """A GET form: works without scripts, and the URL says which programme is compared."""
    return html.Form(
        [
            html.Label("Programme", htmlFor="providers-programme", className="form-label me-2 mb-0"),
            html.Select(
                [
                    html.Option(n, value=p, selected=p == programme)
                    for p, n in zip(progs["programme_id"], progs["name"])
                ],
                id="providers-programme",
                name="programme",
                className="form-select w-auto d-inline-block me-2",
            ),
            dcc.Input(type="hidden", name="year", value=year),
            html.Button("Compare providers", type="submit", className="btn btn-primary btn-sm"),
        ],
        method="GET",
        action="/internal/providers",
        className="mb-3 d-flex flex-wrap align-items-center gap-2",
    )


def layout(
    programme: str | None = None, year: str | None = None, sort: str | None = None, order: str | None = None, **_params
):
    engine = state.engine()
    rid = int(state.release()["release_id"])
    progs = queries.programmes(engine, rid)
    if programme in set(progs["programme_id"]):
        return comparison(engine, rid, programme=programme, year=year, sort=sort, order=order)
    counts = data.provider_summary(engine, rid).groupby("programme_id")["provider_id"].nunique()
    links = [
        html.Li(
            html.A(
                f"{n} ({int(counts.get(p, 0))} provider{'s' if counts.get(p, 0) != 1 else ''})",
                href=f"/internal/providers?programme={p}",
            )
        )
        for p, n in zip(progs["programme_id"], progs["name"])
    ]
    return html.Div(
        [
            html.H1("Providers"),
            *every_provider(engine, rid, year=year),
            html.H2("Compare the providers of a programme", className="h4 mt-3"),
            html.Ul(links),
        ]
    )
