"""Build the tables of a release, for the internal database (true figures) and the
public one (protected figures), from validated extracts and the protected cube.

Plain functions, DataFrames in and out; `etl.load` writes them. Column names are
those of sql/schema.sql (a test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from etl import halves, lcpf, periods, programme_summary, reference, register
from etl.aggregate import ALL, DIMENSIONS
from etl.disclosure import PUBLISHED, SUPPRESSED, Rules, primary_suppression, round_to_base

# Rates are per 10,000 residents: large enough to read, small enough for boroughs.
RATE_PER_RESIDENTS = 10_000


# ------------------------------------------------------------------ counts
def published_counts(cells: pd.DataFrame, *, protected: bool) -> pd.DataFrame:
    """The tidy counts table: true values (internal) or protected ones (public)."""
    out = cells[list(DIMENSIONS)].copy()
    if protected:
        out["value"] = cells["published"].astype("Int64")
        out["status"] = cells["status"]
    else:
        out["value"] = cells["value"].astype("Int64")
        out["status"] = PUBLISHED
    return out


def protect_count(values: pd.Series, *, rules: Rules = Rules()) -> tuple[pd.Series, pd.Series]:
    """Protect counts that are not part of the audited cube (KPI numerators, for example)."""
    v = values.astype("Int64")
    suppressed = primary_suppression(v.fillna(0), rules=rules) & v.notna()
    rounded = pd.Series(round_to_base(v.fillna(0), rules.round_to), index=v.index).astype("Int64").where(v.notna())
    return rounded.where(~suppressed), suppressed


# ------------------------------------------------------------------ reference tables
def boroughs() -> pd.DataFrame:
    return reference.boroughs().copy()


def programmes(frames) -> pd.DataFrame:
    p = frames["programmes"].merge(
        frames["providers"][["provider_id", "name"]].rename(
            columns={"provider_id": "lead_provider_id", "name": "lead_provider"}
        ),
        on="lead_provider_id",
    )
    return p[
        [
            "programme_id",
            "name",
            "priority_area",
            "description",
            "lead_provider",
            "start_date",
            "end_date",
            "total_funding_gbp",
            "benefit_cost_ratio",
            "evidence_rating",
            "evaluation_url",
        ]
    ]


def providers(frames) -> pd.DataFrame:
    return frames["providers"].copy()


# ------------------------------------------------------------------ KPIs
def rag_rating(values: pd.Series, *, target: pd.Series, tolerance: pd.Series, higher_is_better: pd.Series) -> pd.Series:
    """Green when the target is met; amber within `tolerance` (a share of the target); red otherwise."""
    up = higher_is_better.astype(bool)
    green = np.where(up, values >= target, values <= target)
    amber = np.where(up, values >= target * (1 - tolerance), values <= target * (1 + tolerance))
    rag = pd.Series(np.where(green, "green", np.where(amber, "amber", "red")), index=values.index)
    return rag.where(values.notna())


def rag_rule(direction: str, target: float, tolerance: float, unit: str) -> str:
    u = "%" if unit == "percent" else ""
    if direction == "higher_is_better":
        return (
            f"On track: {target:g}{u} or more; at risk: {target * (1 - tolerance):g}{u} or more; off track: below "
            f"{target * (1 - tolerance):g}{u}."
        )
    return (
        f"On track: {target:g}{u} or less; at risk: {target * (1 + tolerance):g}{u} or less; off track: above "
        f"{target * (1 + tolerance):g}{u}."
    )


def kpi_progress(frames, *, protected: bool, rules: Rules = Rules()) -> pd.DataFrame:
    defs = frames["kpi_definitions"].merge(frames["programmes"][["programme_id", "priority_area"]], on="programme_id")
    m = frames["kpi_measurements"].merge(defs, on="kpi_id")
    value, numerator, denominator = (
        m["value"].astype(float),
        m["numerator"].astype("Int64"),
        m["denominator"].astype("Int64"),
    )
    status = pd.Series(PUBLISHED, index=m.index)
    if protected:
        pct = m["unit"] == "percent"
        num_p, num_s = protect_count(numerator, rules=rules)
        den_p, den_s = protect_count(denominator, rules=rules)
        count = m["unit"] == "count"
        val_p, val_s = protect_count(value.round().astype("Int64"), rules=rules)
        score_s = (m["unit"] == "score") & (denominator.fillna(0) < rules.suppress_below)
        pct_s = pct & (num_s | den_s | (den_p.fillna(0) == 0))
        suppressed = pct_s | (count & val_s) | score_s
        pct_value = (100 * num_p.astype(float) / den_p.astype(float).replace(0, np.nan)).round(1)
        value = pd.Series(np.where(pct, pct_value, np.where(count, val_p.astype(float), value)), index=m.index).where(
            ~suppressed
        )
        numerator, denominator = num_p.where(~pct_s), den_p.where(~pct_s)
        status = status.where(~suppressed, SUPPRESSED)
    out = pd.DataFrame(
        {
            "kpi_id": m["kpi_id"],
            "programme_id": m["programme_id"],
            "priority_area": m["priority_area"],
            "name": m["name"],
            "unit": m["unit"],
            "direction": m["direction"],
            "is_headline": m["is_headline"].astype(bool),
            "quarter": m["quarter"],
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "target": m["target"],
            "amber_tolerance": m["amber_tolerance"],
        }
    )
    out["rag_rating"] = rag_rating(
        out["value"],
        target=out["target"],
        tolerance=out["amber_tolerance"],
        higher_is_better=out["direction"] == "higher_is_better",
    )
    out["rag_rule"] = [
        rag_rule(d, t, tol, u)
        for d, t, tol, u in zip(out["direction"], out["target"], out["amber_tolerance"], out["unit"])
    ]
    out["status"] = status
    return out.sort_values(["programme_id", "kpi_id", "quarter"]).reset_index(drop=True)


# ------------------------------------------------------------------ spend
def _participants_cells(cells: pd.DataFrame, *, protected: bool) -> pd.DataFrame:
    """Reach per (programme, financial year, borough), as published (or true)."""
    c = cells[
        (cells["measure"] == "participants")
        & (cells["age_band"] == ALL)
        & (cells["gender"] == ALL)
        & (cells["ethnicity"] == ALL)
    ]
    c = c[~c["period"].str.contains(" Q")]
    value = c["published"] if protected else c["value"].astype(float)
    status = c["status"] if protected else pd.Series(PUBLISHED, index=c.index)
    return pd.DataFrame(
        {
            "programme_id": c["programme"],
            "financial_year": c["period"],
            "borough": c["borough"],
            "participants": value,
            "participants_status": status,
        }
    )


def spend_summary(frames, cells: pd.DataFrame, *, protected: bool) -> pd.DataFrame:
    """Budget, spend and cost per participant by programme and year, with spend by borough where attributable."""
    s = frames["spend"].assign(financial_year=periods.financial_year_of_dates(frames["spend"]["payment_date"]))
    s = s[s["financial_year"].isin(periods.financial_years())]
    s = s.merge(frames["providers"][["provider_id", "provider_type"]], on="provider_id")
    # London-wide rows (programme 'all') are computed here from the ledger, so the app never adds up programmes.
    s = pd.concat([s, s.assign(programme_id=ALL)], ignore_index=True)
    all_budgets = (
        frames["budgets"].groupby("financial_year", as_index=False)["budget_gbp"].sum().assign(programme_id=ALL)
    )
    totals = (
        s.groupby(["programme_id", "financial_year"])["amount_gbp"]
        .sum()
        .rename("spend_gbp")
        .reset_index()
        .assign(borough=ALL, provider_type=ALL)
    )
    by_borough = (
        s[s["borough_code"].notna()]
        .groupby(["programme_id", "financial_year", "borough_code"])["amount_gbp"]
        .sum()
        .rename("spend_gbp")
        .reset_index()
    )
    by_borough = by_borough.rename(columns={"borough_code": "borough"}).assign(provider_type=ALL)
    by_type = (
        s.groupby(["programme_id", "financial_year", "provider_type"])["amount_gbp"]
        .sum()
        .rename("spend_gbp")
        .reset_index()
        .assign(borough=ALL)
    )
    out = pd.concat([totals, by_borough, by_type], ignore_index=True)
    budgets = pd.concat([frames["budgets"], all_budgets], ignore_index=True).assign(borough=ALL, provider_type=ALL)
    out = out.merge(budgets, on=["programme_id", "financial_year", "borough", "provider_type"], how="outer")
    out = out.merge(
        _participants_cells(cells, protected=protected), on=["programme_id", "financial_year", "borough"], how="left"
    )
    out["spend_gbp"] = out["spend_gbp"].round(0)
    per_head = out["spend_gbp"] / out["participants"].where(out["participants"] > 0)
    out["cost_per_participant_gbp"] = per_head.where(out["provider_type"] == ALL).round(0)
    # Spend in a borough whose reach is suppressed would help recover that count.
    hide = (out["borough"] != ALL) & (out["participants_status"] == SUPPRESSED)
    out["status"] = np.where(hide, SUPPRESSED, PUBLISHED)
    if protected:
        out.loc[hide, ["spend_gbp", "cost_per_participant_gbp"]] = np.nan
    out["participants_status"] = out["participants_status"].fillna(PUBLISHED)
    cols = [
        "programme_id",
        "financial_year",
        "borough",
        "provider_type",
        "budget_gbp",
        "spend_gbp",
        "participants",
        "participants_status",
        "cost_per_participant_gbp",
        "status",
    ]
    return out[cols].sort_values(["programme_id", "financial_year", "borough", "provider_type"]).reset_index(drop=True)


# ------------------------------------------------------------------ boroughs
def borough_summary(cells: pd.DataFrame, *, protected: bool) -> pd.DataFrame:
    """Reach per 10,000 residents by borough, from the (protected) borough cells."""
    c = cells[(cells["measure"] == "participants") & (cells["borough"] != ALL)]
    b = reference.boroughs()[["gss_code", "name", "inner_outer", "population_2021"]].rename(
        columns={"gss_code": "borough", "name": "borough_name"}
    )
    value = c["published"] if protected else c["value"].astype(float)
    out = pd.DataFrame(
        {
            "programme_id": c["programme"],
            "period": c["period"],
            "borough": c["borough"],
            "participants": value,
            "status": c["status"] if protected else PUBLISHED,
        }
    ).merge(b, on="borough")
    out["participants_per_10k"] = (out["participants"] / out["population_2021"] * RATE_PER_RESIDENTS).round(1)
    return out[
        [
            "programme_id",
            "period",
            "borough",
            "borough_name",
            "inner_outer",
            "population_2021",
            "participants",
            "participants_per_10k",
            "status",
        ]
    ]


# ------------------------------------------------------------------ services, funding
# Who can use a service, how to get in, its status and who keeps it current (what a directory needs); listed_status
# stays in the ETL: the published status is the one derived from the contract dates.
REGISTER_COLUMNS = [
    "min_age",
    "max_age",
    "eligibility",
    "referral_routes",
    "contact_phone",
    "contact_email",
    "contact_url",
    "status",
    "owning_team",
    "next_review_date",
]


def services(frames, *, as_of: dt.date | None = None) -> pd.DataFrame:
    s = frames["services"].merge(frames["providers"].rename(columns={"name": "provider_name"}), on="provider_id")
    s["status"] = register.status(s, as_of=as_of or dt.date.today())
    return s[
        [
            "service_id",
            "name",
            "provider_id",
            "provider_name",
            "provider_type",
            "website",
            "public_contact",
            "programme_id",
            "description",
            "service_area",
            "boroughs_covered",
            "commissioner",
            "funding_stream",
            "annual_value_gbp",
            "contract_start",
            "contract_end",
            "performance_measure",
            "performance_value",
            "performance_target",
            "rag_rating",
            "rag_rule",
            "last_reviewed",
            *REGISTER_COLUMNS,
            "award_type",
        ]
    ]


def service_sites(frames) -> pd.DataFrame:
    """Where each service runs: named sites with a postcode, or how it is delivered without one."""
    return frames["service_sites"][
        ["service_id", "site_id", "delivery_mode", "site_name", "address", "postcode"]
    ].copy()


# ------------------------------------------------------------------ service reviews and grants
RATING_ORDER = {"red": 0, "amber": 1, "green": 2}


def _change(rating, previous_rating, *, reviewed: bool, previous_running: bool) -> str:
    """How the rating moved since the previous half: the app says it in words."""
    if not reviewed:
        return "not_reviewed"
    if not previous_running:
        return "first_review"
    if previous_rating is None or pd.isna(previous_rating):
        return "no_previous_review"
    step = RATING_ORDER[rating] - RATING_ORDER[previous_rating]
    return "improved" if step > 0 else "declined" if step < 0 else "unchanged"


def service_reviews(frames) -> pd.DataFrame:
    """One row per service per half in which its contract ran, up to the latest half reviewed: the
    review's value, target and rating, or reviewed = false ("no review this period"), with the
    previous half's rating and the change since. The reviewer's note is not here (see service_review_notes)."""
    reviews = frames["service_reviews"]
    columns = [
        "service_id",
        "period",
        "period_start",
        "period_end",
        "reviewed",
        "review_date",
        "performance_value",
        "performance_target",
        "rag_rating",
        "rag_rule",
        "previous_period",
        "previous_rating",
        "change",
    ]
    if reviews.empty:
        return pd.DataFrame(columns=columns)
    latest = reviews["period"].max()
    by_key = reviews.set_index(["service_id", "period"])
    rows = []
    for _, svc in frames["services"].iterrows():
        start, end = svc["contract_start"].date(), svc["contract_end"].date()
        running = [
            h
            for h in halves.half_years()
            if h <= latest and halves.bounds(h)[1] >= start and halves.bounds(h)[0] <= end
        ]
        for half in running:
            first, last = halves.bounds(half)
            before = halves.previous(half)
            key, previous_key = (svc["service_id"], half), (svc["service_id"], before)
            review = by_key.loc[key] if key in by_key.index else None
            previous_rating = by_key.loc[previous_key, "rag_rating"] if previous_key in by_key.index else None
            rows.append(
                {
                    "service_id": svc["service_id"],
                    "period": half,
                    "period_start": first.isoformat(),
                    "period_end": last.isoformat(),
                    "reviewed": review is not None,
                    "review_date": review["review_date"] if review is not None else pd.NaT,
                    "performance_value": review["performance_value"] if review is not None else np.nan,
                    "performance_target": review["performance_target"] if review is not None else np.nan,
                    "rag_rating": review["rag_rating"] if review is not None else None,
                    "rag_rule": review["rag_rule"] if review is not None else None,
                    "previous_period": before,
                    "previous_rating": previous_rating,
                    "change": _change(
                        review["rag_rating"] if review is not None else None,
                        previous_rating,
                        reviewed=review is not None,
                        previous_running=before in running,
                    ),
                }
            )
    out = pd.DataFrame(rows, columns=columns)
    out["review_date"] = pd.to_datetime(out["review_date"])
    return out.sort_values(["service_id", "period"]).reset_index(drop=True)


def service_review_notes(frames) -> pd.DataFrame:
    """The reviewers' notes, for the internal database only: contract managers write them to the VRU about a
    provider's staffing, late returns and improvement plans, not for publication, so the public database has no copy."""
    notes = frames["service_reviews"]
    notes = notes[notes["reviewer_note"].notna()]
    return notes[["service_id", "period", "reviewer_note"]].sort_values(["service_id", "period"]).reset_index(drop=True)


