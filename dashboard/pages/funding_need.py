"""Funding against need: LCPF allocation per head and need per borough, inner against outer London."""
from __future__ import annotations

from dashboard.sections import funding_need

funding_need.PAGE.register_page(__name__)
