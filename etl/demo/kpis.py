"""Synthetic KPI definitions and providers' quarterly returns, with the faults real monitoring has
(late and missing returns) and what the internal "needs attention" page must always show."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etl import periods
from etl.demo.calendar import running_quarters
from etl.demo.calibration.needs_attention import LATE_RETURN_DAYS, LATE_RETURN_KPI, MISSING_RETURN_KPI, OFF_TRACK_KPI
from etl.demo.calibration.programmes import PROGRAMMES


def kpis(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    defs, measurements = [], []
    for prog in PROGRAMMES:
        for kpi in prog.kpis:
            defs.append(
                {
                    "kpi_id": kpi.kpi_id,
                    "programme_id": prog.programme_id,
                    "name": kpi.name,
                    "unit": kpi.unit,
                    "direction": kpi.direction,
                    "target": kpi.target,
                    "amber_tolerance": kpi.amber_tolerance,
                    "is_headline": str(kpi.is_headline).lower(),
                }
            )
            quarters = running_quarters(prog)
            trend = np.linspace(0.94, 1.04, len(quarters))  # programmes improve as they bed in
            for j, q in enumerate(quarters):
                level = kpi.target * kpi.performance * trend[j] * rng.normal(1, 0.04)
                numerator = denominator = None
                if kpi.unit == "percent":
                    # A quarter's cohort; small cohorts in small programmes need suppression.
                    denominator = int(max(3, rng.normal(prog.weight * 1500, prog.weight * 300)))
                    numerator = round(min(100.0, level) / 100 * denominator)
                    value = round(100 * numerator / denominator, 1)
                elif kpi.unit == "count":
                    value = float(max(0, round(level)))
                else:
                    denominator = int(max(5, rng.normal(prog.weight * 1200, 40)))
                    value = round(level, 2)
                submitted = pd.Timestamp(periods.quarter_bounds(q)[1]) + pd.Timedelta(days=int(rng.integers(5, 29)))
                measurements.append(
                    {
                        "kpi_id": kpi.kpi_id,
                        "quarter": q,
                        "value": value,
                        "numerator": numerator,
                        "denominator": denominator,
                        "provider_id": prog.providers[0],
                        "submitted_date": submitted,
                    }
                )
    m = pd.DataFrame(measurements)
    # Faulty provider returns, as in real quarterly monitoring: three late returns and one missing quarter.
    late = rng.choice(len(m), size=3, replace=False)
    m.loc[late, "submitted_date"] = m.loc[late, "submitted_date"] + pd.to_timedelta(rng.integers(25, 70, 3), unit="D")
    m = m.drop(index=m.index[len(m) // 2]).reset_index(drop=True)
    m = _needs_attention(m)
    for col in ("numerator", "denominator"):
        m[col] = m[col].astype("Int64")
    return pd.DataFrame(defs), m


def _needs_attention(m: pd.DataFrame) -> pd.DataFrame:
    kpis = {k.kpi_id: k for p in PROGRAMMES for k in p.kpis}
    last = periods.quarters()[-1]
    off = kpis[OFF_TRACK_KPI]
    rows = m.index[m["kpi_id"] == OFF_TRACK_KPI][-3:]
    # From at risk to off track: below the amber line, lower in each of the last two quarters.
    for row, level in zip(rows, (1.02, 0.97, 0.9)):
        value = off.target * (1 - off.amber_tolerance) * level
        denominator = m.at[row, "denominator"]
        m.at[row, "numerator"] = round(value / 100 * denominator)
        m.at[row, "value"] = round(100 * m.at[row, "numerator"] / denominator, 1)
    late = m.index[(m["kpi_id"] == LATE_RETURN_KPI) & (m["quarter"] == last)]
    m.loc[late, "submitted_date"] = pd.Timestamp(periods.quarter_bounds(last)[1]) + pd.Timedelta(days=LATE_RETURN_DAYS)
    return m.drop(index=m.index[(m["kpi_id"] == MISSING_RETURN_KPI) & (m["quarter"] == last)]).reset_index(drop=True)
