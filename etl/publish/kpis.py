"""The programmes' KPIs as published: values against targets, their red/amber/green rating and the rule
behind it, with counts outside the audited cube protected here (true figures for the internal database).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl.disclosure import PUBLISHED, SUPPRESSED, Rules, primary_suppression, round_to_base


def protect_count(values: pd.Series, *, rules: Rules = Rules()) -> tuple[pd.Series, pd.Series]:
    """Protect counts that are not part of the audited cube (KPI numerators, for example)."""
    v = values.astype("Int64")
    suppressed = primary_suppression(v.fillna(0), rules=rules) & v.notna()
    rounded = pd.Series(round_to_base(v.fillna(0), rules.round_to), index=v.index).astype("Int64").where(v.notna())
    return rounded.where(~suppressed), suppressed


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
