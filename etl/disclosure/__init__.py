"""Disclosure control: turn true counts into publishable ones.

Rules (defaults; each is on the methodology page, docs/methodology.md):
1. A count from 1 to 9 is suppressed (primary suppression) and shown as [c].
   Zero stays zero: every published table is a one-way breakdown of a programme's
   totals, so a zero cannot reveal a characteristic of a whole group.
2. Every other count is rounded to the nearest 5. Totals are counted from the
   records and rounded on their own, never summed from rounded cells.
3. The audit (etl.disclosure.audit) then tries to pin each suppressed cell down with linear
   programming. Where it can (interval narrower than 5), the smallest published
   non-zero cell that shares a relation with the exposed cell is suppressed too
   (secondary suppression), and the audit runs again on the exposed cells.
4. Rates and percentages are computed later from these protected counts only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.aggregate import ALL, BREAKDOWNS
from etl.disclosure import audit as audit_module
from etl.errors import AuditFailed

# Counts of 1 to 9 people are too few to publish: the GSS-wide convention for
# counts of individuals in small areas, and the VRU's data-sharing agreements.
SUPPRESS_BELOW = 10
# Rounding base: with the threshold above, stops differencing between tables.
ROUND_TO = 5
# Rounds of secondary suppression before giving up and failing the release.
MAX_SECONDARY_ROUNDS = 25
SUPPRESSED = "c"  # GSS shorthand for confidential; shown as [c]
PUBLISHED = ""


@dataclass(frozen=True)
class Rules:
    suppress_below: int = SUPPRESS_BELOW
    round_to: int = ROUND_TO
    min_interval_width: int = audit_module.MIN_INTERVAL_WIDTH

    def describe(self) -> dict[str, str]:
        return {
            "primary_suppression": f"counts 1 to {self.suppress_below - 1} shown as [c]",
            "rounding": f"other counts rounded to the nearest {self.round_to}; totals rounded from unrounded data",
            "audit": "linear-programming attacker; every suppressed cell must keep an interval at least "
            f"{self.min_interval_width} wide",
            "secondary_suppression": "smallest published non-zero cell sharing a relation with an exposed cell (or, "
            "failing that, with a suppressed cell that does)",
            "rates": "computed from protected counts; suppressed when a count they use is suppressed",
        }


def round_to_base(values: pd.Series | np.ndarray, base: int = ROUND_TO) -> np.ndarray:
    """Round non-negative integers to the nearest multiple of `base` (half up, though integers never tie for base 5)."""
    v = np.asarray(values, dtype=np.int64)
    return base * ((v + base // 2) // base)


def primary_suppression(values: pd.Series, *, rules: Rules = Rules()) -> pd.Series:
    return (values >= 1) & (values < rules.suppress_below)


def _secondary_candidate(cells: pd.DataFrame, related: list[list[int]]) -> int | None:
    """The smallest published non-zero cell among the cells related to an exposed one,
    nearest relations first, preferring breakdown cells to totals."""
    for ring in related:
        pool = cells.loc[ring]
        pool = pool[~pool["suppressed"] & (pool["value"] > 0)]
        not_total = pool[(pool[list(BREAKDOWNS)] != ALL).any(axis=1)]
        pool = not_total if len(not_total) else pool
        if len(pool):
            return int(pool.index[int(pool["value"].argmin())])  # the label of its (first) smallest value
    return None


def protect(
    cube: pd.DataFrame, *, rules: Rules = Rules(), progress: Callable[[str], None] | None = None
) -> tuple[pd.DataFrame, audit_module.AuditResult]:
    """Protect a cube of true counts; return (protected cube, final audit).

    The protected cube adds: published (rounded count, or NaN when suppressed),
    status ('c' or ''), suppressed, primary, secondary.
    """
    cells = cube.copy()
    cells["primary"] = primary_suppression(cells["value"], rules=rules)
    cells["secondary"] = False
    cells["suppressed"] = cells["primary"]
    cells["published"] = pd.Series(round_to_base(cells["value"], rules.round_to), index=cells.index).where(
        ~cells["suppressed"]
    )
    structure = audit_module.relations_by_measure(cells)
    result = audit_module.audit(cells, structure=structure)
    intervals = dict(result.intervals)
    seconds = result.seconds
    for _ in range(MAX_SECONDARY_ROUNDS):
        if result.passed:
            break
        for label in result.exposed:
            candidate = _secondary_candidate(cells, result.related.get(label, []))
            if candidate is not None:
                cells.loc[candidate, ["suppressed", "secondary"]] = True
                cells.loc[candidate, "published"] = np.nan
        result = audit_module.audit(cells, check=pd.Index(result.exposed), structure=structure)
        seconds += result.seconds
        intervals.update(result.intervals)
        if progress:
            progress(
                f"secondary suppression: {int(cells['secondary'].sum())} cells, {len(result.exposed)} still exposed"
            )
    if not result.passed:
        raise AuditFailed(
            f"{len(result.exposed)} suppressed cell(s) can still be pinned to an interval narrower than "
            f"{rules.min_interval_width}; the release was not loaded"
        )
    # Each primary cell's interval from the last audit that checked it.
    widths = [hi - lo for lo, hi in intervals.values()]
    final = audit_module.AuditResult(
        cells_checked=len(intervals),
        min_width=round(float(min(widths)), 3) if widths else None,
        seconds=seconds,
        intervals=intervals,
    )
    cells["status"] = np.where(cells["suppressed"], SUPPRESSED, PUBLISHED)
    return cells, final
