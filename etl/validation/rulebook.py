"""Every cross-file rule the validator runs, in order: the extracts' records (etl.validation.extract_rules), what
programmes report (etl.validation.reporting_rules), the services register (etl.validation.register_rules), then the
six-monthly reviews (etl.validation.review_rules).

A module of its own so that each rules module imports only the shared helpers (etl.validation.rule_support), never
another rules module.
"""

from __future__ import annotations

import datetime as dt

from etl.validation import extract_rules, register_rules, reporting_rules, review_rules
from etl.validation.findings import Finding
from etl.validation.rule_support import Frames, Rule

RULES: tuple[Rule, ...] = extract_rules.RULES + reporting_rules.RULES + register_rules.RULES + review_rules.RULES


def run_all(frames: Frames, *, as_of: dt.date) -> list[Finding]:
    """The findings of every rule on the typed frames (only those that passed their own schema)."""
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(frames, as_of=as_of))
    return found
