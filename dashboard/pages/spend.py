"""Spend and value for money: budget against actual, cost per participant, benefit-cost ratio, spend by borough."""
from __future__ import annotations

from dashboard.sections import spend

spend.PAGE.register_page(__name__)
