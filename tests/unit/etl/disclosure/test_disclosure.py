"""Disclosure rules: primary suppression, rounding, and protection that passes the audit."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.aggregate import ALL
from etl.disclosure import SUPPRESSED, primary_suppression, protect, round_to_base


@given(st.integers(min_value=0, max_value=10_000_000))
def test_rounding_gives_the_nearest_multiple_of_five(x):
    """Given any count, when rounded, then it is the multiple of 5 at most 2 away."""
    r = int(round_to_base([x])[0])
    assert r % 5 == 0
    assert abs(r - x) <= 2


@given(st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=50))
def test_primary_suppression_hides_exactly_one_to_nine(values):
    """Given counts, when suppressed, then exactly those from 1 to 9 are hidden and zero stays."""
    s = pd.Series(values)
    hidden = primary_suppression(s)
    assert list(hidden) == [1 <= v <= 9 for v in values]


def _slice(values_by_gender: dict[str, int], *, programme="p1", period="2023-24", measure="referrals") -> list[dict]:
    rows = [
        {
            "measure": measure,
            "programme": programme,
            "period": period,
            "borough": ALL,
            "age_band": ALL,
            "gender": ALL,
            "ethnicity": ALL,
            "value": sum(values_by_gender.values()),
        }
    ]
    for g, v in values_by_gender.items():
        rows.append(
            {
                "measure": measure,
                "programme": programme,
                "period": period,
                "borough": ALL,
                "age_band": ALL,
                "gender": g,
                "ethnicity": ALL,
                "value": v,
            }
        )
    return rows


def _cube(rows) -> pd.DataFrame:
    return pd.DataFrame(rows)


def test_a_lone_small_cell_next_to_exact_zeros_is_protected_by_secondary_suppression():
    """Given a total of 12 split 3 / 9 / 0, when protected, then the audit forces extra
    suppression or wide intervals: every suppressed primary cell keeps an interval of at least 5."""
    cube = _cube(_slice({"Female": 3, "Male": 9, "Other or not stated": 0}))
    cells, result = protect(cube)
    assert result.passed
    primaries = cells[cells["primary"]]
    assert len(primaries) == 2
    for label in primaries.index:
        lo, hi = result.intervals[label]
        assert hi - lo >= 5


def test_one_small_cell_pinned_by_a_published_total_and_sibling_gets_a_secondary():
    """Given Female 2 and Male 48 under a total of 50 with no other category, when protected,
    then Female alone would be pinned to [0,4] by the rounding slack, so a second cell is suppressed."""
    cube = _cube(_slice({"Female": 2, "Male": 48}))
    cells, result = protect(cube)
    assert result.passed
    assert cells["secondary"].sum() >= 1
    assert (cells.loc[cells["suppressed"], "published"].isna()).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=6),
    st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=6),
)
def test_protected_tables_always_pass_the_audit_and_publish_only_safe_values(a, b):
    """Given two programmes' breakdowns and their London-wide sum, when protected, then
    no published value is 1 to 9, all are multiples of 5, and every primary cell's interval is at least 5 wide."""
    n = max(len(a), len(b))
    a, b = a + [0] * (n - len(a)), b + [0] * (n - len(b))
    cats = [f"g{i}" for i in range(n)]
    rows = []
    for prog, vals in (("p1", a), ("p2", b), (ALL, [x + y for x, y in zip(a, b)])):
        rows += _slice(dict(zip(cats, vals)), programme=prog)
    cells, result = protect(_cube(rows))
    published = cells.loc[~cells["suppressed"], "published"]
    assert not ((published >= 1) & (published <= 9)).any()
    assert (published % 5 == 0).all()
    assert (cells.loc[cells["suppressed"], "status"] == SUPPRESSED).all()
    assert result.passed
    for label in cells.index[cells["primary"]]:
        lo, hi = result.intervals[label]
        assert hi - lo >= 5 - 1e-6
        true = cells.loc[label, "value"]
        assert lo - 1e-6 <= true <= hi + 1e-6  # the attacker's interval contains the truth


def test_totals_are_rounded_from_unrounded_data_not_summed():
    """Given parts 12 and 13 (rounded 10 and 15), when protected, then the total 25 is published as 25,
    not the sum of the rounded parts."""
    cells, _ = protect(_cube(_slice({"Female": 12, "Male": 13})))
    total = cells[(cells["gender"] == ALL)].iloc[0]
    assert total["published"] == 25
    assert np.isclose(cells.loc[cells["gender"] == "Female", "published"].iloc[0], 10)
