"""Six-monthly review periods (etl/halves.py): halves of the financial year, named, bounded and ordered."""

from __future__ import annotations

import datetime as dt

from etl import halves


def test_halves_are_named_bounded_and_ordered():
    """Given the half-year names, then H1 is April to September, H2 October to March, and names sort in time order."""
    assert halves.bounds("2025-26 H1") == (dt.date(2025, 4, 1), dt.date(2025, 9, 30))
    assert halves.bounds("2025-26 H2") == (dt.date(2025, 10, 1), dt.date(2026, 3, 31))
    assert halves.previous("2025-26 H1") == "2024-25 H2" and halves.previous("2025-26 H2") == "2025-26 H1"
    assert halves.half_years() == sorted(halves.half_years()) and halves.half_years()[0] == "2021-22 H1"
