"""Audit: an attacker with linear programming tries to pin down every suppressed cell.

The attacker knows everything published for a measure:
- each published count v is the true count rounded to the nearest 5, so the true
  count lies in [v - 2, v + 2] (and in [10, 12] when v is 10, since 1 to 9 are
  suppressed); a published 0 is exactly 0;
- a suppressed cell is at least 1 (zeros are always published), and nothing more
  is known of it a priori: the attacker cannot tell a cell suppressed for being
  small (1 to 9) from one suppressed to protect another (secondary suppression);
- the linear relations between cells: every breakdown of a cell adds up to its
  total; for referrals and completions the programmes add up to the London-wide
  cell and the quarters to their year; for distinct participants, who may appear
  in several programmes or quarters, the London-wide or yearly cell is at most the
  sum of its parts and at least each part's total.

For each primary cell it solves two linear programmes (minimise, then maximise
the cell) with the HiGHS solver, re-using the previous basis, and reports the
tightest interval it can prove. A cell pinned to an interval narrower than
MIN_INTERVAL_WIDTH fails the audit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd
from scipy import sparse

from etl.aggregate import ADDITIVE_MEASURES, ALL, BREAKDOWNS

# The disclosure rules suppress counts 1 to 9, an interval 8 wide; an attacker who
# can narrow one to fewer than 5 values has learned most of what suppression hid.
MIN_INTERVAL_WIDTH = 5
# Stand-in for "no upper bound" on a suppressed cell.
UNBOUNDED = 1e9
# Most rounds of "all unsettled cells down, then up" before solving cell by cell.
AGGREGATE_ROUNDS = 8
# The solver's answers are floating point; widths within this of the limit count as the limit.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Relation:
    total: int  # row position in the measure's frame
    parts: tuple[int, ...]
    exact: bool  # True: total == sum(parts); False: total <= sum(parts) and each part <= total
    parts_bounded_by_total: bool = False


@dataclass
class AuditResult:
    cells_checked: int = 0
    exposed: list[int] = field(default_factory=list)  # cube row labels of primary cells pinned too tightly
    # For each exposed cell, where secondary suppression looks for a cell to hide
    # (cube row labels): first the cells sharing a relation with it, then the cells
    # sharing a relation with those of them that are suppressed.
    related: dict[int, list[list[int]]] = field(default_factory=dict)
    min_width: float | None = None
    seconds: float = 0.0
    intervals: dict[int, tuple[float, float]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.exposed

    def summary(self) -> dict[str, object]:
        return {
            "passed": self.passed,
            "cells_checked": self.cells_checked,
            "cells_exposed": len(self.exposed),
            "narrowest_interval": self.min_width,
            "required_width": MIN_INTERVAL_WIDTH,
            "seconds": round(self.seconds, 2),
        }


def _signature(frame: pd.DataFrame) -> pd.Series:
    sig = frame[BREAKDOWNS[0]].astype(str)
    for dim in BREAKDOWNS[1:]:
        sig = sig + "|" + frame[dim].astype(str)
    return sig


def relations(cells: pd.DataFrame, *, additive: bool) -> list[Relation]:
    """The linear relations an attacker can write between the cells of one measure.

    `cells` holds one measure, with columns programme, period and the breakdowns,
    and a RangeIndex (positions are used as variable numbers).
    """
    out: list[Relation] = []
    sig = _signature(cells)
    is_total = (cells[list(BREAKDOWNS)] == ALL).all(axis=1)
    # 1. Each breakdown of a (programme, period) adds up to its total.
    totals = cells[is_total]
    total_pos = {(p, q): i for i, p, q in zip(totals.index, totals["programme"], totals["period"])}
    for dim in BREAKDOWNS:
        others = [d for d in BREAKDOWNS if d != dim]
        parts = cells[(cells[dim] != ALL) & (cells[others] == ALL).all(axis=1)]
        for (p, q), group in parts.groupby(["programme", "period"], sort=False):
            out.append(Relation(total_pos[(p, q)], tuple(group.index), exact=True))
    # 2. Programmes add up to the London-wide cell (exactly for events; at most for people).
    keyed = cells.assign(sig=sig)
    london = keyed[keyed["programme"] == ALL].set_index(["period", "sig"]).index
    london_pos = dict(zip(london, keyed.index[keyed["programme"] == ALL]))
    for (q, s), group in keyed[keyed["programme"] != ALL].groupby(["period", "sig"], sort=False):
        if (q, s) in london_pos:
            out.append(
                Relation(
                    london_pos[(q, s)],
                    tuple(group.index),
                    exact=additive,
                    parts_bounded_by_total=not additive and s == _ALL_SIG,
                )
            )
    # 3. Quarters add up to their financial year.
    quarterly = keyed[keyed["period"].str.contains(" Q")]
    yearly = keyed[~keyed["period"].str.contains(" Q")]
    year_pos = dict(zip(zip(yearly["programme"], yearly["period"], yearly["sig"]), yearly.index))
    fy = quarterly["period"].str.split(" ").str[0]
    for (p, y, s), group in quarterly.assign(fy=fy).groupby(["programme", "fy", "sig"], sort=False):
        if (p, y, s) in year_pos:
            out.append(
                Relation(
                    year_pos[(p, y, s)],
                    tuple(group.index),
                    exact=additive,
                    parts_bounded_by_total=not additive and s == _ALL_SIG,
                )
            )
    return out


_ALL_SIG = "|".join([ALL] * len(BREAKDOWNS))


def _bounds(published: pd.Series, suppressed: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    v = published.fillna(0).to_numpy(dtype=float)
    lower = np.where(v == 0, 0.0, np.maximum(v - 2, 10.0))
    upper = np.where(v == 0, 0.0, v + 2)
    sup = suppressed.to_numpy()
    return np.where(sup, 1.0, lower), np.where(sup, UNBOUNDED, upper)


def _matrix(n: int, rels: list[Relation]) -> tuple[sparse.csc_matrix, np.ndarray, np.ndarray]:
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0
    for rel in rels:
        # sum(parts) - total, = 0 when exact, >= 0 when the total is at most the sum.
        rows += [r] * (len(rel.parts) + 1)
        cols += [*list(rel.parts), rel.total]
        vals += [1.0] * len(rel.parts) + [-1.0]
        lo.append(0.0)
        hi.append(0.0 if rel.exact else highspy.kHighsInf)
        r += 1
        if rel.parts_bounded_by_total:
            for part in rel.parts:  # total - part >= 0
                rows += [r, r]
                cols += [rel.total, part]
                vals += [1.0, -1.0]
                lo.append(0.0)
                hi.append(highspy.kHighsInf)
                r += 1
    a = sparse.csc_matrix((vals, (rows, cols)), shape=(r, n))
    return a, np.asarray(lo), np.asarray(hi)


def _solver(
    lower: np.ndarray, upper: np.ndarray, a: sparse.csc_matrix, row_lo: np.ndarray, row_hi: np.ndarray
) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    lp = highspy.HighsLp()
    lp.num_col_ = a.shape[1]
    lp.num_row_ = a.shape[0]
    lp.col_cost_ = np.zeros(a.shape[1])
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    lp.row_lower_ = row_lo
    lp.row_upper_ = row_hi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    h.passModel(lp)
    return h


def _related(
    rels: list[Relation], *, exposed: list[int], suppressed: np.ndarray, labels: np.ndarray
) -> dict[int, list[list[int]]]:
    neighbours: dict[int, set[int]] = {}
    for rel in rels:
        members = (rel.total, *rel.parts)
        for m in members:
            neighbours.setdefault(m, set()).update(members)
    out = {}
    for col in exposed:
        first = neighbours.get(col, set()) - {col}
        second = set().union(*(neighbours.get(m, set()) for m in first if suppressed[m])) - first - {col}
        out[int(labels[col])] = [[int(labels[m]) for m in sorted(first)], [int(labels[m]) for m in sorted(second)]]
    return out


def _solve(h: highspy.Highs, costs: dict[int, float]) -> np.ndarray:
    """Minimise sum(cost * x) from the previous basis; return the optimal point."""
    cols = np.fromiter(costs.keys(), dtype=np.int32)
    h.changeColsCost(len(cols), cols, np.fromiter(costs.values(), dtype=float))
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        # The true counts satisfy every constraint, so this is a bug, not bad data.
        raise RuntimeError(f"audit LP not solved: {h.modelStatusToString(status)}")
    x = np.asarray(h.getSolution().col_value)
    h.changeColsCost(len(cols), cols, np.zeros(len(cols)))
    return x


def audit_measure(
    cells: pd.DataFrame, *, additive: bool, check: pd.Index | None = None, rels: list[Relation] | None = None
) -> AuditResult:
    """Audit one measure. `cells` needs columns programme, period, breakdowns,
    `value` (true count), `published` (rounded value or NaN), `suppressed` and
    `primary` (bools).

    Every optimal point the solver returns is a set of counts consistent with all
    that is published, so a cell whose values across the points found so far
    already span MIN_INTERVAL_WIDTH is safe without solving for it. Two solves
    that push all target cells down and up together settle most cells; the rest
    get their own minimum and maximum.
    """
    started = time.perf_counter()
    frame = cells.reset_index(drop=False)
    labels = frame["index"].to_numpy()
    lower, upper = _bounds(frame["published"], frame["suppressed"])
    rels = rels if rels is not None else relations(frame, additive=additive)
    a, row_lo, row_hi = _matrix(len(frame), rels)
    h = _solver(lower, upper, a, row_lo, row_hi)
    result = AuditResult()
    targets = np.flatnonzero(frame["primary"].to_numpy())
    if check is not None:
        targets = targets[np.isin(labels[targets], np.asarray(check))]
    # The true counts are one consistent point.
    seen_lo = frame["value"].to_numpy(dtype=float).copy()
    seen_hi = seen_lo.copy()

    def witness(x: np.ndarray) -> None:
        np.minimum(seen_lo, x, out=seen_lo)
        np.maximum(seen_hi, x, out=seen_hi)

    def settled(col: int) -> bool:
        return bool(seen_hi[col] - seen_lo[col] >= MIN_INTERVAL_WIDTH - TOLERANCE)

    # Push all unsettled cells down together, then up, while that settles many at a time.
    open_cols = [int(c) for c in targets]
    for _ in range(AGGREGATE_ROUNDS):
        if not open_cols:
            break
        before = len(open_cols)
        witness(_solve(h, dict.fromkeys(open_cols, 1.0)))
        witness(_solve(h, dict.fromkeys(open_cols, -1.0)))
        open_cols = [c for c in open_cols if not settled(c)]
        if before - len(open_cols) < max(5, 0.05 * before):
            break
    for col in map(int, targets):
        if not settled(col):
            witness(_solve(h, {col: 1.0}))
        if not settled(col):
            witness(_solve(h, {col: -1.0}))
        lo, hi = seen_lo[col], seen_hi[col]
        result.intervals[int(labels[col])] = (float(lo), float(hi))
        if hi - lo < MIN_INTERVAL_WIDTH - TOLERANCE:
            result.exposed.append(int(labels[col]))
    if result.exposed:
        result.related = _related(
            rels,
            exposed=[int(c) for c in targets if int(labels[c]) in set(result.exposed)],
            suppressed=frame["suppressed"].to_numpy(),
            labels=labels,
        )
    result.cells_checked = len(targets)
    widths = [hi - lo for lo, hi in result.intervals.values()]
    result.min_width = round(float(min(widths)), 3) if widths else None
    result.seconds = time.perf_counter() - started
    return result


def relations_by_measure(cube: pd.DataFrame) -> dict[str, list[Relation]]:
    """The relations of every measure; they depend only on which cells are published,
    so protection computes them once for all its rounds of audit."""
    return {
        str(measure): relations(cells.reset_index(drop=True), additive=measure in ADDITIVE_MEASURES)
        for measure, cells in cube.groupby("measure", sort=False)
    }


def audit(
    protected: pd.DataFrame, *, check: pd.Index | None = None, structure: dict[str, list[Relation]] | None = None
) -> AuditResult:
    """Audit every measure of a protected cube (see etl.disclosure.protect)."""
    total = AuditResult()
    widths = []
    for measure, cells in protected.groupby("measure", sort=False):
        rels = structure[str(measure)] if structure else None
        r = audit_measure(cells, additive=measure in ADDITIVE_MEASURES, check=check, rels=rels)
        total.cells_checked += r.cells_checked
        total.exposed += r.exposed
        total.related.update(r.related)
        total.intervals.update(r.intervals)
        total.seconds += r.seconds
        if r.min_width is not None:
            widths.append(r.min_width)
    total.min_width = min(widths) if widths else None
    return total