def _months(start: pd.Series, end: pd.Series) -> pd.Series:
    """Whole months from start to end inclusive (a contract of 1 April to 31 March is 12)."""
    after = end + pd.Timedelta(days=1)
    return (
        (after.dt.year - start.dt.year) * 12
        + (after.dt.month - start.dt.month)
        + ((after.dt.day - start.dt.day) / 30).round()
    )


def service_grants(frames) -> pd.DataFrame:
    """The grant-funded services (award_type 'grant'), one grant per award, with what 360Giving data needs:
    the amount awarded over the award's life (annual value times its length), its dates and the recipient."""
    s = frames["services"][frames["services"]["award_type"] == "grant"]
    s = s.merge(
        frames["providers"][["provider_id", "name", "organisation_id"]].rename(columns={"name": "provider_name"}),
        on="provider_id",
    )
    s = s.merge(
        frames["programmes"][["programme_id", "name"]].rename(columns={"name": "programme_name"}),
        on="programme_id",
        how="left",
    )
    months = _months(s["contract_start"], s["contract_end"])
    out = pd.DataFrame(
        {
            "service_id": s["service_id"],
            "title": s["name"],
            "description": s["description"],
            "provider_id": s["provider_id"],
            "provider_name": s["provider_name"],
            "organisation_id": s["organisation_id"],
            "annual_value_gbp": s["annual_value_gbp"],
            "amount_awarded_gbp": (s["annual_value_gbp"] * months / 12).round(0),
            "award_date": s["contract_start"],
            "planned_start": s["contract_start"],
            "planned_end": s["contract_end"],
            "duration_months": months.astype(int),
            "boroughs_covered": s["boroughs_covered"],
            "programme_id": s["programme_id"],
            "programme_name": s["programme_name"],
            "commissioner": s["commissioner"],
            "funding_stream": s["funding_stream"],
            "service_area": s["service_area"],
        }
    )
    return out.sort_values("service_id").reset_index(drop=True)


