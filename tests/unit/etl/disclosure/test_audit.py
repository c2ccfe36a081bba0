"""The LP attacker: it finds what can be derived, and no more."""

from __future__ import annotations

import pandas as pd

from etl.aggregate import ALL
from etl.disclosure.audit import audit_measure, relations


def _cells(values, *, suppressed, primary=None):
    cats = [ALL] + [f"g{i}" for i in range(len(values) - 1)]
    frame = pd.DataFrame(
        {
            "programme": "p",
            "period": "2023-24",
            "borough": ALL,
            "age_band": ALL,
            "gender": cats,
            "ethnicity": ALL,
            "value": values,
        }
    )
    frame["suppressed"] = suppressed
    frame["primary"] = primary if primary is not None else suppressed
    frame["published"] = frame["value"].where(~frame["suppressed"])
    return frame


def test_relations_link_each_breakdown_to_its_total():
    """Given a total and three gender cells, when relations are derived, then one exact relation sums them."""
    rels = relations(_cells([30, 10, 15, 5], suppressed=[False] * 4), additive=True)
    assert len(rels) == 1
    assert rels[0].total == 0 and set(rels[0].parts) == {1, 2, 3} and rels[0].exact


def test_a_single_suppressed_cell_in_an_exact_unrounded_row_is_exposed():
    """Given published values that are exact (rounded values equal true values), a lone suppressed cell is
    derivable to within the rounding slack (+/-2 per published cell): with 2 published cells, width <= 8;
    with a total of 0 rounding slack, the attacker pins it."""
    frame = _cells([20, 15, 5], suppressed=[False, False, True])
    result = audit_measure(frame, additive=True)
    lo, hi = result.intervals[2]
    # total in [18,22], g0 in [13,17] -> g1 in [1, 9]: the rounding keeps it safe.
    assert (lo, hi) == (1.0, 9.0)
    assert result.passed


def test_a_suppressed_cell_pinned_by_zeros_fails_the_audit():
    """Given a total of 10 (true 10, so [10,12]) whose only other part is 10 published ([10,12]),
    the suppressed part lies in [1,2]: narrower than 5, so the audit fails and says which cell."""
    frame = _cells([10, 10, 1], suppressed=[False, False, True])
    frame.loc[0, "value"] = 11
    frame.loc[1, "value"] = 10
    result = audit_measure(frame, additive=True)
    assert not result.passed
    assert result.exposed == [2]
    lo, hi = result.intervals[2]
    assert hi - lo < 5
