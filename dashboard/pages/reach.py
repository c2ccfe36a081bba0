"""Reach: young people reached over time, and who they are (age, gender, ethnic group)."""
from __future__ import annotations

from dashboard.sections import reach

reach.PAGE.register_page(__name__)