def funding_opportunities(frames) -> pd.DataFrame:
    # The extract says `boroughs` (its input format, kept for the teams' files); published as services say it.
    return frames["funding_opportunities"].rename(columns={"boroughs": "boroughs_covered"})


def data_quality_findings(findings) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": f.file,
                "row_number": f.row,
                "column_name": f.column,
                "value": f.value,
                "expected": f.expected,
                "rule": f.rule,
                "severity": f.severity,
                "provider_id": f.provider_id,
                "service_id": f.service_id,
            }
            for f in findings
        ],
        columns=[
            "file",
            "row_number",
            "column_name",
            "value",
            "expected",
            "rule",
            "severity",
            "provider_id",
            "service_id",
        ],
    )


def release_tables(
    frames, cells: pd.DataFrame, *, protected: bool, findings=(), as_of: dt.date | None = None
) -> dict[str, pd.DataFrame]:
    """Every table of one database's release, keyed by table name."""
    tables = {
        "published_counts": published_counts(cells, protected=protected),
        "programmes": programmes(frames),
        "providers": providers(frames),
        "boroughs": boroughs(),
        "kpi_progress": kpi_progress(frames, protected=protected),
        "spend_summary": spend_summary(frames, cells, protected=protected),
        "borough_summary": borough_summary(cells, protected=protected),
        "services": services(frames, as_of=as_of),
        "service_sites": service_sites(frames),
        "funding_opportunities": funding_opportunities(frames),
        "lcpf_funding": lcpf.funding(frames),
    }
    tables["lcpf_summary"] = lcpf.summary(tables["lcpf_funding"])
    tables |= {"service_reviews": service_reviews(frames), "service_grants": service_grants(frames)}
    # From the tables above as this database holds them: the public one's from the protected figures.
    tables["programme_summary"] = programme_summary.programme_summary(tables, frames["programmes"])
    if not protected:
        tables["service_review_notes"] = service_review_notes(frames)
    if not protected:
        tables["data_quality_findings"] = data_quality_findings(findings)
    return tables
