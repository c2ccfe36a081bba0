"""What needs a director's attention, and providers compared: pure functions of the
frames the internal queries return (no database, no Dash), so each rule is tested on
a few inline rows. Each rule says what it flags; the attention page lists them in order
of importance."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from dashboard.ui import formats

# Spend to date more than this share (per cent) over or under the profile to date is flagged. 10 is a policy
# setting, not a figure derived from the data: change it here, and the spend-profile and attention pages,
# which write the value they read from here, follow.
SPEND_VARIANCE_PCT = 10.0
# Contracts ending within this many months need a successor funding round.
CONTRACT_HORIZON_MONTHS = 6
# A service record not reviewed for this long is overdue (as the public directory's "may be out of date").
REVIEW_OVERDUE_DAYS = 183


@dataclass(frozen=True)
class Item:
    """One thing that needs attention: what, why, and where its detail is."""

    kind: str
    title: str
    detail: str
    href: str


def falling(values: list[float], *, higher_is_better: bool, quarters: int = 2) -> bool:
    """True when the last `quarters` changes were each for the worse."""
    if len(values) < quarters + 1 or any(pd.isna(v) for v in values[-(quarters + 1) :]):
        return False
    tail = values[-(quarters + 1) :]
    steps = [b - a for a, b in itertools.pairwise(tail)]
    return all(s < 0 for s in steps) if higher_is_better else all(s > 0 for s in steps)


def kpi_items(kpis: pd.DataFrame, programmes: pd.DataFrame, *, quarter: str | None) -> list[Item]:
    """KPIs off track in their latest quarter (up to `quarter`), then KPIs that fell two quarters running."""
    names = dict(zip(programmes["programme_id"], programmes["name"]))
    off, fell = [], []
    for kpi_id, rows in kpis.sort_values("quarter").groupby("kpi_id", sort=True):
        rows = rows[rows["quarter"] <= quarter] if quarter else rows
        rows = rows[rows["value"].notna()]
        if rows.empty:
            continue
        last = rows.iloc[-1]
        href = f"/kpis/trajectories?programme={last['programme_id']}#kpi-{kpi_id}"
        where = f"{names.get(last['programme_id'], last['programme_id'])}, {last['quarter']}"
        if last["rag_rating"] == "red":
            off.append(
                Item(
                    "kpi_off_track",
                    f"{last['name']}: off track",
                    f"{where}: {formats.measure(last['value'], unit=last['unit'])} against a target of "
                    f"{formats.measure(last['target'], unit=last['unit'])}",
                    href,
                )
            )
        if falling(list(rows["value"]), higher_is_better=last["direction"] == "higher_is_better"):
            recent = ", ".join(formats.measure(v, unit=last["unit"]) for v in rows["value"].iloc[-3:])
            fell.append(Item("kpi_falling", f"{last['name']}: worse two quarters running", f"{where}: {recent}", href))
    return off + fell


def spend_items(
    position: pd.DataFrame, programmes: pd.DataFrame, *, threshold_pct: float = SPEND_VARIANCE_PCT
) -> list[Item]:
    """Programmes whose spend to date is more than `threshold_pct` over or under profile, largest first."""
    names = dict(zip(programmes["programme_id"], programmes["name"]))
    off = position[position["variance_pct"].abs() > threshold_pct].copy()
    off = off.reindex(off["variance_pct"].abs().sort_values(ascending=False).index)
    items = []
    for _, r in off.iterrows():
        way = "over" if r["variance_pct"] > 0 else "under"
        forecast = (
            ""
            if pd.isna(r["forecast_outturn_gbp"])
            else f"; forecast outturn {formats.money(r['forecast_outturn_gbp'])} against a budget of "
            f"{formats.money(r['budget_gbp'])}"
        )
        items.append(
            Item(
                "spend_off_profile",
                f"{names.get(r['programme_id'], r['programme_id'])}: {formats.percent(abs(r['variance_pct']))} {way} "
                "profile",
                f"{r['financial_year']}: {formats.money(r['spend_to_date_gbp'])} spent against "
                f"{formats.money(r['profile_to_date_gbp'])} profiled to date "
                f"({formats.money(r['variance_gbp'], sign=True)}){forecast}",
                f"/internal/spend-profile?programme={r['programme_id']}&year={r['financial_year']}",
            )
        )
    return items


def return_items(returns: pd.DataFrame, providers: pd.DataFrame, kpis: pd.DataFrame) -> list[Item]:
    """Late or missing KPI returns (of the quarter given to the query), missing first."""
    names = dict(zip(providers["provider_id"], providers["name"]))
    kpi_names = dict(zip(kpis["kpi_id"], kpis["name"]))
    bad = returns[returns["status"].isin(["missing", "late"])].sort_values(
        ["status", "days_late"], ascending=[False, False], na_position="first"
    )
    return [
        Item(
            f"return_{r['status']}",
            f"{names.get(r['provider_id'], r['provider_id'])}: return {r['status']}",
            f"{kpi_names.get(r['kpi_id'], r['kpi_id'])}, {r['quarter']}: "
            + (
                "none received"
                if r["status"] == "missing"
                else f"received {str(r['submitted_date'])[:10]}, {int(r['days_late'])} days late"
            ),
            f"/internal/providers?programme={r['programme_id']}",
        )
        for _, r in bad.iterrows()
    ]


# Each service rule: (kind, what it flags, a function of (services, rounds, today) -> boolean Series).
# The register's columns (ratings, review dates, contract ends) are what these rules read: a new rule is one line here.
def _off_track(services: pd.DataFrame, _rounds: pd.DataFrame, _today: dt.date) -> pd.Series:
    return services["rag_rating"] == "red"


def _review_overdue(services: pd.DataFrame, _rounds: pd.DataFrame, today: dt.date) -> pd.Series:
    return (pd.Timestamp(today) - pd.to_datetime(services["last_reviewed"])).dt.days > REVIEW_OVERDUE_DAYS


def _ending_without_round(services: pd.DataFrame, rounds: pd.DataFrame, today: dt.date) -> pd.Series:
    ends = pd.to_datetime(services["contract_end"])
    horizon = pd.Timestamp(today) + pd.DateOffset(months=CONTRACT_HORIZON_MONTHS)
    opens, closes = pd.to_datetime(rounds["opens"]), pd.to_datetime(rounds["closes"])
    open_areas = set(rounds.loc[(opens <= pd.Timestamp(today)) & (closes >= pd.Timestamp(today)), "service_area"])
    return (ends >= pd.Timestamp(today)) & (ends <= horizon) & ~services["service_area"].isin(open_areas)


SERVICE_RULES = (
    ("service_off_track", "off track", _off_track),
    ("service_review_overdue", "overdue for review", _review_overdue),
    (
        "contract_ending",
        f"contract ends within {CONTRACT_HORIZON_MONTHS} months and no funding round is open for its service area",
        _ending_without_round,
    ),
)


def _service_detail(kind: str, r: pd.Series) -> str:
    if kind == "service_off_track":
        return (
            f"{r['performance_measure']}: {formats.measure(r['performance_value'])} against "
            f"{formats.measure(r['performance_target'])}"
        )
    if kind == "service_review_overdue":
        return f"last reviewed {str(r['last_reviewed'])[:10]}"
    return f"contract ends {str(r['contract_end'])[:10]} ({r['service_area']})"


def service_items(services: pd.DataFrame, rounds: pd.DataFrame, *, today: dt.date) -> list[Item]:
    items = []
    for kind, what, rule in SERVICE_RULES:
        for _, r in services[rule(services, rounds, today).to_numpy()].iterrows():
            detail = _service_detail(kind, r)
            items.append(
                Item(
                    kind,
                    f"{r['name']}: {what}",
                    f"{r['provider_name']}: {detail}",
                    "/services?" + urlencode({"q": r["name"]}),
                )
            )
    return items


def hidden_cell_items(hidden: pd.DataFrame, programmes: pd.DataFrame) -> list[Item]:
    names = dict(zip(programmes["programme_id"], programmes["name"])) | {"all": "All programmes"}
    items = []
    for _, r in hidden.iterrows():
        dims = ", ".join(
            f"{d.replace('_', ' ')} {r[d]}" for d in ("borough", "age_band", "gender", "ethnicity") if r[d] != "all"
        )
        query = (
            f"programme={r['programme']}&period={r['period']}" if r["programme"] != "all" else f"period={r['period']}"
        )
        items.append(
            Item(
                "hidden_cell",
                f"{r['measure'].capitalize()}, {names.get(r['programme'], r['programme'])}, {r['period']}: "
                f"{int(r['value']):,}",
                f"{dims or 'total'}; shown to the public as [c] ({r['suppression']} suppression)",
                f"/reach?{query}",
            )
        )
    return items


# ------------------------------------------------------------------ providers compared
def cost_per(spend: pd.Series, counts: pd.Series) -> list[float | None]:
    """Spend over a count, row by row; none where the count is nought or the spend unknown."""
    return [s / n if n and pd.notna(s) else None for s, n in zip(spend, counts)]


def provider_comparison(summary: pd.DataFrame, returns: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """One row per provider of a programme (one financial year): counts, rates, costs and
    returns on time, from the true figures."""
    names = dict(zip(providers["provider_id"], providers["name"]))
    f = summary.copy()
    f["provider"] = f["provider_id"].map(lambda p: names.get(p, p))
    # Of the referrals that ended in the year (completed or withdrawn), the share completed; none
    # where the release has no leavers (made before them) or nobody left.
    f["completion_rate"] = [100 * c / n if pd.notna(n) and n else None for c, n in zip(f["completions"], f["leavers"])]
    f["cost_per_participant_gbp"] = cost_per(f["spend_gbp"], f["participants"])
    f["cost_per_completion_gbp"] = cost_per(f["spend_gbp"], f["completions"])
    due = returns.groupby("provider_id").size()
    on_time = returns[returns["status"] == "on time"].groupby("provider_id").size()
    f["returns_due"] = f["provider_id"].map(due).fillna(0).astype(int)
    f["returns_on_time"] = f["provider_id"].map(on_time).fillna(0).astype(int)
    return f.sort_values("provider").reset_index(drop=True)


AVERAGED = (
    "referrals",
    "participants",
    "completions",
    "completion_rate",
    "spend_gbp",
    "cost_per_participant_gbp",
    "cost_per_completion_gbp",
)


def programme_average(compared: pd.DataFrame) -> dict[str, float | None]:
    """The mean over the programme's providers of each figure (a provider without a figure is left out)."""
    return {c: (float(compared[c].dropna().mean()) if compared[c].notna().any() else None) for c in AVERAGED}
